import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, deleteFeature, updateFeature } from '@ladder/board-doc';
import { startLadder, type LadderServer } from '../support/server';
import { connectClient, sleep, type SyncClient } from '../support/clients';
import { canonicalState, clientRanking, rankingFields, sameBytes, type ApiRankingRow } from '../support/state';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { eventually } from '@ladder/testing';

interface HistoryEvent {
  seq: number; at: number; participantId: string; name: string; kind: string; featureId: string; field: string | null; from: unknown; to: unknown;
}
interface Seen { label: string; at: number; ranking: ApiRankingRow[] }

let server: LadderServer;
let room: RoomWithPeople;
let alice: SyncClient;
let bob: SyncClient;

beforeAll(async () => {
  // A snapshot every 3 updates, so the replays behind history/state start from snapshots, not only from the first update.
  server = await startLadder({ env: { LADDER_SNAPSHOT_EVERY: '3' } });
  room = await roomWith(server.url, { Alice: 'facilitator', Bob: 'product' });
  alice = connectClient(server.wsUrl, room.roomId, member(room, 'Alice').token);
  bob = connectClient(server.wsUrl, room.roomId, member(room, 'Bob').token);
  await Promise.all([alice.synced, bob.synced]);
});

afterAll(async () => {
  alice?.destroy();
  bob?.destroy();
  await server?.stop();
  server?.cleanup();
});

const get = (path: string) => api(server.url, `/api/rooms/${room.roomId}${path}`, { token: member(room, 'Bob').token });

/** Runs one edit on one client, waits until the other client has it (so the server stored it), and records what both saw. */
async function step(label: string, by: SyncClient, edit: (doc: Y.Doc) => void): Promise<Seen> {
  edit(by.doc);
  await eventually(() => sameBytes(Y.encodeStateVector(alice.doc), Y.encodeStateVector(bob.doc)) && canonicalState(alice.doc) === canonicalState(bob.doc), { timeout: 10_000, what: () => `step "${label}" did not reach the other client` });
  expect(clientRanking(alice.doc)).toEqual(clientRanking(bob.doc));
  await sleep(25);
  const seen = { label, at: Date.now(), ranking: clientRanking(alice.doc) };
  await sleep(25);
  return seen;
}

