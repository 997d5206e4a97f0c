import { afterAll, describe, expect, test } from 'vitest';
import { addNote, createFeature, readNotes, updateFeature } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { connectClient, type SyncClient } from '../support/clients';
import { api, latestHistorySeq, member, roomWith } from '../support/http';
import { useLadder } from '../support/use-ladder';

// A restore changes features and settings, never the record of why: decision notes written after the point restored
// stay on every screen and in /history. And a restore or a revert is the facilitator's action, not a competing edit:
// reverting a participant after restores still finds that participant's own changes.

const ladder = useLadder();
const clients: SyncClient[] = [];

afterAll(() => {
  for (const c of clients) c.destroy();
});

/** A room with Ada (facilitator) and Ben, both connected; Ada's token, and the room's latest stored update. */
async function adaAndBen(title: string, benRole: 'product' | 'portfolio') {
  const room = await roomWith(ladder.url, { Ada: 'facilitator', Ben: benRole }, title);
  const ada = connectClient(ladder.wsUrl, room.roomId, member(room, 'Ada').token);
  const ben = connectClient(ladder.wsUrl, room.roomId, member(room, 'Ben').token);
  clients.push(ada, ben);
  await Promise.all([ada.synced, ben.synced]);
  const token = member(room, 'Ada').token;
  return { room, ada, ben, token, latest: () => latestHistorySeq(ladder.url, room.roomId, token) };
}

describe('restores, reverts and the history', () => {
  test('restoring to a point before three notes keeps all three, on every screen and in /history', async () => {
    const { room, ada, ben, token, latest } = await adaAndBen('Notes survive', 'portfolio');
    createFeature(ada.doc, { id: 'F-1', title: 'Checkout', jobSize: 5 }, { participantId: 'ada', now: 1 });
    const point = await eventually(latest, { until: (seq) => seq >= 2, what: 'the feature stored' });
    for (const [i, text] of ['Why we cut it', 'Agreed with LPM', 'Revisit in May'].entries()) {
      updateFeature(ben.doc, 'F-1', { jobSize: [8, 13, 20][i] as number });
      addNote(ben.doc, { id: `n-${i}`, text, author: 'Ben', at: 10 + i, featureId: 'F-1' });
    }
    await eventually(() => readNotes(ada.doc).length === 3, { what: 'three notes at Ada' });
    const restored = await api(ladder.url, `/api/rooms/${room.roomId}/restore`, { token, body: { seq: point, note: 'back to 5' } });
    expect(restored.status, restored.text).toBe(200);
    for (const c of [ada, ben]) {
      await eventually(() => c.doc.getMap('features').get('F-1') && (c.doc.getMap('features').get('F-1') as { get(k: string): unknown }).get('jobSize') === 5, { what: 'the restored jobSize' });
      expect(readNotes(c.doc).map((n) => n.text).sort()).toEqual(['Agreed with LPM', 'Revisit in May', 'Why we cut it']);
    }
    const events = ((await api(ladder.url, `/api/rooms/${room.roomId}/history`, { token })).json as { events: { kind: string; to: unknown }[] }).events;
    expect(events.filter((e) => e.kind === 'note').map((e) => e.to)).toEqual(['Why we cut it', 'Agreed with LPM', 'Revisit in May']);
  });

  test('reverting a participant after a restore and a restore back previews and applies their own edits, with no conflict', async () => {
    const { room, ada, ben, token, latest } = await adaAndBen('Revert after restores', 'product');
    createFeature(ada.doc, { id: 'F-1', title: 'Checkout', jobSize: 5 }, { participantId: 'ada', now: 1 });
    const before = await eventually(latest, { until: (seq) => seq >= 2, what: 'the feature stored' });
    await eventually(() => (ben.doc.getMap('features').get('F-1') as { get(k: string): unknown } | undefined)?.get('jobSize') === 5, { what: 'F-1 at Ben' });
    updateFeature(ben.doc, 'F-1', { jobSize: 13, title: 'Checkout, bigger' });
    const bens = await eventually(latest, { until: (seq) => seq > before, what: 'Ben\'s edit stored' });
    for (const seq of [before, bens]) {
      const answer = await api(ladder.url, `/api/rooms/${room.roomId}/restore`, { token, body: { seq } });
      expect(answer.status, answer.text).toBe(200);
    }
    const body = { participantId: member(room, 'Ben').participantId, sinceSeq: before };
    const preview = await api(ladder.url, `/api/rooms/${room.roomId}/revert-participant`, { token, body: { ...body, dryRun: true } });
    expect(preview.status, preview.text).toBe(200);
    const planned = preview.json as { changes: { featureId: string; field?: string }[]; conflicts: unknown[] };
    expect(planned.conflicts).toEqual([]);
    expect(planned.changes.map((c) => c.field).sort()).toEqual(['jobSize', 'title']);
    const applied = await api(ladder.url, `/api/rooms/${room.roomId}/revert-participant`, { token, body });
    expect(applied.status, applied.text).toBe(200);
    await eventually(() => (ada.doc.getMap('features').get('F-1') as { get(k: string): unknown }).get('jobSize') === 5, { what: 'Ben\'s jobSize reverted' });
  });
});
