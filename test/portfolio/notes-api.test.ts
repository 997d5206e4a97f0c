import { afterAll, describe, expect, test } from 'vitest';
import { createFeature, readNotes } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { connectClient, type SyncClient } from '../support/clients';
import { api, latestHistorySeq, member, roomWith } from '../support/http';
import { useLadder } from '../support/use-ladder';

// Decision notes through the API (CONTRACT.md, "Decision notes"): written by the writers, listed oldest first with
// their author and update, on every screen at once, and never removed by a restore.

const ladder = useLadder();
const clients: SyncClient[] = [];

afterAll(() => {
  for (const c of clients) c.destroy();
});

describe('POST and GET /api/rooms/:roomId/notes', () => {
  test('writers add notes (on the ranking or a feature); everyone lists them oldest first; a restore keeps them', async () => {
    const room = await roomWith(ladder.url, { Ada: 'facilitator', Pia: 'product', Olga: 'observer' }, 'Notes API');
    const ada = connectClient(ladder.wsUrl, room.roomId, member(room, 'Ada').token);
    clients.push(ada);
    await ada.synced;
    createFeature(ada.doc, { id: 'F-1', title: 'Checkout', jobSize: 5 }, { participantId: 'ada', now: 1 });
    const path = `/api/rooms/${room.roomId}/notes`;
    const token = (name: string) => member(room, name).token;
    await eventually(async () => ((await api(ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: token('Ada') })).json as { features: unknown[] }).features.length === 1, { what: 'F-1 stored' });
    const before = await latestHistorySeq(ladder.url, room.roomId, token('Ada'));

    const first = await api(ladder.url, path, { token: token('Pia'), body: { text: 'Checkout first: the Q3 launch needs it', featureId: 'F-1' } });
    expect(first.status, first.text).toBe(201);
    const second = await api(ladder.url, path, { token: token('Ada'), body: { text: 'Ranking agreed with LPM' } });
    expect(second.status).toBe(201);
    expect((await api(ladder.url, path, { token: token('Olga'), body: { text: 'no' } })).status).toBe(403);
    expect((await api(ladder.url, path, { token: token('Pia'), body: { text: '' } })).status).toBe(400);
    expect((await api(ladder.url, path, { token: token('Pia'), body: { text: 'x', featureId: 'F-404' } })).status).toBe(404);

    const list = async () => (await api(ladder.url, path, { token: token('Olga') })).json as { notes: { id: string; text: string; featureId: string | null; participantId: string; name: string; at: number; seq: number }[] };
    const { notes } = await list();
    const mine = notes;
    expect(mine.map((n) => [n.id, n.text, n.featureId, n.participantId, n.name])).toEqual([
      [(first.json as { id: string }).id, 'Checkout first: the Q3 launch needs it', 'F-1', member(room, 'Pia').participantId, 'Pia'],
      [(second.json as { id: string }).id, 'Ranking agreed with LPM', null, member(room, 'Ada').participantId, 'Ada'],
    ]);
    expect(mine[0]?.seq).toBeLessThan(mine[1]?.seq as number);
    await eventually(() => readNotes(ada.doc).some((n) => n.text === 'Ranking agreed with LPM'), { what: 'the note on Ada\'s screen' });

    const restored = await api(ladder.url, `/api/rooms/${room.roomId}/restore`, { token: token('Ada'), body: { seq: before } });
    expect(restored.status, restored.text).toBe(200);
    expect((await list()).notes.map((n) => n.text)).toEqual(['Checkout first: the Q3 launch needs it', 'Ranking agreed with LPM']);
    expect(readNotes(ada.doc).map((n) => n.text)).toEqual(expect.arrayContaining(['Checkout first: the Q3 launch needs it', 'Ranking agreed with LPM']));
  });
});
