import { describe, expect, it } from 'vitest';
import { api, roomPoster } from '../support/http';
import { saveScreenshot } from '../support/browser';
import { createRoom, joinRoom } from '../support/server';
import { downloaded, waitForRanking, type RankedRow } from './board';
import { useBoardHarness } from './harness';

// A clean hand-out for management: the session summary lists the ranking with the cut line, the decisions with their
// notes and the rounds with their results; the ranking board exports as SVG and PNG with title, date and cut line.

describe('browser: the session summary and the ranking board export', () => {
  const board = useBoardHarness();

  it('lists ranking, cut line, notes and rounds; exports the ranking board as SVG and PNG', async () => {
    const room = await createRoom(board.ladder.url, 'PI 27.1 portfolio sync');
    const fay = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Fay Facilitator');
    const pia = await joinRoom(board.ladder.url, room.roomId, room.invites.product, 'Pia Product');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: fay.token, contentType: 'text/csv',
      body: 'title,team,theme,userBusinessValue,timeCriticality,riskReduction,jobSize\nCheckout,Payments,Growth,20,8,5,3\nSearch relevance,Discovery,Retention,8,5,3,5\nAudit log,Core,Compliance,3,2,1,8\n',
    });
    expect(imported.status, imported.text).toBe(200);
    const writer = await board.writer(room.roomId, fay.token);
    writer.doc.getMap('meta').set('capacity', 8);
    const page = (await board.join(room.links.facilitator, 'Fay Screen')).page;
    const rows = await waitForRanking(page, (r) => r.length === 3);
    const checkout = rows.find((r) => r.title === 'Checkout') as RankedRow;
    const search = rows.find((r) => r.title === 'Search relevance') as RankedRow;
    const call = roomPoster(board.ladder.url, room.roomId);
    await call('/notes', fay.token, { text: 'Regulator deadline in May', featureId: checkout.id });
    const roundId = (await call('/rounds', fay.token, { featureId: search.id, components: ['jobSize'] })).roundId as string;
    await call(`/rounds/${roundId}/votes`, pia.token, { values: { jobSize: 3 } });
    await call(`/rounds/${roundId}/reveal`, fay.token);
    await call(`/rounds/${roundId}/accept`, fay.token);

    await page.goto(`${board.ladder.url}/r/${room.roomId}?summary`);
    await page.locator('[data-summary]').waitFor({ timeout: 30_000 });
    await page.locator('[data-summary-row]').nth(2).waitFor({ timeout: 30_000 });
    const ranked = ((await api(board.ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: fay.token })).json as { features: { id: string }[] }).features.map((f) => f.id);
    expect(await page.locator('[data-summary-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-summary-row')))).toEqual(ranked);
    expect(await page.locator('h1').textContent()).toBe('PI 27.1 portfolio sync');
    expect(await page.locator('[data-summary-cut]').textContent()).toBe('cut line · 8 points');
    expect(await page.locator('[data-summary-note]').textContent()).toContain('Fay Facilitator on Checkout: Regulator deadline in May');
    expect(await page.locator(`[data-summary-round="${roundId}"]`).textContent()).toContain('Search relevance · 1 vote · accepted');
    expect(await page.locator(`[data-summary-round="${roundId}"]`).textContent()).toContain('Job size: consensus 3, spread 0, accepted 3');
    await saveScreenshot(page, 'summary-page');

    const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('[data-summary-svg]').click()]);
    const svgText = (await downloaded(svg)).toString('utf8');
    expect(svgText).toContain('PI 27.1 portfolio sync');
    expect(svgText).toContain('cut line · 8 points');
    for (const title of ['Checkout', 'Search relevance', 'Audit log']) expect(svgText).toContain(title);
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('[data-summary-png]').click()]);
    const pngBytes = await downloaded(png);
    expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(pngBytes.length).toBeGreaterThan(5000);
  }, 180_000);
});
