import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addNote, createFeature, deleteFeature, featuresMap, metaMap, rankingOf, readNotes, readRecovery, setMeta, updateFeature } from '@ladder/board-doc';
import { api, errorShapeProblem, member } from '../support/http';
import { plain, useSafetyRoom } from './helpers';
import { eventually } from '@ladder/testing';

// Snapshots every 4th update, so past states come from snapshots and from replays alike.
const room = useSafetyRoom({ LADDER_SNAPSHOT_EVERY: '4' });

const by = { participantId: 'x', now: 1 };

describe('restore to a point', () => {
  test('the board becomes what history/state says it was, as one new change; the state before stays reachable', async () => {
    const { people } = room;
    await people.write('Ada', (d) => createFeature(d, { id: 'F-1', title: 'Login', userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 5 }, by));
    await people.write('Ben', (d) => createFeature(d, { id: 'F-2', title: 'Search', userBusinessValue: 5, timeCriticality: 5, riskReduction: 5, jobSize: 3 }, { ...by, now: 2 }));
    await people.write('Cleo', (d) => updateFeature(d, 'F-1', { jobSize: 13 }));
    const point = await people.latestSeq(3);
    const expected = (await people.api('Ben', `/history/state?seq=${point}`)).json as { features: unknown[] };

    await people.write('Ben', (d) => updateFeature(d, 'F-2', { title: 'Search v2', jobSize: 1 }));
    await people.write('Cleo', (d) => deleteFeature(d, 'F-1'));
    await people.write('Ada', (d) => createFeature(d, { id: 'F-3', title: 'Export', userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 20 }, { ...by, now: 3 }));
    people.doc('Ada').transact(() => setMeta(people.doc('Ada'), { title: 'Renamed' }));
    const beforeRestore = await people.latestSeq(7);
    const preState = (await people.api('Ben', `/history/state?seq=${beforeRestore}`)).json as { features: unknown[] };
    expect(preState.features).not.toEqual(expected.features);

    const answer = await people.api('Ada', '/restore', { seq: point, note: 'undo the bulk edit' });
    expect(answer.status).toBe(200);
    const body = answer.json as { seq: number; restoredTo: { seq: number } };
    expect(body.restoredTo.seq).toBe(point);
    expect(body.seq).toBeGreaterThan(beforeRestore);

    const ranking = (await people.api('Ben', '/ranking')).json as { features: unknown[] };
    expect(ranking.features).toEqual(expected.features);
    expect((await people.api('Ben', `/history/state?seq=${body.seq}`)).json).toMatchObject({ features: expected.features });
    expect((await people.api('Ben', `/history/state?seq=${beforeRestore}`)).json).toMatchObject({ features: preState.features });
    for (const name of ['Ada', 'Ben', 'Cleo']) {
      await eventually(() => JSON.stringify(plain(rankingOf(people.doc(name)))) === JSON.stringify(expected.features), { timeout: 20_000 });
      expect(metaMap(people.doc(name)).get('title')).toBe('PI 26.1 planning');
      expect(featuresMap(people.doc(name)).has('F-3')).toBe(false);
      // Restored features say who restored them last (F-1 was deleted since the point; F-2 was edited by Ben).
      for (const id of ['F-1', 'F-2']) expect(featuresMap(people.doc(name)).get(id)?.get('updatedBy'), `${name} ${id}`).toBe(member(people.room, 'Ada').participantId);
      // Every screen can name the change a restore: the mark arrives in the same change.
      expect(readRecovery(people.doc(name))).toMatchObject({
        kind: 'restored', by: { participantId: member(people.room, 'Ada').participantId, name: 'Ada' }, toSeq: point, note: 'undo the bulk edit',
      });
    }
    const restored = (await people.history()).filter((e) => e.kind === 'restored');
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({ seq: body.seq, participantId: member(people.room, 'Ada').participantId, name: 'Ada' });
    expect(restored[0]?.to).toMatchObject({ seq: point, note: 'undo the bulk edit' });
  });

  test('only a facilitator may restore; bad bodies and unknown rooms answer the contract errors', async () => {
    const { server, people } = room;
    const cases: Array<[number, Promise<import('../support/http').ApiAnswer>]> = [
      [403, people.api('Ben', '/restore', { seq: 1 })],
      [401, api(server.url, `/api/rooms/${people.room.roomId}/restore`, { body: { seq: 1 } })],
      [400, people.api('Ada', '/restore', { note: 'no point' })],
      [400, people.api('Ada', '/restore', { seq: 1, at: 5 })],
      [400, people.api('Ada', '/restore', { seq: 999_999 })],
      // Before the room existed: nothing to restore to (it would take the title and scale with it).
      [400, people.api('Ada', '/restore', { seq: 0, note: 'x' })],
      [400, people.api('Ada', '/restore', { at: 1, note: 'x' })],
      [404, api(server.url, '/api/rooms/nosuchroom0000/restore', { token: member(people.room, 'Ada').token, body: { seq: 1 } })],
      [403, people.api('Ben', '/revert-participant', { participantId: member(people.room, 'Cleo').participantId, sinceSeq: 0 })],
      [404, people.api('Ada', '/revert-participant', { participantId: 'nobody', sinceSeq: 0 })],
      [400, people.api('Ada', '/revert-participant', { participantId: member(people.room, 'Cleo').participantId })],
    ];
    for (const [status, pending] of cases) {
      const answer = await pending;
      expect(answer.status, answer.text).toBe(status);
      expect(errorShapeProblem(answer)).toBeNull();
    }
  });

  test('decision notes (a Y.Map inside meta) are never taken away by a restore, and later notes join them', async () => {
    const { people } = room;
    const names = ['Ada', 'Ben', 'Cleo'];
    /** The update that wrote note `id`, once the server has stored it. */
    const noteSeq = (id: string) => eventually(async () => {
      const { points } = (await people.api('Ada', '/history/timeline')).json as { points: Array<{ seq: number; notes?: Array<{ id: string }> }> };
      return points.find((p) => p.notes?.some((n) => n.id === id))?.seq ?? null;
    }, { timeout: 20_000 });
    const noteIds = (doc: Y.Doc) => readNotes(doc).map((n) => n.id).join(',');
    const allSee = (ids: string) => eventually(() => names.every((name) => noteIds(people.doc(name)) === ids), { timeout: 20_000 });
    const note = (name: string, id: string, at: number) => {
      const doc = people.doc(name);
      doc.transact(() => addNote(doc, { id, text: `why ${id}`, author: name, at }));
    };
    const restore = async (seq: number) => {
      const answer = await people.api('Ada', '/restore', { seq, note: `back to ${seq}` });
      expect(answer.status, answer.text).toBe(200);
    };

    await people.write('Ada', (d) => createFeature(d, { id: 'N-1', title: 'Notes', userBusinessValue: 3, timeCriticality: 3, riskReduction: 3, jobSize: 3 }, by));
    const beforeNotes = await people.latestSeq(1);
    note('Ben', 'note-a', 1000);
    await allSee('note-a');
    const withOne = await noteSeq('note-a');
    note('Cleo', 'note-b', 2000);
    await allSee('note-a,note-b');
    const withTwo = await noteSeq('note-b');

    // A restore changes features and settings, never the record of why: every note stays, the map a client holds too.
    const held = metaMap(people.doc('Ben')).get('notes');
    await restore(beforeNotes);
    await restore(withOne);
    await restore(withTwo);
    await allSee('note-a,note-b');
    expect(metaMap(people.doc('Ben')).get('notes')).toBe(held);
    for (const name of names) expect(metaMap(people.doc(name)).get('notes'), name).toBeInstanceOf(Y.Map);

    // A note written after the restores joins them on every screen.
    note('Cleo', 'note-c', 3000);
    await allSee('note-a,note-b,note-c');
    for (const name of names) expect(metaMap(people.doc(name)).get('notes'), name).toBeInstanceOf(Y.Map);
  });
});
