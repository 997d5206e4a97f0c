import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addNote, createFeature, rankingOf, setMeta, updateFeature } from '@ladder/board-doc';
import { saveScreenshot } from '../support/browser';
import { sleep } from '../support/clients';
import { api } from '../support/http';
import { createRoom, joinRoom } from '../support/server';
import { addFeatures, cardOf, setOnCard } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

const replayIds = (page: Page) => page.locator('[data-replay-view] [data-ranking-row]').evaluateAll((rows) =>
  rows.map((row) => (row as unknown as { dataset: Record<string, string | undefined> }).dataset.featureId ?? ''));

describe('browser: history replay', () => {
  const board = useBoardHarness();

  it('scrubs to a past ranking, goes back to live, and plays the session', async () => {
    const room = await createRoom(board.ladder.url, 'Replay room');
    const priya = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Priya');
    const { doc } = await board.writer(room.roomId, priya.token);
    const latest = async () => {
      const answer = await api(board.ladder.url, `/api/rooms/${room.roomId}/history/timeline`, { token: priya.token });
      return (answer.json as { points: { seq: number }[] }).points.length;
    };
    const ctx = () => ({ participantId: priya.participantId, now: Date.now() });
    const edit = async (change: () => void) => {
      const before = await latest();
      change();
      await eventually(async () => (await latest()) > before, { timeout: 10_000, what: () => 'the change was not stored' });
      await sleep(150);
    };
    await edit(() => createFeature(doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 13, timeCriticality: 8, riskReduction: 3, jobSize: 5 }, ctx()));
    await edit(() => createFeature(doc, { id: 'F-2', title: 'Search', userBusinessValue: 8, timeCriticality: 5, riskReduction: 2, jobSize: 5 }, ctx()));
    await edit(() => createFeature(doc, { id: 'F-12', title: 'Audit log', userBusinessValue: 3, timeCriticality: 1, riskReduction: 1, jobSize: 8 }, ctx()));
    const before = rankingOf(doc).map((r) => r.id);
    const beforeIndex = (await latest()) - 1;
    expect(before).toEqual(['F-1', 'F-2', 'F-12']);
    await edit(() => updateFeature(doc, 'F-12', { timeCriticality: 20 }, ctx()));
    // The job size change comes with its decision note, written in the same transaction.
    await edit(() => doc.transact(() => {
      updateFeature(doc, 'F-12', { jobSize: 2 }, ctx());
      addNote(doc, { id: 'N-1', text: 'Audit is due before the May release', author: 'Priya', at: Date.now(), featureId: 'F-12',
        participantId: priya.participantId, change: { field: 'jobSize', from: 8, to: 2 } });
    }));
    const after = rankingOf(doc).map((r) => r.id);
    expect(after[0]).toBe('F-12');

    const member = await board.join(room.links.observer, 'Olga Observer');
    const { page } = member;
    await page.getByRole('button', { name: 'Show the history and replay' }).click();
    const panel = page.getByRole('complementary', { name: 'History and replay' });
    const events = panel.locator('[data-history-event]');
    await eventually(() => events.count(), { until: (n) => n === 6, what: 'five changes and a note listed', timeout: 30_000 });
    expect(await events.first().textContent()).toMatch(/Priya noted\s*Audit is due before the May release\s*on F-12 Audit log/);
    expect(await events.nth(1).textContent()).toMatch(/Priya changed job size of\s*F-12 Audit log 8 → 2/);

    // Filter by feature, then by participant.
    await panel.getByLabel('Filter by feature').selectOption('F-2');
    expect(await events.count()).toBe(1);
    await panel.getByLabel('Filter by feature').selectOption('');
    await panel.getByLabel('Filter by participant').selectOption({ label: 'Priya' });
    expect(await events.count()).toBe(6);

    // Scrub back to just before F-12's time criticality changed.
    const scrubber = panel.locator('[data-scrubber]');
    await scrubber.fill(String(beforeIndex));
    const banner = page.locator('[data-replay-banner]');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/You are looking at \d{1,2}:\d{2}/);
    await eventually(() => replayIds(page), { until: (ids) => ids.join() === before.join(), what: 'the old ranking in the replay view', timeout: 30_000 });
    expect(await page.locator('[data-replay-note]').count()).toBe(0); // the note was written later
    // The live ranking panel is untouched.
    await eventually(() => page.locator('.ranking [data-ranking-row]').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: Record<string, string> }).dataset.featureId)), { until: (ids) => ids.join() === after.join(), what: 'the live ranking stays live', timeout: 30_000 });
    await panel.getByLabel('Feature to follow').selectOption('F-12');
    await expect.poll(() => panel.getByRole('list', { name: 'Rank changes of F-12' }).textContent()).toMatch(/#2 → #1: Priya changed job size of Audit log 8 → 2 \(WSJF of Audit log 3 → 12\).*#3 → #2: Priya changed time criticality of Audit log 1 → 20/);
    await saveScreenshot(page, 'replay-scrubbed');

    // One click back to live.
    await panel.getByRole('button', { name: 'Back to live' }).click();
    await eventually(() => banner.count(), { until: (n) => n === 0, what: 'banner gone', timeout: 30_000 });
    expect(await page.locator('[data-replay-view]').count()).toBe(0);

    // Play from the start at 60×: the replay passes through the old order and ends at the live one.
    await scrubber.fill('0');
    await banner.waitFor();
    // Every order the replay view shows is recorded in the page as it changes.
    await page.evaluate(`(() => {
      window.__orders = [];
      const record = () => {
        const ids = [...document.querySelectorAll('[data-replay-view] [data-ranking-row]')].map((r) => r.dataset.featureId).join();
        if (window.__orders.at(-1) !== ids) window.__orders.push(ids);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
      record();
    })()`);
    await panel.getByRole('button', { name: 'Play at 60×' }).click();
    const orders = await eventually(() => page.evaluate<string[]>('window.__orders'), { until: (seen) => seen.at(-1) === after.join(), what: 'the replay reaches the live ranking', timeout: 20_000 });
    expect(orders).toContain(before.join());
    expect(orders.indexOf(before.join())).toBeLessThan(orders.lastIndexOf(after.join()));
    // At the end of the session the replay shows the decision note beside the ranking it explains.
    await eventually(() => page.locator('[data-replay-note]').allTextContents(), { until: (notes) => notes.length === 1 && notes[0]!.includes('Audit is due before the May release'), what: 'the note in the replay', timeout: 30_000 });
    expect(await panel.getByRole('button', { name: 'Pause' }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'replay-played');

    // A change made now shows up in the open panel without reloading it.
    await edit(() => updateFeature(doc, 'F-2', { riskReduction: 13 }, ctx()));
    await eventually(() => events.count(), { until: (n) => n === 7, what: 'the new change listed', timeout: 30_000 });
    expect(await events.first().textContent()).toMatch(/Priya changed risk reduction of\s*F-2 Search 2 → 13/);
    expect(await scrubber.getAttribute('max')).toBe(String(beforeIndex + 3));
    // So does a change that moves no feature (the room's title): the timeline gains its point.
    await edit(() => setMeta(doc, { title: 'Replay room, afternoon' }));
    await eventually(() => scrubber.getAttribute('max'), { until: (max) => max === String(beforeIndex + 4), what: 'the title change on the timeline', timeout: 30_000 });
    expect(member.errors).toEqual([]);
  });

  it('a past card shows a long title on two lines, ending in …, with the whole title on hover', async () => {
    const room = await createRoom(board.ladder.url, 'Replay titles');
    const { page, errors } = await board.join(room.links.product, 'Priya Product');
    const title = 'Self-service onboarding for new enterprise customers and their admins';
    const id = (await addFeatures(page, [title])).get(title)!;
    await cardOf(page, id);
    await setOnCard(page, id, 'jobSize', 5);
    // A single added feature opens in the editor drawer; close it.
    const drawer = page.locator('.drawer');
    if (await drawer.count()) {
      await drawer.getByRole('button', { name: 'Done' }).click();
      await drawer.waitFor({ state: 'detached' });
    }
    await page.getByRole('button', { name: 'Show the history and replay' }).click();
    const panel = page.getByRole('complementary', { name: 'History and replay' });
    const scrubber = panel.locator('[data-scrubber]');
    // Back to the moment before the job size was set: the card stood on the canvas already.
    const max = Number(await eventually(() => scrubber.getAttribute('max'), { until: (m) => Number(m) >= 2, what: 'the timeline', timeout: 30_000 }));
    await scrubber.fill(String(max - 1));
    const card = page.locator('[data-replay-canvas] [data-past-shape="card"]');
    await card.waitFor();
    expect(await card.locator('title').textContent()).toBe(title);
    const lines = await card.locator('[data-past-label] tspan').allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('Self-service');
    expect(lines[1]).toMatch(/^onboarding .*…$/);
    // The feature picker of the rank chart stays within the chart's width (here its "no ranks yet" line: nothing is
    // ranked), however long the titles it offers.
    const chart = panel.locator('.rank-chart__svg, [data-rank-chart-empty]').first();
    const [chartBox, pickBox] = [await chart.boundingBox(), await panel.getByLabel('Feature to follow').boundingBox()];
    expect(pickBox!.x + pickBox!.width).toBeLessThanOrEqual(chartBox!.x + chartBox!.width + 0.5);
    await saveScreenshot(page, 'replay-canvas-titles');
    expect(errors).toEqual([]);
  }, 120_000);

  it('the history filters share their row inside the panel, however long a feature\'s title', async () => {
    const room = await createRoom(board.ladder.url, 'Long titles');
    const fran = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Fran');
    const long = 'Self-service onboarding for new enterprise customers, their admins, their auditors and every team that follows them';
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, { token: fran.token, body: `id,title\nF-1,"${long}"\n`, contentType: 'text/csv' });
    expect(imported.status, imported.text).toBe(200);
    const { page, errors } = await board.join(room.links.facilitator, 'Fran');
    await page.getByRole('button', { name: 'Show the history and replay' }).click();
    const panel = page.getByRole('complementary', { name: 'History and replay' });
    await eventually(() => panel.locator('[data-history-event]').count(), { until: (n) => n === 1, what: 'the import listed', timeout: 30_000 });
    const [box, feature, person] = [
      (await panel.boundingBox())!,
      (await panel.getByLabel('Filter by feature').boundingBox())!,
      (await panel.getByLabel('Filter by participant').boundingBox())!,
    ];
    expect(feature.x + feature.width, 'the feature filter ends before the person filter').toBeLessThanOrEqual(person.x);
    expect(person.x + person.width, 'the person filter ends inside the panel').toBeLessThanOrEqual(box.x + box.width);
    expect(Math.abs(person.y - feature.y)).toBeLessThan(1);
    expect(Math.abs(person.width - feature.width), 'the two filters are as wide').toBeLessThan(2);
    await saveScreenshot(page, 'replay-long-title-filters');
    expect(errors).toEqual([]);
  }, 120_000);

  it('a board from one import is a dot per ranked feature on the rank chart; a board without ranks says so', async () => {
    const room = await createRoom(board.ladder.url, 'One import');
    const fran = await joinRoom(board.ladder.url, room.roomId, room.invites.facilitator, 'Fran');
    const csv = 'id,title,userBusinessValue,timeCriticality,riskReduction,jobSize\nF-1,Checkout,8,3,2,5\nF-2,Search,5,5,1,3\nF-3,Reports,,,,\n';
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, { token: fran.token, body: csv, contentType: 'text/csv' });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json).toMatchObject({ created: 3, rejected: [] });
    const { page, errors } = await board.join(room.links.facilitator, 'Fran');
    await page.getByRole('button', { name: 'Show the history and replay' }).click();
    const panel = page.getByRole('complementary', { name: 'History and replay' });
    // One point in time: each ranked feature is a dot (F-3 has no rank), not an empty box.
    await eventually(() => panel.locator('.rank-chart__svg [data-rank-dot]').count(), { until: (n) => n === 2, what: 'a dot for each ranked feature', timeout: 30_000 });
    const chart = (await panel.locator('.rank-chart__svg').boundingBox())!;
    for (const dot of await panel.locator('.rank-chart__svg [data-rank-dot]').all()) {
      const b = (await dot.boundingBox())!;
      expect(b.width).toBeGreaterThan(4);
      expect(b.x >= chart.x && b.x + b.width <= chart.x + chart.width && b.y >= chart.y && b.y + b.height <= chart.y + chart.height).toBe(true);
    }
    expect(await panel.locator('[data-rank-chart-empty]').count()).toBe(0);
    await saveScreenshot(page, 'replay-one-import');

    // Features without all four estimates have no rank: a sentence says there is nothing to chart yet.
    const bare = await createRoom(board.ladder.url, 'No ranks');
    const pat = await joinRoom(board.ladder.url, bare.roomId, bare.invites.facilitator, 'Pat');
    const titles = await api(board.ladder.url, `/api/rooms/${bare.roomId}/import`, { token: pat.token, body: 'title\nCheckout\nSearch\n', contentType: 'text/csv' });
    expect(titles.status, titles.text).toBe(200);
    const other = await board.join(bare.links.facilitator, 'Pat');
    await other.page.getByRole('button', { name: 'Show the history and replay' }).click();
    const empty = other.page.getByRole('complementary', { name: 'History and replay' }).locator('[data-rank-chart-empty]');
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(/^No ranks to chart yet/);
    expect(await other.page.locator('.rank-chart__svg').count()).toBe(0);
    await saveScreenshot(other.page, 'replay-no-ranks');
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
  }, 120_000);
});
