import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, featuresMap, metaMap, rankingOf } from '@ladder/board-doc';
import { connectClient, waitFor, type SyncClient } from '../support/clients';
import { api, fetchMetrics, member, roomWith, sumMetric, type RoomWithPeople } from '../support/http';
import { useLadder } from '../support/use-ladder';

interface Event { seq: number; participantId: string | null; kind: string; featureId: string; field: string | null; from: unknown; to: unknown }

const server = useLadder();
const clients: SyncClient[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
});

async function join(room: RoomWithPeople, name: string): Promise<SyncClient> {
  const client = connectClient(server.wsUrl, room.roomId, member(room, name).token);
  clients.push(client);
  await client.synced;
  return client;
}

const fieldOf = (client: SyncClient, id: string, field: string): unknown => {
  const map = featuresMap(client.doc).get(id) as unknown;
  return map instanceof Y.Map ? map.get(field) : map;
};

describe('semantic validation of raw document writes', () => {
  test('invalid values written straight into features and meta are reverted, recorded, counted and never ranked', async () => {
    const room = await roomWith(server.url, { Ada: 'facilitator', Ben: 'product', Mal: 'portfolio' });
    const ada = await join(room, 'Ada');
    const ben = await join(room, 'Ben');
    const mal = await join(room, 'Mal');
    createFeature(ada.doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, { participantId: member(room, 'Ada').participantId, now: 1 });
    await waitFor(() => fieldOf(mal, 'F-1', 'jobSize') === 5 && fieldOf(ben, 'F-1', 'jobSize') === 5);
    const good = JSON.parse(JSON.stringify(rankingOf(ben.doc))) as unknown;
    const before = sumMetric(await fetchMetrics(server.url), /^ladder_reverted_changes_total$/);

    // A raw client, bypassing board-doc: Y.Map set calls with nonsense.
    const f1 = featuresMap(mal.doc).get('F-1') as Y.Map<unknown>;
    mal.doc.transact(() => f1.set('jobSize', 'huge'));
    mal.doc.transact(() => f1.set('userBusinessValue', Number.NaN));
    mal.doc.transact(() => {
      f1.set('timeCriticality', 4); // off the scale [1,2,3,5,8,13,20]
      f1.set('title', 'x'.repeat(1_000_000));
    });
    await waitFor(() => fieldOf(ben, 'F-1', 'jobSize') === 5 && fieldOf(ben, 'F-1', 'userBusinessValue') === 8
      && fieldOf(ben, 'F-1', 'timeCriticality') === 5 && fieldOf(ben, 'F-1', 'title') === 'Checkout', 20_000,
    () => JSON.stringify({ jobSize: fieldOf(ben, 'F-1', 'jobSize'), ubv: fieldOf(ben, 'F-1', 'userBusinessValue'), tc: fieldOf(ben, 'F-1', 'timeCriticality') }));
    expect(JSON.parse(JSON.stringify(rankingOf(ben.doc)))).toEqual(good);
    expect(JSON.parse(JSON.stringify(rankingOf(ada.doc)))).toEqual(good);
    const ranking = await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Ben').token });
    expect(ranking.json).toEqual({ features: good });

    const history = (await api(server.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ben').token })).json as { events: Event[] };
    const reverted = history.events.filter((e) => e.kind === 'reverted');
    expect(reverted.map((e) => e.field).sort()).toEqual(['jobSize', 'timeCriticality', 'title', 'userBusinessValue']);
    for (const e of reverted) {
      expect(e.participantId).toBe(member(room, 'Mal').participantId);
      expect(typeof (e.to as { reason: unknown }).reason).toBe('string');
    }
    expect(JSON.stringify(reverted).length).toBeLessThan(10_000);
    const after = sumMetric(await fetchMetrics(server.url), /^ladder_reverted_changes_total$/);
    expect(after - before).toBe(4);

    // Three reverted updates: the sender is closed with a named 4xxx code.
    await waitFor(() => mal.closes.length > 0, 20_000);
    expect(mal.closes[0]?.code).toBe(4409);
    expect(mal.closes[0]?.reason).toMatch(/reverted/);
  });

  test('a negative job size in a new feature, a feature that is not a map and a broken meta are undone for everyone', async () => {
    const room = await roomWith(server.url, { Ada: 'facilitator', Ben: 'product' });
    const ada = await join(room, 'Ada');
    const ben = await join(room, 'Ben');
    ben.doc.transact(() => {
      const map = new Y.Map<unknown>();
      map.set('id', 'F-9');
      map.set('title', 'Search');
      map.set('jobSize', -3);
      featuresMap(ben.doc).set('F-9', map);
    });
    ben.doc.transact(() => (featuresMap(ben.doc) as Y.Map<unknown>).set('F-bad', 'not a map'));
    await waitFor(() => fieldOf(ada, 'F-9', 'title') === 'Search' && !featuresMap(ada.doc).has('F-bad') && fieldOf(ada, 'F-9', 'jobSize') === undefined, 20_000);
    await waitFor(() => !featuresMap(ben.doc).has('F-bad') && fieldOf(ben, 'F-9', 'jobSize') === undefined, 20_000, () => `ben still has ${JSON.stringify(featuresMap(ben.doc).toJSON())}`);

    const title = metaMap(ada.doc).get('title');
    ada.doc.transact(() => {
      metaMap(ada.doc).set('scale', 'fibonacci');
      metaMap(ada.doc).set('capacity', -1);
    });
    await waitFor(() => [ada, ben].every((c) => Array.isArray(metaMap(c.doc).get('scale')) && !metaMap(c.doc).has('capacity')), 20_000);
    expect(metaMap(ben.doc).get('title')).toBe(title);
    expect(metaMap(ada.doc).get('scale')).toEqual([1, 2, 3, 5, 8, 13, 20]);
  });

  test('history attributes each change to the token that sent it, whatever the payload claims', async () => {
    const room = await roomWith(server.url, { Ada: 'facilitator', Ben: 'product' });
    const ben = await join(room, 'Ben');
    createFeature(ben.doc, { id: 'F-2', title: 'Claims' }, { participantId: member(room, 'Ada').participantId, now: 2 });
    await waitFor(async () => {
      const history = (await api(server.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ada').token })).json as { events: Event[] };
      return history.events.some((e) => e.kind === 'created' && e.featureId === 'F-2');
    });
    const history = (await api(server.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ada').token })).json as { events: Event[] };
    const created = history.events.find((e) => e.kind === 'created' && e.featureId === 'F-2');
    expect(created?.participantId).toBe(member(room, 'Ben').participantId);
  });
});
