import { describe, expect, test } from 'vitest';
import { createFeature, deleteFeature, featuresMap, metaMap, rankingOf, setMeta, updateFeature } from '@ladder/board-doc';
import { waitFor } from '../support/clients';
import { api, errorShapeProblem, member } from '../support/http';
import { plain, useSafetyRoom } from './helpers';

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
      await waitFor(() => JSON.stringify(plain(rankingOf(people.doc(name)))) === JSON.stringify(expected.features), 20_000);
      expect(metaMap(people.doc(name)).get('title')).toBe('PI 26.1 planning');
      expect(featuresMap(people.doc(name)).has('F-3')).toBe(false);
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
});
