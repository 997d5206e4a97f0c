import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { featuresMap } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member } from '../support/http';
import { useLadder } from '../support/use-ladder';
import { estimationRoom, expectStatus, roundIdOf, roundsApi } from './support';

// A live round locks what it estimates: a client's change of one of its components is set back in its own commit, so
// no other client ever observes it and the ranking keeps the value from before the round; the accept writes the new one.

const ladder = useLadder();
const clients: SyncClient[] = [];

afterAll(() => {
  for (const c of clients) c.destroy();
});

let roomId = '';

async function connect(token: string): Promise<SyncClient> {
  const c = connectClient(ladder.wsUrl, roomId, token);
  clients.push(c);
  await c.synced;
  return c;
}

/** Every value of `field` a client ever observes on feature `id`. */
function observe(c: SyncClient, id: string, field: string): unknown[] {
  const seen: unknown[] = [];
  featuresMap(c.doc).observeDeep((events) => {
    for (const e of events) {
      if (e instanceof Y.YMapEvent && e.target !== featuresMap(c.doc) && e.path[0] === id && e.keysChanged.has(field)) seen.push((e.target as Y.Map<unknown>).get(field));
    }
  });
  return seen;
}

const fieldOf = (c: SyncClient, id: string, field: string) => (featuresMap(c.doc).get(id) as Y.Map<unknown> | undefined)?.get(field);