describe('history', () => {
  test('lists who changed what, in order, and replays the room at any seq or time', async () => {
    const aliceId = member(room, 'Alice').participantId;
    const bobId = member(room, 'Bob').participantId;
    await sleep(25);
    const start = Date.now();
    await sleep(25);
    const ctx = (participantId: string) => ({ participantId, now: Date.now() });

    const steps: Seen[] = [];
    steps.push(await step('Alice creates F-1', alice, (doc) => {
      createFeature(doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 5 }, ctx(aliceId));
    }));
    steps.push(await step('Bob creates F-2', bob, (doc) => {
      createFeature(doc, { id: 'F-2', title: 'Search', userBusinessValue: 5, timeCriticality: 5, riskReduction: 1, jobSize: 3 }, ctx(bobId));
    }));
    steps.push(await step('Bob raises F-1 time criticality', bob, (doc) => { updateFeature(doc, 'F-1', { timeCriticality: 13 }); }));
    steps.push(await step('Alice raises F-2 job size', alice, (doc) => { updateFeature(doc, 'F-2', { jobSize: 8 }); }));
    steps.push(await step('Alice creates unscored F-3', alice, (doc) => { createFeature(doc, { id: 'F-3', title: 'Reports' }, ctx(aliceId)); }));
    steps.push(await step('Bob deletes F-2', bob, (doc) => { deleteFeature(doc, 'F-2'); }));
    steps.push(await step('Alice renames F-1', alice, (doc) => { updateFeature(doc, 'F-1', { title: 'Checkout v2' }); }));

    const answer = await get('/history');
    expect(answer.status).toBe(200);
    const events = (answer.json as { events: HistoryEvent[] }).events;
    for (let i = 1; i < events.length; i++) expect((events[i] as HistoryEvent).seq).toBeGreaterThanOrEqual((events[i - 1] as HistoryEvent).seq);
    for (const event of events) {
      expect(Number.isInteger(event.seq) && event.seq >= 1).toBe(true);
      expect(typeof event.at).toBe('number');
    }

    // The events each step caused, matched in order; each step's seq is after the previous step's.
    const expected: Array<{ who: string; name: string; kind: string; featureId: string; field: string | null; check: (e: HistoryEvent) => void }> = [
      { who: aliceId, name: 'Alice', kind: 'created', featureId: 'F-1', field: null, check: (e) => expect(e.to).toMatchObject({ id: 'F-1', title: 'Checkout', userBusinessValue: 8, jobSize: 5 }) },
      { who: bobId, name: 'Bob', kind: 'created', featureId: 'F-2', field: null, check: (e) => expect(e.to).toMatchObject({ id: 'F-2', title: 'Search' }) },
      { who: bobId, name: 'Bob', kind: 'changed', featureId: 'F-1', field: 'timeCriticality', check: (e) => expect([e.from, e.to]).toEqual([3, 13]) },
      { who: aliceId, name: 'Alice', kind: 'changed', featureId: 'F-2', field: 'jobSize', check: (e) => expect([e.from, e.to]).toEqual([3, 8]) },
      { who: aliceId, name: 'Alice', kind: 'created', featureId: 'F-3', field: null, check: (e) => expect(e.to).toMatchObject({ id: 'F-3', title: 'Reports' }) },
      { who: bobId, name: 'Bob', kind: 'deleted', featureId: 'F-2', field: null, check: (e) => expect(e.from).toMatchObject({ id: 'F-2', jobSize: 8 }) },
      { who: aliceId, name: 'Alice', kind: 'changed', featureId: 'F-1', field: 'title', check: (e) => expect([e.from, e.to]).toEqual(['Checkout', 'Checkout v2']) },
    ];
    const seqs: number[] = [];
    let cursor = 0;
    for (const [i, want] of expected.entries()) {
      const found = events.findIndex((e, index) => index >= cursor && e.kind === want.kind && e.featureId === want.featureId && (e.field ?? null) === want.field);
      expect(found, `no event for "${steps[i]?.label}" after index ${cursor} in ${JSON.stringify(events)}`).toBeGreaterThanOrEqual(0);
      const event = events[found] as HistoryEvent;
      expect({ participantId: event.participantId, name: event.name }, steps[i]?.label).toEqual({ participantId: want.who, name: want.name });
      want.check(event);
      if (seqs.length > 0) expect(event.seq, `seq of "${steps[i]?.label}"`).toBeGreaterThan(seqs[seqs.length - 1] as number);
      seqs.push(event.seq);
      cursor = found + 1;
    }

    // ?recent=1: only the last update's events (Alice's rename), as a screen asks who made the change it just saw.
    const recent = await get('/history?recent=1');
    expect((recent.json as { events: HistoryEvent[] }).events.map((e) => [e.kind, e.featureId, e.field, e.name])).toEqual([['changed', 'F-1', 'title', 'Alice']]);
    expect((await get('/history?recent=0')).status).toBe(400);

    // The room before the first edit had no features.
    const empty = await get(`/history/state?at=${start}`);
    expect(empty.status).toBe(200);
    expect((empty.json as { features: unknown[] }).features).toEqual([]);

    // After each step, by seq and by time, the room is what the clients saw then.
    for (const [i, seen] of steps.entries()) {
      const bySeq = await get(`/history/state?seq=${seqs[i]}`);
      expect(bySeq.status, bySeq.text).toBe(200);
      const atSeq = bySeq.json as { seq: number; at: number; features: object[] };
      expect(atSeq.seq).toBe(seqs[i]);
      expect(typeof atSeq.at).toBe('number');
      expect(rankingFields(atSeq.features), `state after seq ${seqs[i]} ("${seen.label}")`).toEqual(seen.ranking);

      const byTime = await get(`/history/state?at=${seen.at}`);
      expect(byTime.status, byTime.text).toBe(200);
      const atTime = byTime.json as { seq: number; features: object[] };
      expect(atTime.seq).toBeGreaterThanOrEqual(seqs[i] as number);
      expect(rankingFields(atTime.features), `state at ${seen.at} ("${seen.label}")`).toEqual(seen.ranking);
    }
    expect(steps[2]?.ranking.map((r) => r.id)).toEqual(['F-1', 'F-2']);
    expect(steps[4]?.ranking.map((r) => [r.id, r.rank])).toEqual([['F-1', 1], ['F-2', 2], ['F-3', null]]);
  });
});
