import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, deleteFeature, featuresMap, readMeta, updateFeature, type FeaturePatch } from '@ladder/board-doc';
import { startLadder, type LadderProcess, type Role } from '../support/server';
import { connectClient, createRng, sleep, testSeed, waitFor, type Rng, type SyncClient } from '../support/clients';
import { canonicalState, clientRanking, rankingFields, rebuiltUpdate, sameBytes } from '../support/state';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';

const SEED = testSeed(20_261_123);
const CLIENTS = 20;
const STEPS = 900;
const COMPONENTS = ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const;
const WRITERS: Role[] = ['facilitator', 'product', 'portfolio'];

let server: LadderProcess;
let room: RoomWithPeople;
const clients: SyncClient[] = [];

beforeAll(async () => {
  server = await startLadder();
  const people: Record<string, Role> = { Olivia: 'observer' };
  for (let i = 0; i < CLIENTS; i++) people[`P${i}`] = WRITERS[i % WRITERS.length] as Role;
  room = await roomWith(server.url, people);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  server?.cleanup();
});

function randomEstimates(rng: Rng, scale: readonly number[]): FeaturePatch {
  const patch: FeaturePatch = {};
  for (const component of COMPONENTS) {
    if (rng.chance(0.7)) patch[component] = rng.pick(scale);
  }
  return patch;
}

/** One random edit on one client's document; returns what it did, for the failure message. */
function randomEdit(rng: Rng, client: SyncClient, index: number, serial: number): string {
  const { doc } = client;
  const scale = readMeta(doc).scale;
  const ids = Array.from(featuresMap(doc).keys()).sort();
  const roll = rng.next();
  if (ids.length < 4 || roll < 0.2) {
    const id = `F-${index}-${serial}`;
    createFeature(doc, { id, title: `Feature ${index}/${serial}`, team: rng.pick(['Atlas', 'Borealis', 'Cygnus']), ...randomEstimates(rng, scale) },
      { participantId: member(room, `P${index}`).participantId, now: Date.now() });
    return `create ${id}`;
  }
  const id = rng.pick(ids);
  if (roll < 0.27) {
    deleteFeature(doc, id);
    return `delete ${id}`;
  }
  const patch: FeaturePatch = {};
  if (roll < 0.35) patch.title = `Retitled ${index}/${serial}`;
  else {
    const component = rng.pick(COMPONENTS);
    patch[component] = rng.chance(0.1) ? null : rng.pick(scale);
    if (rng.chance(0.3)) patch[rng.pick(COMPONENTS)] = rng.pick(scale);
  }
  updateFeature(doc, id, patch);
  return `update ${id} ${JSON.stringify(patch)}`;
}

function describeClients(): string {
  return clients.map((c, i) => `#${i} connected=${c.provider.wsconnected} synced=${c.provider.synced} features=${featuresMap(c.doc).size} closes=${JSON.stringify(c.closes)}`).join('\n');
}

describe('convergence', () => {
  test(`20 clients with random edits, disconnects and reconnects end with the server's state and ranking (seed ${SEED})`, async () => {
    for (let i = 0; i < CLIENTS; i++) {
      clients.push(connectClient(server.wsUrl, room.roomId, member(room, `P${i}`).token));
    }
    await Promise.all(clients.map((c) => c.synced));
    for (const client of clients) expect(readMeta(client.doc).title).toBe('PI 26.1 planning');

    const rng = createRng(SEED);
    const log: string[] = [];
    let edits = 0;
    let disconnects = 0;
    for (let step = 0; step < STEPS; step++) {
      const index = rng.int(0, CLIENTS - 1);
      const client = clients[index] as SyncClient;
      if (rng.chance(0.06)) {
        if (client.provider.shouldConnect) {
          client.provider.disconnect();
          disconnects++;
          log.push(`#${index} disconnect`);
        } else {
          client.provider.connect();
          log.push(`#${index} connect`);
        }
      } else {
        log.push(`#${index} ${randomEdit(rng, client, index, step)}`);
        edits++;
      }
      if (rng.chance(0.25)) await sleep(rng.int(0, 12));
    }
    for (const client of clients) client.provider.connect();
    expect(edits).toBeGreaterThan(STEPS * 0.8);
    expect(disconnects).toBeGreaterThan(10);

    // Everyone converges on one state vector and one content.
    await waitFor(() => {
      const first = clients[0] as SyncClient;
      const sv = Y.encodeStateVector(first.doc);
      const state = canonicalState(first.doc);
      return clients.every((c) => c.provider.synced && sameBytes(Y.encodeStateVector(c.doc), sv) && canonicalState(c.doc) === state);
    }, 60_000, () => `clients did not converge (seed ${SEED}); last steps:\n${log.slice(-10).join('\n')}\n${describeClients()}`);

    // The server holds the same: a fresh client receives exactly that state.
    const fresh = connectClient(server.wsUrl, room.roomId, member(room, 'Olivia').token);
    clients.push(fresh);
    await fresh.synced;
    const reference = clients[0] as SyncClient;
    const referenceUpdate = rebuiltUpdate(reference.doc);
    const referenceState = canonicalState(reference.doc);
    expect(featuresMap(reference.doc).size).toBeGreaterThan(5);
    for (const [i, client] of clients.entries()) {
      expect(sameBytes(Y.encodeStateVector(client.doc), Y.encodeStateVector(reference.doc)), `state vector of client #${i}`).toBe(true);
      expect(sameBytes(rebuiltUpdate(client.doc), referenceUpdate), `document bytes of client #${i}`).toBe(true);
      expect(canonicalState(client.doc), `features and meta of client #${i}`).toBe(referenceState);
    }

    // Same ranking everywhere, and the server's API agrees.
    const answer = await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'P0').token });
    expect(answer.status).toBe(200);
    const served = rankingFields((answer.json as { features: object[] }).features);
    expect(served.length).toBe(featuresMap(reference.doc).size);
    for (const [i, client] of clients.entries()) {
      expect(clientRanking(client.doc), `ranking of client #${i}`).toEqual(served);
    }
    expect(served.some((row) => row.rank !== null)).toBe(true);
    for (const client of clients) expect(client.closes.filter((c) => c.code >= 4000)).toEqual([]);
  }, 120_000);
});
