import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addNote, createFeature, featuresMap } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import {
  createdRoomSchema, errorBodySchema, historyPageSchema, importReportSchema, inviteInfoSchema, joinedSchema, rosterSchema, timelineSchema,
} from '@ladder/wire';
import { connectClient } from '../support/clients';
import { api, member, roomWith } from '../support/http';
import { useLadder } from '../support/use-ladder';

// The server's answers parse with the schemas of `@ladder/wire` that the web client reads them with: a field the
// server renames breaks this test (and the web client's build), not a user's board.

const ladder = useLadder();

describe('the wire contract', () => {
  test('rooms, invites, people, imports, history and errors answer in the shapes of @ladder/wire', async () => {
    const created = await api(ladder.url, '/api/rooms', { body: { title: 'Wire' } });
    expect(createdRoomSchema.safeParse(created.json).success).toBe(true);
    const room = await roomWith(ladder.url, { Ada: 'facilitator', Mal: 'product' }, 'Wire');
    const invite = new URL(room.links.product).searchParams.get('invite') as string;
    expect(inviteInfoSchema.parse((await api(ladder.url, `/api/rooms/${room.roomId}/invite`, { token: invite })).json).role).toBe('product');
    expect(joinedSchema.safeParse((await api(ladder.url, `/api/rooms/${room.roomId}/join`, { body: { invite, name: 'Pat' } })).json).success).toBe(true);
    const people = rosterSchema.parse((await api(ladder.url, `/api/rooms/${room.roomId}/participants`, { token: member(room, 'Ada').token })).json);
    expect(people.participants.map((p) => p.name).sort()).toEqual(['Ada', 'Mal', 'Pat']);
    const imported = await api(ladder.url, `/api/rooms/${room.roomId}/import`, { token: member(room, 'Ada').token, body: 'title,job size\nImported,5\n', contentType: 'text/csv' });
    expect(importReportSchema.parse(imported.json).created).toBe(1);

    // Every kind of history event the board records here: created, changed, a note, and a refused value.
    const ada = connectClient(ladder.wsUrl, room.roomId, member(room, 'Ada').token);
    const mal = connectClient(ladder.wsUrl, room.roomId, member(room, 'Mal').token);
    await Promise.all([ada.synced, mal.synced]);
    createFeature(ada.doc, { id: 'F-1', title: 'Checkout', jobSize: 5 }, { participantId: 'ada', now: 1 });
    addNote(ada.doc, { id: 'n-1', text: 'Checkout first', author: 'Ada', at: 2, featureId: 'F-1' });
    await eventually(() => featuresMap(mal.doc).has('F-1'), { what: 'F-1 at Mal' });
    mal.doc.transact(() => (featuresMap(mal.doc).get('F-1') as Y.Map<unknown>).set('jobSize', 'huge'));
    const history = await eventually(async () => historyPageSchema.parse((await api(ladder.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ada').token })).json), {
      until: (page) => ['created', 'note', 'reverted'].every((kind) => page.events.some((e) => e.kind === kind)), what: 'created, note and reverted in the history',
    });
    expect(history.events.find((e) => e.kind === 'note')).toMatchObject({ noteId: 'n-1', to: 'Checkout first', featureId: 'F-1' });
    const timeline = timelineSchema.parse((await api(ladder.url, `/api/rooms/${room.roomId}/history/timeline`, { token: member(room, 'Ada').token })).json);
    expect(timeline.points.flatMap((p) => p.notes ?? []).map((n) => n.id)).toEqual(['n-1']);

    for (const answer of [
      await api(ladder.url, '/api/rooms', { body: { title: '' } }),
      await api(ladder.url, `/api/rooms/${room.roomId}/ranking`),
      await api(ladder.url, `/api/rooms/${room.roomId}/import`, { token: member(room, 'Ada').token, body: '', contentType: 'text/csv' }),
    ]) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(errorBodySchema.safeParse(answer.json).success, answer.text).toBe(true);
    }
    ada.destroy();
    mal.destroy();
  });
});
