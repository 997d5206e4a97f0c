import { afterAll, describe, expect, test } from 'vitest';
import { createFeature, featuresMap, readMeta, updateFeature } from '@ladder/board-doc';
import { startLadder, type LadderProcess, type Role } from '../support/server';
import { connectClient, createRng, sleep, testSeed, waitFor, type SyncClient } from '../support/clients';
import { canonicalState, describeMissing, clientRanking, containsState, docFromUpdates, rankingFields } from '../support/state';
import { api, member, roomWith } from '../support/http';

const SEED = testSeed(7_310_042);
const COMPONENTS = ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const;
const WRITERS: Record<string, Role> = { Ana: 'facilitator', Ben: 'product', Cem: 'portfolio', Dov: 'product' };
const MAX_EDITS = 4000;

const servers: LadderProcess[] = [];
const clients: SyncClient[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const server of servers) await server.kill();
  servers[0]?.cleanup();
});

describe('durability', () => {
  test(`after SIGKILL mid-stream and a restart on the same data, every update a client received is still there (seed ${SEED})`, async () => {
    const first = await startLadder();
    servers.push(first);
    const room = await roomWith(first.url, { ...WRITERS, Obi: 'observer' });
    const writers = Object.keys(WRITERS).map((name) => connectClient(first.wsUrl, room.roomId, member(room, name).token));
    const observer = connectClient(first.wsUrl, room.roomId, member(room, 'Obi').token);
    clients.push(...writers, observer);
    await Promise.all(clients.map((c) => c.synced));

    // A stream of edits from every writer, running until the kill and a little past it.
    const rng = createRng(SEED);
    let streaming = true;
    let edits = 0;
    const stream = (async () => {
      for (let i = 0; streaming && i < MAX_EDITS; i++) {
        const w = rng.int(0, writers.length - 1);
        const { doc } = writers[w] as SyncClient;
        const scale = readMeta(doc).scale;
        const ids = Array.from(featuresMap(doc).keys()).sort();
        if (ids.length < 6 || rng.chance(0.25)) {
          createFeature(doc, { id: `D-${w}-${i}`, title: `Durable ${w}/${i}`, jobSize: rng.pick(scale) },
            { participantId: `writer-${w}`, now: Date.now() });
        } else {
          updateFeature(doc, rng.pick(ids), { [rng.pick(COMPONENTS)]: rng.pick(scale), description: `edit ${i}` });
        }
        edits++;
        if (rng.chance(0.5)) await sleep(rng.int(0, 3));
      }
    })();

    // Kill the server once the observer has seen a good part of the stream, while it still flows.
    await waitFor(() => observer.received.length >= 150 && edits < MAX_EDITS - 500, 30_000,
      () => `observer received ${observer.received.length} updates, ${edits} edits made`);
    const editsAtKill = edits;
    await first.kill();
    // Stop listening at once: what the clients hold now is what they saw from the server.
    for (const client of clients) client.destroy();
    streaming = false;
    await stream;
    const seen = docFromUpdates(clients.flatMap((c) => c.received));
    const seenFeatures = featuresMap(seen).size;
    expect(seenFeatures).toBeGreaterThan(6);
    expect(edits).toBeLessThan(MAX_EDITS);
    // The stream was still flowing when the process died.
    expect(edits).toBeGreaterThan(editsAtKill);

    const second = await startLadder({ dataDir: first.dataDir, port: first.port });
    servers.push(second);
    expect(second.port).toBe(first.port);
    const fresh = connectClient(second.wsUrl, room.roomId, member(room, 'Obi').token);
    clients.push(fresh);
    await waitFor(() => fresh.provider.synced, 15_000, () => `fresh client closes: ${JSON.stringify(fresh.closes)}\n${second.output()}`);

    // Everything seen before the kill is in the restarted room (applying it changes nothing).
    expect(containsState(fresh.doc, seen), `restarted room lacks updates clients saw:\n${describeMissing(fresh.doc, seen)}`).toBe(true);
    for (const [id, feature] of featuresMap(seen).entries()) {
      expect(featuresMap(fresh.doc).get(id)?.toJSON(), `feature ${id}`).toBeDefined();
      expect(feature.get('title')).toBe(featuresMap(fresh.doc).get(id)?.get('title'));
    }

    // The server's API serves the restarted state too.
    const answer = await api(second.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Ana').token });
    expect(answer.status).toBe(200);
    expect(rankingFields((answer.json as { features: object[] }).features)).toEqual(clientRanking(fresh.doc));
    expect(canonicalState(fresh.doc)).toContain('Durable');
    seen.destroy();
  }, 120_000);
});
