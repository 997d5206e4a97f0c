import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { featuresMap } from '@ladder/board-doc';
import type { LadderServer, Role } from '../support/server';
import { connectClient, type SyncClient } from '../support/clients';
import { runChurn } from '../support/churn';
import { canonicalState, clientRanking, rankingFields, rebuiltUpdate, sameBytes } from '../support/state';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { createCluster, type Cluster } from './cluster';
import { createRng, eventually, testSeed } from '@ladder/testing';

const SEED = testSeed(20_261_124);
const NODES = 3;
const CLIENTS = 12;
const STEPS = 500;
const WRITERS: Role[] = ['facilitator', 'product', 'portfolio'];

let cluster: Cluster;
let nodes: LadderServer[];
let room: RoomWithPeople;
const clients: SyncClient[] = [];

beforeAll(async () => {
  cluster = await createCluster('convergence');
  // Frequent snapshots: each node writes some while the others' updates are still in flight.
  nodes = await Promise.all(Array.from({ length: NODES }, () => cluster.start({ env: { LADDER_SNAPSHOT_EVERY: '7' } })));
  const people: Record<string, Role> = { Olivia: 'observer' };
  for (let i = 0; i < CLIENTS; i++) people[`P${i}`] = WRITERS[i % WRITERS.length] as Role;
  // Created and joined through node 0; the tokens work on every node (shared secret, shared database).
  room = await roomWith((nodes[0] as LadderServer).url, people);
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await cluster?.destroy();
});

const nodeOf = (i: number) => nodes[i % NODES] as LadderServer;

describe('several nodes on PostgreSQL and Redis', () => {
  test(`clients spread over ${NODES} nodes with random edits and disconnects converge, with one ranking on every node (seed ${SEED})`, async () => {
    for (let i = 0; i < CLIENTS; i++) clients.push(connectClient(nodeOf(i).wsUrl, room.roomId, member(room, `P${i}`).token));
    await Promise.all(clients.map((c) => c.synced));

    const { log, disconnects } = await runChurn(createRng(SEED), clients, STEPS,
      (i) => ({ participantId: member(room, `P${i}`).participantId, label: String(i) }));
    expect(disconnects).toBeGreaterThan(5);

    await eventually(() => {
      const sv = Y.encodeStateVector((clients[0] as SyncClient).doc);
      return clients.every((c) => c.provider.synced && sameBytes(Y.encodeStateVector(c.doc), sv));
    }, { timeout: 60_000, what: () => `clients did not converge (seed ${SEED}); last steps:\n${log.slice(-10).join('\n')}\n${
      clients.map((c, i) => `#${i} node${i % NODES} connected=${c.provider.wsconnected} features=${featuresMap(c.doc).size}`).join('\n')}` });

    // A fresh client on every node receives that same state: each node's document holds everything.
    for (const node of nodes) {
      const fresh = connectClient(node.wsUrl, room.roomId, member(room, 'Olivia').token);
      clients.push(fresh);
      await fresh.synced;
    }
    const reference = clients[0] as SyncClient;
    const referenceUpdate = rebuiltUpdate(reference.doc);
    expect(featuresMap(reference.doc).size).toBeGreaterThan(5);
    for (const [i, client] of clients.entries()) {
      expect(sameBytes(rebuiltUpdate(client.doc), referenceUpdate), `document bytes of client #${i}`).toBe(true);
      expect(canonicalState(client.doc), `content of client #${i}`).toBe(canonicalState(reference.doc));
    }

    // A node started now loads the room from storage (the latest snapshot and the updates after it): the same state.
    const late = await cluster.start();
    const lateClient = connectClient(late.wsUrl, room.roomId, member(room, 'Olivia').token);
    clients.push(lateClient);
    await lateClient.synced;
    expect(sameBytes(rebuiltUpdate(lateClient.doc), referenceUpdate), 'document loaded from storage by a new node').toBe(true);
    const snapshots = await cluster.sql<{ n: string }>(`SELECT count(*) AS n FROM "${cluster.schema}".snapshots WHERE room_id = $1`, [room.roomId]);
    expect(Number(snapshots[0]?.n)).toBeGreaterThan(3);

    // Every node answers the same ranking, and it is the one every client derives.
    const expected = clientRanking(reference.doc);
    expect(expected.some((row) => row.rank !== null)).toBe(true);
    for (const [n, node] of nodes.entries()) {
      const answer = await api(node.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, `P${n}`).token });
      expect(answer.status, `ranking on node ${n}`).toBe(200);
      expect(rankingFields((answer.json as { features: object[] }).features), `ranking on node ${n}`).toEqual(expected);
    }
    for (const client of clients) expect(client.closes.filter((c) => c.code >= 4000)).toEqual([]);
  }, 120_000);

  test('presence (awareness) set on one node reaches clients of the other nodes, and leaves with its client', async () => {
    const a = connectClient(nodeOf(0).wsUrl, room.roomId, member(room, 'P0').token);
    const b = connectClient(nodeOf(1).wsUrl, room.roomId, member(room, 'P1').token);
    const c = connectClient(nodeOf(2).wsUrl, room.roomId, member(room, 'P2').token);
    clients.push(a, b, c);
    await Promise.all([a.synced, b.synced, c.synced]);
    a.provider.awareness.setLocalStateField('user', { name: 'P0', cursor: { x: 12, y: 34 } });
    const seen = (client: SyncClient) => (client.provider.awareness.getStates().get(a.doc.clientID) as { user?: { cursor?: { x: number } } } | undefined)?.user?.cursor?.x === 12;
    await eventually(() => seen(b) && seen(c), { timeout: 10_000, what: () => 'the cursor set on node 0 did not reach nodes 1 and 2' });
    a.destroy();
    await eventually(() => !b.provider.awareness.getStates().has(a.doc.clientID) && !c.provider.awareness.getStates().has(a.doc.clientID), { timeout: 10_000, what: () => 'the presence of a client that left node 0 stayed on nodes 1 and 2' });
  }, 120_000);
});