describe('a live round locks what it estimates', () => {
  test('feature round: a product client\'s write of a locked component is never observed; other components stay editable; the accept writes', async () => {
    const { room, features } = await estimationRoom(ladder.url, { Fay: 'facilitator', Pia: 'product', Lis: 'observer' }, ['Checkout']);
    roomId = room.roomId;
    const f = features.Checkout as string;
    const fay = await connect(member(room, 'Fay').token);
    fay.doc.transact(() => {
      const map = featuresMap(fay.doc).get(f) as Y.Map<unknown>;
      map.set('jobSize', 5);
      map.set('userBusinessValue', 8);
    });
    const pia = await connect(member(room, 'Pia').token);
    const lis = await connect(member(room, 'Lis').token);
    await eventually(() => fieldOf(lis, f, 'jobSize') === 5 && fieldOf(pia, f, 'jobSize') === 5, { what: 'jobSize 5 everywhere' });
    const seenJob = observe(lis, f, 'jobSize');
    const seenBv = observe(lis, f, 'userBusinessValue');
    const rounds = roundsApi(ladder.url, room);
    const roundId = roundIdOf(await rounds.open('Fay', { featureId: f, components: ['jobSize'] }));

    // Pia changes the locked component, then one the round does not estimate.
    pia.doc.transact(() => (featuresMap(pia.doc).get(f) as Y.Map<unknown>).set('jobSize', 13));
    await eventually(() => fieldOf(pia, f, 'jobSize') === 5, { what: 'Pia gets jobSize 5 back' });
    pia.doc.transact(() => (featuresMap(pia.doc).get(f) as Y.Map<unknown>).set('userBusinessValue', 13));
    await eventually(() => fieldOf(lis, f, 'userBusinessValue') === 13, { what: 'the unlocked component changes' });
    const ranking = async () => ((await api(ladder.url, `/api/rooms/${roomId}/ranking`, { token: member(room, 'Lis').token })).json as { features: { id: string; jobSize: number | null }[] }).features;
    expect((await ranking()).find((r) => r.id === f)?.jobSize).toBe(5);
    // The compensation may reach a client as the same value written again: never as 13.
    expect(seenJob.filter((v) => v !== 5)).toEqual([]);
    expect(seenBv).toEqual([13]);
    const history = ((await api(ladder.url, `/api/rooms/${roomId}/history`, { token: member(room, 'Fay').token })).json as { events: { kind: string; field: string | null; from: unknown; to: { reason?: string } }[] }).events;
    expect(history.filter((e) => e.kind === 'reverted').map((e) => [e.field, e.from])).toEqual([['jobSize', 13]]);
    expect(history.find((e) => e.kind === 'reverted')?.to.reason).toMatch(/a round is open on jobSize/);

    // The round's accept writes the value; afterwards the component is free again.
    expectStatus(await rounds.vote('Pia', roundId, { jobSize: 8 }), 204);
    expectStatus(await rounds.reveal('Fay', roundId), 200);
    expectStatus(await rounds.accept('Fay', roundId, { values: { jobSize: 8 } }), 200);
    await eventually(() => fieldOf(lis, f, 'jobSize') === 8, { what: 'the accepted jobSize at Lis' });
    expect(seenJob.filter((v) => v !== 5)).toEqual([8]);
    pia.doc.transact(() => (featuresMap(pia.doc).get(f) as Y.Map<unknown>).set('jobSize', 3));
    await eventually(() => fieldOf(lis, f, 'jobSize') === 3, { what: 'jobSize editable after the accept' });
  });

  test('the facilitator cancels a round: nothing of its votes is shown, no value is written, and what it locked is free again', async () => {
    const { room, features } = await estimationRoom(ladder.url, { Fay: 'facilitator', Pia: 'product', Lis: 'observer' }, ['Search']);
    roomId = room.roomId;
    const f = features.Search as string;
    const pia = await connect(member(room, 'Pia').token);
    const lis = await connect(member(room, 'Lis').token);
    const rounds = roundsApi(ladder.url, room);
    const roundId = roundIdOf(await rounds.open('Fay', { featureId: f, components: ['jobSize'] }));
    expectStatus(await rounds.vote('Pia', roundId, { jobSize: 13 }), 204);
    expectStatus(await rounds.cancel('Pia', roundId), 403);
    const cancelled = expectStatus(await rounds.cancel('Fay', roundId), 200);
    expect(cancelled.json).toEqual({ roundId, status: 'closed' });
    expectStatus(await rounds.cancel('Fay', roundId), 200);
    expectStatus(await rounds.reveal('Fay', roundId), 409);
    expectStatus(await rounds.vote('Pia', roundId, { jobSize: 8 }), 409);
    const state = (await rounds.state('Lis', roundId)).json as { status: string; result: unknown };
    expect(state).toMatchObject({ status: 'closed', result: null });
    // No vote value anywhere in the public state (a plain search for "13" would also meet times and ids).
    const shown = JSON.stringify(lis.doc.getMap('rounds').toJSON());
    expect(shown).not.toMatch(/"values"|"jobSize":13|:13[,}\]]/);
    expect(state.result).toBeNull();
    // The component is free again.
    pia.doc.transact(() => (featuresMap(pia.doc).get(f) as Y.Map<unknown>).set('jobSize', 3));
    await eventually(() => fieldOf(lis, f, 'jobSize') === 3, { what: 'jobSize editable after the cancel' });
  });

  test('a vote with some of the round\'s values is shown as partial, not done; "everyone has voted" waits for complete votes', async () => {
    const { room, features } = await estimationRoom(ladder.url, { Fay: 'facilitator', Pia: 'product', Pol: 'portfolio' }, ['Reports']);
    const f = features.Reports as string;
    const rounds = roundsApi(ladder.url, room);
    const roundId = roundIdOf(await rounds.open('Fay', { featureId: f, components: ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'], autoReveal: true }));
    expectStatus(await rounds.vote('Pia', roundId, { userBusinessValue: 8, jobSize: 3 }), 204);
    const voted = async () => ((await rounds.state('Fay', roundId)).json as { status: string; voted: { name: string; parts?: number }[] });
    expect((await voted()).voted).toEqual([expect.objectContaining({ name: 'Pia', parts: 2 })]);
    expectStatus(await rounds.vote('Pol', roundId, { userBusinessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 5 }), 204);
    const state = await voted();
    expect(state.status).toBe('open');
    expect(state.voted.map((v) => [v.name, v.parts])).toEqual([['Pia', 2], ['Pol', undefined]]);
    expect(JSON.stringify(state)).not.toContain('"values"');
    // Pia completes her vote (a later vote replaces the earlier one): now everyone has, and the round reveals itself.
    expectStatus(await rounds.vote('Pia', roundId, { userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 3 }), 204);
    await eventually(async () => (await voted()).status, { until: (s) => s === 'revealed', what: 'the auto-reveal after the complete votes' });
  });
});
