import { describe, expect, it } from 'vitest';
import { createFeature, featuresMap, rankingOf, updateFeature } from '@ladder/board-doc';
import { saveScreenshot } from '../support/browser';
import { api, latestHistorySeq } from '../support/http';
import { createRoom, joinRoom } from '../support/server';
import { waitForRanking } from './board';
import { useBoardHarness } from './harness';
import { eventually } from '@ladder/testing';

/** What makes a button look like one of the board's buttons, as drawn. */
const LOOK = ['borderRadius', 'fontWeight', 'fontSize', 'backgroundColor', 'borderTopColor', 'borderTopStyle'] as const;

describe('browser: restore a point', () => {
  const board = useBoardHarness();

  it('a facilitator restores the board to an earlier update, with a note, and everyone sees it', async () => {
    const room = await createRoom(board.ladder.url, 'Safety room');
    const pat = await joinRoom(board.ladder.url, room.roomId, room.invites.product, 'Pat');
    const { doc } = await board.writer(room.roomId, pat.token);
    const seqNow = () => latestHistorySeq(board.ladder.url, room.roomId, pat.token);
    createFeature(doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 13, timeCriticality: 8, riskReduction: 3, jobSize: 5 }, { participantId: pat.participantId, now: 1 });
    const point = await eventually(seqNow);
    updateFeature(doc, 'F-1', { title: 'Checkout, broken', jobSize: 20 });
    createFeature(doc, { id: 'F-2', title: 'Spam', userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 }, { participantId: pat.participantId, now: 2 });
    await eventually(async () => (await seqNow()) > point + 1);
    const expected = (await api(board.ladder.url, `/api/rooms/${room.roomId}/history/state?seq=${point}`, { token: pat.token })).json as { features: { id: string }[] };

    const member = await board.join(room.links.facilitator, 'Fran Facilitator');
    const { page } = member;
    // Restore… and Restore this point are drawn like the board's other buttons, and inside the history panel.
    const lookOf = (selector: string) => page.locator(selector).first().evaluate((el, keys) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(el);
      return Object.fromEntries(keys.map((k) => [k, style[k]]));
    }, [...LOOK]);
    const exportLook = await lookOf('button[aria-label="Export the ranking as CSV"]');
    expect(await lookOf('[data-safety-open]')).toEqual(exportLook);

    // In the history view, scrub to the update to go back to: the panel shows the board then, and offers to restore it.
    await page.getByRole('button', { name: 'Show the history and replay' }).click();
    const panel = page.getByRole('complementary', { name: 'History and replay' });
    await eventually(() => panel.locator('[data-scrubber]').count(), { until: (n) => n === 1, what: 'the history scrubber', timeout: 30_000 });
    const timeline = (await api(board.ladder.url, `/api/rooms/${room.roomId}/history/timeline`, { token: pat.token })).json as { points: { seq: number }[] };
    const index = timeline.points.findIndex((p) => p.seq === point);
    expect(index).toBeGreaterThanOrEqual(0);
    await panel.locator('[data-scrubber]').fill(String(index));
    const here = panel.locator(`[data-restore-here="${point}"]`);
    await here.waitFor({ timeout: 30_000 });
    await eventually(() => panel.locator('.replay [data-ranking-row]').count(), { until: (n) => n === expected.features.length, what: 'the board at that update', timeout: 30_000 });
    expect(await lookOf('[data-restore-here]')).toEqual(exportLook);
    const [panelBox, hereBox] = [await panel.boundingBox(), await here.boundingBox()];
    expect(hereBox!.x).toBeGreaterThanOrEqual(panelBox!.x);
    expect(hereBox!.x + hereBox!.width).toBeLessThanOrEqual(panelBox!.x + panelBox!.width);
    await saveScreenshot(page, 'safety-history-restore-here');

    await here.click();
    const dialog = page.getByRole('dialog', { name: `Restore update ${point}` });
    await dialog.waitFor({ timeout: 30_000 });
    expect(await dialog.locator('[data-restore-seq]').inputValue()).toBe(String(point));
    // A note is asked for: without one the restore cannot be sent.
    expect(await dialog.locator('[data-restore-submit]').isDisabled()).toBe(true);
    await dialog.locator('[data-restore-note]').fill('undo the spam');
    await saveScreenshot(page, 'safety-restore-dialog');
    await dialog.locator('[data-restore-submit]').click();
    // Done, the dialog closes by itself (no second click can restore again): the result stays as a notice, the focus is
    // back on "Restore this point", and the history panel's "Back to live" is not covered.
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: `Restored the board to update ${point}` }).waitFor({ timeout: 30_000 });
    await saveScreenshot(page, 'safety-restore-done');
    await eventually(() => here.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement), { until: (focused) => focused, what: 'the focus back on Restore this point', timeout: 30_000 });
    expect(await page.locator('.modal-backdrop').count()).toBe(0);
    expect(await page.locator('[data-safety-dialog]').count()).toBe(0);

    // The history view lists the restore with who and why on its own (no reload); the board before it stays one click away.
    const restoredRow = panel.locator('[data-history-event][data-kind="restored"]');
    await restoredRow.waitFor({ timeout: 30_000 });
    expect((await restoredRow.innerText()).replace(/\s+/g, ' ')).toMatch(new RegExp(`Fran Facilitator restored the board to update ${point} — .?undo the spam`));
    await saveScreenshot(page, 'safety-history-restored-event');
    // Recent changes names it a restore too, not the features it deleted and brought back.
    const feed = page.getByRole('region', { name: 'Recent changes' });
    await eventually(() => feed.innerText(), { until: (t) => t.includes(`You restored the board to update ${point} — “undo the spam”`), what: 'the restore in Recent changes', timeout: 30_000 });
    expect(await feed.innerText()).not.toMatch(/deleted Spam/);

    // Escape closes the dialog also when the focus has left it.
    await here.click();
    await dialog.waitFor({ timeout: 30_000 });
    await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur(): void } | null } }).document.activeElement?.blur());
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await panel.getByRole('button', { name: 'Back to live' }).click();
    await eventually(() => panel.locator('[data-restore-here]').count(), { until: (n) => n === 0, what: 'the live board after Back to live', timeout: 30_000 });

    await eventually(() => !featuresMap(doc).has('F-2') && featuresMap(doc).get('F-1')?.get('title') === 'Checkout', { timeout: 30_000 });
    expect(rankingOf(doc).map((r) => r.id)).toEqual(expected.features.map((f) => f.id));
    const ranking = (await api(board.ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: pat.token })).json as { features: unknown[] };
    expect(ranking.features).toEqual(expected.features);
    const history = (await api(board.ladder.url, `/api/rooms/${room.roomId}/history`, { token: pat.token })).json as { events: { kind: string; name: string; to: unknown }[] };
    const restored = history.events.filter((e) => e.kind === 'restored');
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({ name: 'Fran Facilitator', to: { seq: point, note: 'undo the spam' } });

    // In the Restore… dialog, a done restore turns its button off until the point or the note changes; Escape closes
    // it from anywhere and gives the focus back to Restore….
    await page.locator('[data-safety-open]').click();
    const safety = page.getByRole('dialog', { name: 'Restore or revert' });
    await safety.waitFor({ timeout: 30_000 });
    await safety.locator('[data-restore-seq]').fill(String(point));
    await safety.locator('[data-restore-note]').fill('once more');
    await safety.locator('[data-restore-submit]').click();
    await safety.locator('[data-restore-done]').waitFor({ timeout: 30_000 });
    expect(await safety.locator('[data-restore-submit]').isDisabled()).toBe(true);
    await safety.locator('[data-restore-note]').fill('once more, on purpose');
    expect(await safety.locator('[data-restore-submit]').isDisabled()).toBe(false);
    await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur(): void } | null } }).document.activeElement?.blur());
    await page.keyboard.press('Escape');
    await safety.waitFor({ state: 'detached', timeout: 30_000 });
    await eventually(() => page.locator('[data-safety-open]').evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement), { until: (focused) => focused, what: 'the focus back on Restore…', timeout: 30_000 });
    expect(member.errors).toEqual([]);
  });

  it('a facilitator reverts one participant\'s bad import after a preview; another participant\'s edits made since stay', async () => {
    const room = await createRoom(board.ladder.url, 'Revert room');
    const pat = await joinRoom(board.ladder.url, room.roomId, room.invites.product, 'Pat');
    const quinn = await joinRoom(board.ladder.url, room.roomId, room.invites.portfolio, 'Quinn');
    const { doc } = await board.writer(room.roomId, quinn.token);
    const latest = () => latestHistorySeq(board.ladder.url, room.roomId, quinn.token);
    createFeature(doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 13, timeCriticality: 8, riskReduction: 3, jobSize: 5 }, { participantId: quinn.participantId, now: 1 });
    const before = await eventually(async () => ((await latest()) > 0 ? latest() : null));

    // Pat imports the wrong file: it rewrites F-1's job size and adds two features. Quinn keeps editing meanwhile.
    const csv = 'id,title,userBusinessValue,timeCriticality,riskReduction,jobSize\nF-1,Checkout,13,8,3,20\nX-1,Wrong one,1,1,1,1\nX-2,Wrong two,2,2,2,2\n';
    const imported = await api(board.ladder.url, `/api/rooms/${room.roomId}/import`, { token: pat.token, body: csv, contentType: 'text/csv' });
    expect(imported.status, imported.text).toBe(200);
    await eventually(() => featuresMap(doc).has('X-2'), { timeout: 20_000 });
    updateFeature(doc, 'F-1', { title: 'Checkout v2' });
    createFeature(doc, { id: 'F-3', title: 'Quinn\'s own', userBusinessValue: 5, timeCriticality: 5, riskReduction: 5, jobSize: 3 }, { participantId: quinn.participantId, now: 3 });
    await eventually(async () => (await latest()) >= before + 3, { timeout: 20_000 });

    const { page } = await board.join(room.links.facilitator, 'Fran Facilitator');
    // Fran's board places a card for each feature (canvas updates, with no feature event of their own).
    await eventually(() => page.locator('[data-card-feature-id]').count(), { until: (n) => n === 4, what: 'four cards', timeout: 30_000 });
    const roomState = () => api(board.ladder.url, `/api/rooms/${room.roomId}/history/state?at=${Date.now() + 86_400_000}`, { token: quinn.token });
    const roomAtOpen = await eventually(async () => {
      const seq = ((await roomState()).json as { seq: number }).seq;
      return seq > (await latest()) ? seq : null;
    }, { timeout: 20_000 });
    await page.locator('[data-safety-open]').click();
    const dialog = page.getByRole('dialog', { name: 'Restore or revert' });
    await dialog.waitFor({ timeout: 30_000 });
    await dialog.getByRole('tab', { name: 'Revert a participant' }).click();
    await eventually(() => dialog.getByLabel('Participant').locator('option').allInnerTexts(), { until: (names) => names.includes('Pat'), what: 'Pat among the writers', timeout: 30_000 });
    await dialog.getByLabel('Participant').selectOption({ label: 'Pat' });
    await dialog.getByLabel('Since update').fill(String(before));
    await dialog.getByLabel('Note (why)').fill('Pat imported the wrong file');
    const apply = dialog.getByRole('button', { name: 'Apply' });
    expect(await apply.isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = dialog.locator('[data-revert-preview]');
    await preview.waitFor({ timeout: 30_000 });
    const listed = (await preview.innerText()).replace(/\s+/g, ' ');
    expect(listed).toContain('Would change');
    // Features by their titles, fields by their labels, as the board names them.
    expect(listed).toContain('remove “Wrong one” (X-1) (they created it)');
    expect(listed).toContain('remove “Wrong two” (X-2) (they created it)');
    expect(listed).toContain('“Checkout v2” (F-1): Job size back to 5');
    const latestShown = async () => Number(/latest: (\d+)/.exec(await dialog.getByText(/^Since update/).innerText())?.[1]);
    const latestBefore = await latestShown();
    // The latest update of the room, not of its feature events: placing the cards was updates too.
    expect(latestBefore).toBeGreaterThanOrEqual(roomAtOpen);
    expect(featuresMap(doc).has('X-1')).toBe(true);
    await saveScreenshot(page, 'safety-revert-preview');

    await apply.click();
    await eventually(() => preview.innerText(), { until: (text) => text.startsWith('Changed'), what: 'the applied revert', timeout: 30_000 });
    await eventually(() => !featuresMap(doc).has('X-1') && !featuresMap(doc).has('X-2') && featuresMap(doc).get('F-1')?.get('jobSize') === 5, { timeout: 30_000 });
    // Quinn's edits made after the import stay.
    expect(featuresMap(doc).get('F-1')?.get('title')).toBe('Checkout v2');
    expect(featuresMap(doc).get('F-3')?.get('title')).toBe('Quinn\'s own');
    await waitForRanking(page, (rows) => rows.map((r) => r.id).join() === 'F-3,F-1');
    await eventually(() => page.getByRole('region', { name: 'Recent changes' }).innerText(), { until: (t) => t.includes(`You reverted Pat's changes since update ${before} — “Pat imported the wrong file”`), what: 'the revert in Recent changes', timeout: 30_000 });
    // The revert is a new update: the dialog's latest update number follows.
    await eventually(latestShown, { until: (n) => n > latestBefore, what: 'the latest update number after the revert', timeout: 30_000 });
    await saveScreenshot(page, 'safety-revert-applied');

    // Previewed again, nothing of Pat's is left to undo (Fran's revert undid it; a revert is not a competing edit):
    // Apply stays off, and says why.
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await eventually(() => preview.innerText(), { until: (text) => text.startsWith('Would change: nothing'), what: 'the empty preview', timeout: 30_000 });
    expect(await dialog.locator('[data-revert-nothing]').innerText()).toContain('Nothing to revert: nothing of theirs since that update is left to undo');
    expect(await apply.isDisabled()).toBe(true);
    await saveScreenshot(page, 'safety-revert-nothing');
    const history = (await api(board.ladder.url, `/api/rooms/${room.roomId}/history`, { token: quinn.token })).json as { events: { kind: string; name: string; from: unknown; to: unknown }[] };
    expect(history.events.filter((e) => e.kind === 'reverted')).toEqual([expect.objectContaining({
      name: 'Fran Facilitator', from: expect.objectContaining({ name: 'Pat', sinceSeq: before }), to: expect.objectContaining({ note: 'Pat imported the wrong file' }),
    })]);
  });
});
