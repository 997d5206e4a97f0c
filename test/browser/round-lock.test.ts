import { describe, expect, it } from 'vitest';
import { api, roomPoster } from '../support/http';
import { saveScreenshot } from '../support/browser';
import { createRoom, joinRoom } from '../support/server';
import { downloaded, waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

// A blind round on a feature: a voter sees no value of the components it estimates — on the card, in the ranking row
// (nor the WSJF they make) — and cannot change them; after the accept the accepted values show.

describe('browser: a live round hides and locks what it estimates', () => {
  const board = useBoardHarness();

  it('a voter sees the round\'s components hidden on the card and in the ranking, then the accepted values', async () => {
    const room = await createRoom(board.ladder.url, 'PI 26.6 blind');
    const fay = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Fay Facilitator');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: fay.token, contentType: 'text/csv', body: 'title,userBusinessValue,timeCriticality,riskReduction,jobSize\nCheckout,8,5,3,2\n',
    });
    expect(imported.status, imported.text).toBe(200);
    const pia = await board.join(room.links.product, 'Pia Product');
    const [row] = await waitForRanking(pia.page, (r) => r.length === 1);
    const id = (row as { id: string }).id;
    const post = roomPoster(board.ladder.url, room.roomId);
    const call = (path: string, body?: unknown) => post(path, fay.token, body);
    const roundId = (await call('/rounds', { featureId: id, components: ['jobSize'] })).roundId as string;

    const card = (component: string) => pia.page.locator(`.card [data-estimate="${component}"][data-feature-id="${id}"]`).first();
    const rankRow = pia.page.locator(`[data-ranking-row][data-feature-id="${id}"]`);
    await pia.page.locator(`.card [data-estimate="jobSize"][data-feature-id="${id}"][data-in-round]`).first().waitFor({ timeout: 30_000 });
    expect(await card('jobSize').getAttribute('data-in-round')).toBe('');
    expect(await card('jobSize').locator('[data-value]').count()).toBe(0);
    // The components the round does not estimate stay as they are.
    expect(await card('userBusinessValue').locator('[data-value="8"]').getAttribute('aria-checked')).toBe('true');
    await eventually(() => rankRow.getAttribute('data-in-round'), { until: (v) => v === '', what: 'the ranking row marked in a round', timeout: 30_000 });
    expect(await rankRow.locator('.rank-row__wsjf').textContent()).toBe('in a round');
    // Nor do the card's scores give the hidden value away.
    expect(await pia.page.locator('.card .card__wsjf').first().textContent()).toBe('WSJF in a round');
    expect(await pia.page.locator('.card .card__cod').first().textContent()).toBe('CoD ·');
    expect(await rankRow.locator('.rank-row__estimates').textContent()).not.toContain('JS 2');
    await saveScreenshot(pia.page, 'round-lock');
    // The board's export from this screen hides it too.
    const [svg] = await Promise.all([pia.page.waitForEvent('download'), pia.page.getByRole('button', { name: 'Export the board as SVG' }).click()]);
    const svgText = (await downloaded(svg)).toString('utf8');
    expect(svgText).toContain('Checkout');
    expect(svgText).toContain('JS  in a round');
    expect(svgText).toContain('BV  8');
    expect(svgText).not.toContain('JS  2');
    expect(svgText).not.toContain('WSJF 8');

    await call(`/rounds/${roundId}/votes`, { values: { jobSize: 5 } });
    await call(`/rounds/${roundId}/reveal`);
    await call(`/rounds/${roundId}/accept`, { values: { jobSize: 5 } });
    await eventually(() => card('jobSize').locator('[data-value="5"]').getAttribute('aria-checked').catch(() => null), { until: (v) => v === 'true', what: 'the accepted job size on the card', timeout: 30_000 });
    await eventually(() => rankRow.getAttribute('data-in-round'), { until: (v) => v === null, what: 'the row out of the round', timeout: 30_000 });
    expect(await rankRow.locator('.rank-row__wsjf').textContent()).toBe('3.20');
    // Recent changes says it was the round, with its votes and what it changed.
    expect(await pia.page.getByRole('region', { name: 'Recent changes' }).textContent()).toContain('accepted round (1 vote): JS 2 → 5 on Checkout');
    expect(pia.errors).toEqual([]);
  }, 180_000);
});
