import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { featuresMap, readMeta } from '@ladder/board-doc';
import { startLadder, type LadderServer, type Role } from '../support/server';
import { connectClient, type SyncClient } from '../support/clients';
import { runChurn } from '../support/churn';
import { canonicalState, clientRanking, rankingFields, rebuiltUpdate, sameBytes } from '../support/state';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { createRng, eventually, testSeed } from '@ladder/testing';

const SEED = testSeed(20_261_123);
const CLIENTS = 20;
const STEPS = 900;
const WRITERS: Role[] = ['facilitator', 'product', 'portfolio'];

let server: LadderServer;
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

    const { log, edits, disconnects } = await runChurn(createRng(SEED), clients, STEPS,
      (i) => ({ participantId: member(room, `P${i}`).participantId, label: String(i) }));
    expect(edits).toBeGreaterThan(STEPS * 0.8);
    expect(disconnects).toBeGreaterThan(10);

    // Everyone converges on one state vector and one content.
    await eventually(() => {
      const first = clients[0] as SyncClient;
      const sv = Y.encodeStateVector(first.doc);
      const state = canonicalState(first.doc);
      return clients.every((c) => c.provider.synced && sameBytes(Y.encodeStateVector(c.doc), sv) && canonicalState(c.doc) === state);
    }, { timeout: 60_000, what: () => `clients did not converge (seed ${SEED}); last steps:\n${log.slice(-10).join('\n')}\n${describeClients()}` });

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
