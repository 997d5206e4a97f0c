import { afterAll, describe, expect, test } from 'vitest';
import { createFeature, featuresMap, readMeta, updateFeature } from '@ladder/board-doc';
import { spawnLadder, type LadderProcess, type Role } from '../support/server';
import { connectClient, sleep, type SyncClient } from '../support/clients';
import { canonicalState, describeMissing, clientRanking, containsState, docFromUpdates, rankingFields } from '../support/state';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import * as Y from 'yjs';
import { createRng, eventually, type Rng, testSeed } from '@ladder/testing';

const SEED = testSeed(7_310_042);
const COMPONENTS = ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const;
const WRITERS: Record<string, Role> = { Ana: 'facilitator', Ben: 'product', Cem: 'portfolio', Dov: 'product' };
const MAX_EDITS = 4000;
/**
 * Enough edits seen by the observer before each kill that recovery also goes through a snapshot plus its tail. Counted
 * in the observer's document (the writers' clocks), not in messages: the server merges the updates of one tick.
 */
const OBSERVED_BEFORE_KILL = 600;
/** A snapshot every 50 stored updates: each kill comes after several snapshots, and each restart loads snapshot + tail. */
const ENV = { LADDER_SNAPSHOT_EVERY: '50' };

const servers: LadderProcess[] = [];
const clients: SyncClient[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const server of servers) await server.kill();
  servers[0]?.cleanup();
});

/**
 * Streams edits from four writers into `server`, SIGKILLs it while the stream still flows, and returns
 * a document of everything the server sent to any client before it died.
 */
async function editAndKill(server: LadderProcess, room: RoomWithPeople, rng: Rng, round: number): Promise<Y.Doc> {
  const writers = Object.keys(WRITERS).map((name) => connectClient(server.wsUrl, room.roomId, member(room, name).token));
  const observer = connectClient(server.wsUrl, room.roomId, member(room, 'Obi').token);
  const mine = [...writers, observer];
  clients.push(...mine);
  await Promise.all(mine.map((c) => c.synced));

  let streaming = true;
  let edits = 0;
  const stream = (async () => {
    for (let i = 0; streaming && i < MAX_EDITS; i++) {
      const w = rng.int(0, writers.length - 1);
      const { doc } = writers[w] as SyncClient;
      const scale = readMeta(doc).scale;
      const ids = Array.from(featuresMap(doc).keys()).sort();
      if (ids.length < 6 || rng.chance(0.2)) {
        createFeature(doc, { id: `D${round}-${w}-${i}`, title: `Durable ${round}/${w}/${i}`, jobSize: rng.pick(scale) },
          { participantId: `writer-${w}`, now: Date.now() });
      } else {
        updateFeature(doc, rng.pick(ids), { [rng.pick(COMPONENTS)]: rng.pick(scale), description: `edit ${round}/${i}` });
      }
      edits++;
      if (rng.chance(0.5)) await sleep(rng.int(0, 2));
    }
  })();

  // Kill once the observer has seen a good part of the stream, while it still flows.
  const writerIds = writers.map((w) => w.doc.clientID);
  const seen = () => {
    const clocks = Y.decodeStateVector(Y.encodeStateVector(observer.doc));
    return writerIds.reduce((sum, id) => sum + (clocks.get(id) ?? 0), 0);
  };
  await eventually(() => seen() >= OBSERVED_BEFORE_KILL && edits < MAX_EDITS - 500, { timeout: 60_000, what: () => `observer saw ${seen()} items of the writers in ${observer.received.length} updates, ${edits} edits made` });
  const editsAtKill = edits;
  await server.kill();
  // Stop listening at once: what the clients received until now is what the server sent them.
  for (const client of mine) client.destroy();
  streaming = false;
  await stream;
  expect(edits, 'the stream was still flowing when the process died').toBeGreaterThan(editsAtKill);
  expect(edits).toBeLessThan(MAX_EDITS);
  return docFromUpdates(mine.flatMap((c) => c.received));
}

/** Restarts on the same data and port; a fresh client must hold everything in `seen`. */
async function restartAndCheck(previous: LadderProcess, room: RoomWithPeople, seen: Y.Doc): Promise<LadderProcess> {
  const server = await spawnLadder({ dataDir: previous.dataDir, port: previous.port, env: ENV });
  servers.push(server);
  expect(server.port).toBe(previous.port);
  const fresh = connectClient(server.wsUrl, room.roomId, member(room, 'Obi').token);
  clients.push(fresh);
  await eventually(() => fresh.provider.synced, { timeout: 15_000, what: () => `fresh client closes: ${JSON.stringify(fresh.closes)}\n${server.output()}` });

  // Applying what clients saw to the restarted room changes nothing.
  expect(containsState(fresh.doc, seen), `restarted room lacks updates clients saw:\n${describeMissing(fresh.doc, seen)}`).toBe(true);
  for (const [id, feature] of featuresMap(seen).entries()) {
    expect(featuresMap(fresh.doc).get(id)?.get('title'), `title of ${id}`).toBe(feature.get('title'));
  }
  // The server's API serves the restarted state too.
  const answer = await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Ana').token });
  expect(answer.status).toBe(200);
  expect(rankingFields((answer.json as { features: object[] }).features)).toEqual(clientRanking(fresh.doc));
  fresh.destroy();
  return server;
}

describe('durability', () => {
  test(`after SIGKILL mid-stream and a restart on the same data, every update a client received is still there — twice (seed ${SEED})`, async () => {
    const rng = createRng(SEED);
    const first = await spawnLadder({ env: ENV });
    servers.push(first);
    const room = await roomWith(first.url, { ...WRITERS, Obi: 'observer' });

    const seenFirst = await editAndKill(first, room, rng, 1);
    expect(featuresMap(seenFirst).size).toBeGreaterThan(6);
    const second = await restartAndCheck(first, room, seenFirst);

    // The restarted server takes new edits, and dies again mid-stream.
    const seenSecond = await editAndKill(second, room, rng, 2);
    expect(canonicalState(seenSecond)).toContain('Durable 2/');
    await restartAndCheck(second, room, seenSecond);
    seenFirst.destroy();
    seenSecond.destroy();
  }, 120_000);
});
