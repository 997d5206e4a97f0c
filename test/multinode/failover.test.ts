import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, featuresMap, readMeta, updateFeature } from '@ladder/board-doc';
import type { LadderProcess, LadderServer, Role } from '../support/server';
import { connectClient, sleep, type SyncClient } from '../support/clients';
import { canonicalState, containsState, describeMissing, docFromUpdates, rebuiltUpdate, sameBytes } from '../support/state';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { createCluster, type Cluster } from './cluster';
import { createRng, eventually, type Rng, testSeed } from '@ladder/testing';

const SEED = testSeed(20_261_125);
const PER_NODE = 3;
const WRITERS: Role[] = ['facilitator', 'product', 'portfolio'];

let cluster: Cluster;
let room: RoomWithPeople;
const clients: SyncClient[] = [];

beforeAll(async () => {
  cluster = await createCluster('failover');
  // The first node is the one the test kills (SIGKILL): a child process; the others run in this process.
  await cluster.spawn();
  await Promise.all([cluster.start(), cluster.start()]);
  const people: Record<string, Role> = { Olivia: 'observer' };
  for (let i = 0; i < PER_NODE * 3; i++) people[`P${i}`] = WRITERS[i % WRITERS.length] as Role;
  room = await roomWith((cluster.nodes[1] as LadderServer).url, people);
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await cluster?.destroy();
});

function edit(rng: Rng, client: SyncClient, name: string, serial: number): void {
  const ids = Array.from(featuresMap(client.doc).keys()).sort();
  if (ids.length < 3 || rng.chance(0.3)) {
    createFeature(client.doc, { id: `F-${name}-${serial}`, title: `Feature ${name}/${serial}`, jobSize: rng.pick(readMeta(client.doc).scale) },
      { participantId: member(room, name).participantId, now: Date.now() });
  } else {
    updateFeature(client.doc, rng.pick(ids), { [rng.pick(['userBusinessValue', 'timeCriticality', 'riskReduction'])]: rng.pick(readMeta(client.doc).scale) });
  }
}

describe('a node killed mid-stream', () => {
  test(`its clients move to another node and nothing any client saw is lost; the node comes back and rejoins (seed ${SEED})`, async () => {
    const [victim, b, c] = cluster.nodes as [LadderProcess, LadderServer, LadderServer];
    const names = Array.from({ length: PER_NODE * 3 }, (_, i) => `P${i}`);
    const nodeFor = (i: number) => [victim, b, c][i % 3] as LadderServer;
    const live: SyncClient[] = names.map((name, i) => connectClient(nodeFor(i).wsUrl, room.roomId, member(room, name).token));
    clients.push(...live);
    await Promise.all(live.map((client) => client.synced));

    const rng = createRng(SEED);
    let serial = 0;
    const burst = async (steps: number, who: readonly number[]) => {
      for (let step = 0; step < steps; step++) {
        const i = rng.pick(who);
        edit(rng, live[i] as SyncClient, names[i] as string, serial++);
        if (rng.chance(0.3)) await sleep(rng.int(0, 8));
      }
    };
    const everyone = names.map((_, i) => i);
    await burst(120, everyone);
    // Kill while edits keep coming from every client, those of the victim's clients too.
    const editing = burst(200, everyone);
    await sleep(rng.int(20, 80));
    await victim.kill();
    await editing;

    // What each client saw (and made) when its node died, including edits the dead node never acknowledged.
    const seen = live.map((client) => Y.encodeStateAsUpdate(client.doc));

    // The victim's clients come back through the "load balancer" on node b, keeping their local documents.
    for (let i = 0; i < live.length; i += 3) {
      const old = live[i] as SyncClient;
      const moved = connectClient(b.wsUrl, room.roomId, member(room, names[i] as string).token, { initial: Y.encodeStateAsUpdate(old.doc) });
      old.destroy();
      live[i] = moved;
      clients.push(moved);
    }
    await Promise.all(live.map((client) => client.synced));
    await burst(80, everyone);

    // The killed node restarts on its old address while the others keep editing: opening the room there (subscribe,
    // then read storage) misses none of the edits made meanwhile.
    let editingOn = true;
    const steady = (async () => {
      while (editingOn) {
        const i = rng.pick(everyone);
        edit(rng, live[i] as SyncClient, names[i] as string, serial++);
        await sleep(rng.int(2, 10));
      }
    })();
    const back = await cluster.start({ dataDir: victim.dataDir, port: victim.port });
    const returning = connectClient(back.wsUrl, room.roomId, member(room, names[0] as string).token);
    clients.push(returning);
    await returning.synced;
    await sleep(200);
    editingOn = false;
    await steady;
    edit(rng, returning, names[0] as string, serial++);
    live.push(returning);

    await eventually(() => {
      const sv = Y.encodeStateVector((live[1] as SyncClient).doc);
      return live.every((client) => client.provider.synced && sameBytes(Y.encodeStateVector(client.doc), sv));
    }, { timeout: 60_000, what: () => `clients did not converge after the failover (seed ${SEED})` });

    const reference = (live[1] as SyncClient).doc;
    for (const [i, update] of seen.entries()) {
      const saw = docFromUpdates([update]);
      expect(containsState(reference, saw), `what client #${i} saw before the kill is kept: ${describeMissing(reference, saw)}`).toBe(true);
      saw.destroy();
    }
    // Every node, the restarted one included, serves exactly that state.
    for (const node of [back, b, c]) {
      const fresh = connectClient(node.wsUrl, room.roomId, member(room, 'Olivia').token);
      clients.push(fresh);
      await fresh.synced;
      await eventually(() => sameBytes(rebuiltUpdate(fresh.doc), rebuiltUpdate(reference)), { timeout: 10_000, what: () => `node on port ${node.port} serves another state` });
      expect(canonicalState(fresh.doc)).toBe(canonicalState(reference));
      const answer = await api(node.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Olivia').token });
      expect(answer.status).toBe(200);
      expect((answer.json as { features: unknown[] }).features.length).toBe(featuresMap(reference).size);
    }
  }, 120_000);
});
