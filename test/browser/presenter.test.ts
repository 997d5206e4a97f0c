import { describe, expect, it } from 'vitest';
import { eventually } from '@ladder/testing';
import { api, roomPoster } from '../support/http';
import { saveScreenshot } from '../support/browser';
import { createRoom, joinRoom } from '../support/server';
import { waitForRanking } from './board';
import { useBoardHarness } from './harness';

// The projector: presenter mode in large type — the ranking with the cut line, who has voted in a round (never what),
// and the reveal full screen; Esc leaves it, and the address keeps it across a reload.

describe('browser: presenter mode', () => {
  const board = useBoardHarness();

  it('shows the ranking and the cut line, who voted but no value, then the reveal; Esc leaves it', async () => {
    const room = await createRoom(board.ladder.url, 'ART Orion PI 27.1');
    const fay = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Fay Facilitator');
    const pia = await joinRoom(board.ladder.url, room.roomId, room.invites.product, 'Pia Product');
    const polly = await joinRoom(board.ladder.url, room.roomId, room.invites.portfolio, 'Polly Portfolio');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: fay.token, contentType: 'text/csv',
      body: 'title,userBusinessValue,timeCriticality,riskReduction,jobSize\nCheckout,20,8,5,3\nSearch,8,5,3,5\nAudit log,3,2,1,8\nMobile app,5,3,2,\n',
    });
    expect(imported.status, imported.text).toBe(200);
    const call = roomPoster(board.ladder.url, room.roomId);
    const settings = await board.writer(room.roomId, fay.token);
    settings.doc.getMap('meta').set('capacity', 8);

    const projector = await board.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    board.onCleanup(() => projector.close());
    const page = await projector.newPage();
    await page.goto(room.links.observer.replace(/^https?:\/\/[^/]+/, board.ladder.url));
    await page.getByLabel('Your name').fill('Projector');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await waitForRanking(page, (r) => r.length === 4);
    await page.getByRole('button', { name: /^Presenter mode/ }).click();
    const rows = page.locator('[data-presenter-row]');
    await eventually(() => rows.count(), { until: (n) => n === 4, what: 'the four features on the big screen' });
    expect(await page.locator('[data-presenter-row]').first().textContent()).toContain('Checkout');
    // The cut line at 8 points: Checkout (3) and Search (5) fit, Audit log does not.
    expect(await page.locator('[data-presenter] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-feature-id') ?? (e.hasAttribute('data-presenter-cut') ? 'cut' : ''))))
      .toHaveLength(5);
    expect(await page.locator('[data-presenter-cut]').count()).toBe(1);
    expect(new URL(page.url()).search).toBe('?present');
    const fontSize = await page.locator('.present-row__title').first().evaluate((el) => Number.parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(24);

    // A round on Search: who has voted shows, never what.
    const search = await page.locator('[data-presenter-row]', { hasText: 'Search' }).getAttribute('data-feature-id') as string;
    const roundId = (await call('/rounds', fay.token, { featureId: search, components: ['jobSize'] })).roundId as string;
    await page.locator(`[data-presenter-round="${roundId}"]`).waitFor({ timeout: 30_000 });
    await call(`/rounds/${roundId}/votes`, pia.token, { values: { jobSize: 13 } });
    await eventually(() => page.locator(`[data-presenter-voter="${pia.participantId}"]`).getAttribute('data-voted'), { until: (v) => v === 'true', what: 'Pia shown as voted' });
    expect(await page.locator(`[data-presenter-round="${roundId}"]`).textContent()).not.toContain('13');
    expect(await page.locator(`[data-presenter-row][data-feature-id="${search}"]`).textContent()).not.toMatch(/13|1\.60/);
    expect(await page.locator('[data-reveal-card]').count()).toBe(0);
    expect(await page.locator(`[data-presenter-row][data-feature-id="${search}"]`).getAttribute('data-in-round')).toBe('');
    await saveScreenshot(page, 'presenter-round');
    await call(`/rounds/${roundId}/votes`, polly.token, { values: { jobSize: 1 } });
    await call(`/rounds/${roundId}/reveal`, fay.token);

    // The reveal, full screen: a card per vote, the consensus, the spread and Discuss (13 against 1 lie far apart).
    await page.locator(`[data-presenter-reveal="${roundId}"]`).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-reveal-card]').count()).toBe(2);
    expect(await page.locator(`[data-reveal-card="${pia.participantId}"]`).textContent()).toBe('13Pia Product');
    expect(await page.locator('[data-presenter-discuss="jobSize"]').count()).toBe(1);
    // The screenshot once the cards have turned over (their animations done).
    await eventually(() => page.locator('[data-presenter-reveal]').evaluate((el) => (el as unknown as { getAnimations(o: { subtree: boolean }): { playState: string }[] }).getAnimations({ subtree: true }).filter((a) => a.playState !== 'finished').length), { until: (n) => n === 0, what: 'the cards turned over', timeout: 30_000 });
    await saveScreenshot(page, 'presenter-reveal');

    // Esc leaves presenter mode; the board is back.
    await page.keyboard.press('Escape');
    await page.locator('[data-presenter]').waitFor({ state: 'detached', timeout: 15_000 });
    expect(new URL(page.url()).search).toBe('');
  }, 180_000);
});
