import { describe, expect, it } from 'vitest';
import { createFeature, featuresMap, rankingOf, updateFeature } from '@ladder/board-doc';
import { saveScreenshot } from '../support/browser';
import { connectClient, waitFor } from '../support/clients';
import { api } from '../support/http';
import { createRoom, joinRoom } from '../support/server';
import { until } from './board';
import { useBoardHarness } from './harness';

/** What makes a button look like one of the board's buttons, as drawn. */
const LOOK = ['borderRadius', 'fontWeight', 'fontSize', 'backgroundColor', 'borderTopColor', 'borderTopStyle'] as const;

describe('browser: restore a point', () => {
  const board = useBoardHarness();

  it('a facilitator restores the board to an earlier update, with a note, and everyone sees it', async () => {
    const room = await createRoom(board.ladder.url, 'Safety room');
    const pat = await joinRoom(board.ladder.url, room.roomId, room.invites.product, 'Pat');
    const writer = connectClient(board.ladder.wsUrl, room.roomId, pat.token);
    board.onCleanup(() => writer.destroy());
    await writer.synced;
    const doc = writer.doc;
    const seqNow = async () => {
      const answer = await api(board.ladder.url, `/api/rooms/${room.roomId}/history`, { token: pat.token });
      return Math.max(0, ...(answer.json as { events: { seq: number }[] }).events.map((e) => e.seq));
    };
    createFeature(doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 13, timeCriticality: 8, riskReduction: 3, jobSize: 5 }, { participantId: pat.participantId, now: 1 });
    const point = await waitFor(seqNow);
    updateFeature(doc, 'F-1', { title: 'Checkout, broken', jobSize: 20 });
    createFeature(doc, { id: 'F-2', title: 'Spam', userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 }, { participantId: pat.participantId, now: 2 });
    await waitFor(async () => (await seqNow()) > point + 1);
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
    await page.getByRole('button', { name: 'Show the history and replay' }).click();
    const panel = page.getByRole('complementary', { name: 'History and replay' });
    await until(() => panel.locator('[data-scrubber]').count(), (n) => n === 1, 'the history scrubber');
    await panel.locator('[data-scrubber]').fill('0');
    const here = panel.locator('[data-restore-here]');
    await here.waitFor({ timeout: 30_000 });
    expect(await lookOf('[data-restore-here]')).toEqual(exportLook);
    const [panelBox, hereBox] = [await panel.boundingBox(), await here.boundingBox()];
    expect(hereBox!.x).toBeGreaterThanOrEqual(panelBox!.x);
    expect(hereBox!.x + hereBox!.width).toBeLessThanOrEqual(panelBox!.x + panelBox!.width);
    await saveScreenshot(page, 'safety-history-restore-here');
    await panel.getByRole('button', { name: 'Close the history' }).click();
    await page.locator('[data-safety-open]').click();
    const dialog = page.locator('[data-safety-dialog]');
    await dialog.waitFor({ timeout: 30_000 });
    await saveScreenshot(page, 'safety-dialog');
    await dialog.locator('[data-restore-seq]').fill(String(point));
    await dialog.locator('[data-restore-note]').fill('undo the spam');
    await dialog.locator('[data-restore-submit]').click();
    await dialog.locator('[data-restore-done]').waitFor({ timeout: 30_000 });

    await waitFor(() => !featuresMap(doc).has('F-2') && featuresMap(doc).get('F-1')?.get('title') === 'Checkout', 30_000);
    expect(rankingOf(doc).map((r) => r.id)).toEqual(expected.features.map((f) => f.id));
    const ranking = (await api(board.ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: pat.token })).json as { features: unknown[] };
    expect(ranking.features).toEqual(expected.features);
    const history = (await api(board.ladder.url, `/api/rooms/${room.roomId}/history`, { token: pat.token })).json as { events: { kind: string; name: string; to: unknown }[] };
    const restored = history.events.filter((e) => e.kind === 'restored');
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({ name: 'Fran Facilitator', to: { seq: point, note: 'undo the spam' } });
    expect(member.errors).toEqual([]);
  });
});
