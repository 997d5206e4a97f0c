import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, roomPoster } from '../support/http';
import { saveScreenshot } from '../support/browser';
import { createRoom, joinRoom } from '../support/server';
import { openTools, waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

// Two perspectives: after a reveal, the product and portfolio estimates side by side, and where the groups diverge most.

/** The rows of the room view, top to bottom: `feature:component:gap`. */
async function gapRows(page: Page): Promise<string[]> {
  return page.locator('[data-perspectives] tr[data-perspective]').evaluateAll((rows) => rows.map((row) => {
    const el = row as unknown as { dataset: Record<string, string | undefined> };
    return `${el.dataset.perspective}:${el.dataset.gap}`;
  }));
}

describe('browser: two perspectives', () => {
  const board = useBoardHarness();

  it('revealed votes show product beside portfolio per feature, and the room view lists the biggest gaps first, also after a reload', async () => {
    const room = await createRoom(board.ladder.url, 'PI 26.5 perspectives');
    const fay = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Fay Facilitator');
    const pia = await joinRoom(board.ladder.url, room.roomId, room.invites.product, 'Pia Product');
    const polly = await joinRoom(board.ladder.url, room.roomId, room.invites.portfolio, 'Polly Portfolio');
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, {
      token: fay.token, contentType: 'text/csv',
      body: 'title,userBusinessValue,timeCriticality,riskReduction,jobSize\nCheckout,8,5,3,2\nSearch,5,3,2,5\n',
    });
    expect(imported.status, imported.text).toBe(200);
    const priya = await board.join(room.links.product, 'Priya Product');
    const rows = await waitForRanking(priya.page, (r) => r.map((x) => x.title).join() === 'Checkout,Search');
    const [checkout, search] = rows.map((r) => r.id) as [string, string];
    const post = roomPoster(board.ladder.url, room.roomId);
    const call = (token: string, path: string, body?: unknown) => post(path, token, body);

    // A feature round on Checkout's time criticality and job size: product and portfolio vote far apart on the first.
    const first = (await call(fay.token, '/rounds', { featureId: checkout, components: ['timeCriticality', 'jobSize'] })).roundId as string;
    await call(pia.token, `/rounds/${first}/votes`, { values: { timeCriticality: 8, jobSize: 3 } });
    await call(polly.token, `/rounds/${first}/votes`, { values: { timeCriticality: 2, jobSize: 5 } });
    // Before the reveal nothing of the votes shows.
    await priya.page.locator('.estimation, [data-round-status]').first().waitFor({ timeout: 30_000 }).catch(() => {});
    await openTools(priya.page);
    expect(await priya.page.locator('[data-perspectives]').count()).toBe(0);
    await call(fay.token, `/rounds/${first}/reveal`);
    await priya.page.locator('[data-perspectives]').waitFor();
    await call(fay.token, `/rounds/${first}/accept`, { values: { timeCriticality: 5, jobSize: 3 } });

    // A column round on business value across both features (each vote gives the smallest one 1).
    const second = (await call(fay.token, '/rounds', { featureIds: [checkout, search], component: 'userBusinessValue' })).roundId as string;
    await call(pia.token, `/rounds/${second}/votes`, { values: { [checkout]: 13, [search]: 1 } });
    await call(polly.token, `/rounds/${second}/votes`, { values: { [checkout]: 1, [search]: 2 } });
    await call(fay.token, `/rounds/${second}/reveal`);

    // The room view: biggest gap first, by feature and component.
    const expected = [`${checkout}:userBusinessValue:12`, `${checkout}:timeCriticality:6`, `${checkout}:jobSize:2`, `${search}:userBusinessValue:1`];
    await openTools(priya.page);
    await priya.page.getByText(/^Two perspectives/).click();
    await eventually(() => gapRows(priya.page), { until: (r) => r.join() === expected.join(), what: 'the gaps, biggest first', timeout: 30_000 });
    const top = priya.page.locator(`[data-perspectives] tr[data-perspective="${checkout}:userBusinessValue"]`);
    expect(await top.locator('.perspectives__product').textContent()).toBe('13');
    expect(await top.locator('.perspectives__portfolio').textContent()).toBe('1');
    expect(await priya.page.locator('[data-perspective-component]').evaluateAll((s) => s.map((x) => (x as unknown as { dataset: { perspectiveComponent: string } }).dataset.perspectiveComponent)))
      .toEqual(['userBusinessValue', 'timeCriticality', 'jobSize']);

    // Side by side in Checkout's row of the ranking.
    await priya.page.getByRole('button', { name: /: Checkout\. Show estimates$/ }).click();
    const side = priya.page.locator(`[data-feature-perspectives="${checkout}"]`);
    expect(await side.locator('[data-perspective]').allTextContents()).toEqual(['BVP 13LPM 1', 'TCP 8LPM 2', 'JSP 3LPM 5']);
    const shot = await saveScreenshot(priya.page, 'portfolio-perspectives');
    expect(shot).toContain('portfolio-perspectives');

    // Not only the transient reveal: after a reload (the first round accepted, the second still revealed) the view is there.
    await priya.page.reload();
    await priya.page.locator('[data-connection="online"]').waitFor();
    await openTools(priya.page);
    await priya.page.getByText(/^Two perspectives/).click();
    await eventually(() => gapRows(priya.page), { until: (r) => r.join() === expected.join(), what: 'the gaps after a reload', timeout: 30_000 });
    expect(priya.errors).toEqual([]);
  }, 180_000);
});
