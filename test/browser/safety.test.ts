import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createFeature, featuresMap, rankingOf, updateFeature } from '@ladder/board-doc';
import { launchBrowser } from '../support/browser';
import { connectClient, waitFor, type SyncClient } from '../support/clients';
import { api } from '../support/http';
import { createRoom, joinRoom, startLadder, type LadderProcess } from '../support/server';
import { joinAs, localLink, type Member } from './board';

describe('browser: restore a point', () => {
  let ladder: LadderProcess;
  let browser: Browser;
  let member: Member | null = null;
  let writer: SyncClient | null = null;

  beforeAll(async () => {
    ladder = await startLadder();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    writer?.destroy();
    await member?.context.close().catch(() => {});
    await browser?.close();
    await ladder?.stop();
    ladder?.cleanup();
  });

  it('a facilitator restores the board to an earlier update, with a note, and everyone sees it', async () => {
    const room = await createRoom(ladder.url, 'Safety room');
    const pat = await joinRoom(ladder.url, room.roomId, room.invites.product, 'Pat');
    writer = connectClient(ladder.wsUrl, room.roomId, pat.token);
    await writer.synced;
    const doc = writer.doc;
    const seqNow = async () => {
      const answer = await api(ladder.url, `/api/rooms/${room.roomId}/history`, { token: pat.token });
      return Math.max(0, ...(answer.json as { events: { seq: number }[] }).events.map((e) => e.seq));
    };
    createFeature(doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 13, timeCriticality: 8, riskReduction: 3, jobSize: 5 }, { participantId: pat.participantId, now: 1 });
    const point = await waitFor(seqNow);
    updateFeature(doc, 'F-1', { title: 'Checkout, broken', jobSize: 20 });
    createFeature(doc, { id: 'F-2', title: 'Spam', userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 }, { participantId: pat.participantId, now: 2 });
    await waitFor(async () => (await seqNow()) > point + 1);
    const expected = (await api(ladder.url, `/api/rooms/${room.roomId}/history/state?seq=${point}`, { token: pat.token })).json as { features: { id: string }[] };

    member = await joinAs(browser, localLink(room.links.facilitator, ladder.url), 'Fran Facilitator');
    const { page } = member;
    await page.locator('[data-safety-open]').click();
    const dialog = page.locator('[data-safety-dialog]');
    await dialog.waitFor({ timeout: 30_000 });
    await dialog.locator('[data-restore-seq]').fill(String(point));
    await dialog.locator('[data-restore-note]').fill('undo the spam');
    await dialog.locator('[data-restore-submit]').click();
    await dialog.locator('[data-restore-done]').waitFor({ timeout: 30_000 });

    await waitFor(() => !featuresMap(doc).has('F-2') && featuresMap(doc).get('F-1')?.get('title') === 'Checkout', 30_000);
    expect(rankingOf(doc).map((r) => r.id)).toEqual(expected.features.map((f) => f.id));
    const ranking = (await api(ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: pat.token })).json as { features: unknown[] };
    expect(ranking.features).toEqual(expected.features);
    const history = (await api(ladder.url, `/api/rooms/${room.roomId}/history`, { token: pat.token })).json as { events: { kind: string; name: string; to: unknown }[] };
    const restored = history.events.filter((e) => e.kind === 'restored');
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({ name: 'Fran Facilitator', to: { seq: point, note: 'undo the spam' } });
    expect(member.errors).toEqual([]);
  });
});
