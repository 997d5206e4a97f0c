import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { createFeature, readFeature, updateFeature } from '@ladder/board-doc';
import { closeProvider, eventually, rawPresenceFrame, rawPresenceUpdate } from '@ladder/testing';
import { startServer, type RunningServer } from '../server';
import { updateMessage } from '../sync/protocol';
import { encodeFanout, FANOUT_AWARENESS } from './codec';

// Two servers in this process on one PostgreSQL schema and one Redis prefix of their own (dropped at the end).
// Unreachable services fail these tests.

const databaseUrl = process.env.LADDER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.LADDER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const tag = randomBytes(5).toString('hex');
const databaseSchema = `ladder_two_nodes_${tag}`;
const redisPrefix = `ladder-test:${tag}:`;
const dataDirs: string[] = [];
const servers: RunningServer[] = [];
const providers: WebsocketProvider[] = [];

async function node(): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ladder-node-'));
  dataDirs.push(dataDir);
  const server = await startServer({
    port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', secret: 'two-nodes-test-secret-0123456789',
    databaseUrl, redisUrl, databaseSchema, redisPrefix,
  });
  servers.push(server);
  return server;
}

let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  a = await node();
  b = await node();
});

afterAll(async () => {
  for (const p of providers) closeProvider(p);
  await Promise.all(servers.map((s) => s.close()));
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${databaseSchema}" CASCADE`).finally(() => client.end());
});

async function post(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

function provider(server: RunningServer, roomId: string, token: string): WebsocketProvider {
  const p = new WebsocketProvider(`${server.url.replace('http', 'ws')}/sync`, roomId, new Y.Doc(), {
    params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
  });
  providers.push(p);
  return p;
}

const synced = (p: WebsocketProvider) => new Promise<void>((resolve) => (p.synced ? resolve() : p.once('sync', () => resolve())));

/**
 * A room created on node a; Ann joins through node b and Bob through node a, both with `role`'s invite, and each has a
 * synced client on the node they joined.
 */
async function roomOnBothNodes(title: string, role: string) {
  const created = await post(a.url, '/api/rooms', { title });
  const roomId = created.roomId as string;
  const invite = new URL((created.links as Record<string, string>)[role] as string).searchParams.get('invite');
  const ann = (await post(b.url, `/api/rooms/${roomId}/join`, { invite, name: 'Ann' })).token as string;
  const bob = (await post(a.url, `/api/rooms/${roomId}/join`, { invite, name: 'Bob' })).token as string;
  const onA = provider(a, roomId, bob);
  const onB = provider(b, roomId, ann);
  await Promise.all([synced(onA), synced(onB)]);
  return { roomId, bob, onA, onB };
}

describe('two servers on PostgreSQL and Redis (startServer options)', () => {
  test('a room created on one node is joined on the other, and edits cross both ways', async () => {
    const { onA, onB } = await roomOnBothNodes('Two nodes', 'product');

    createFeature(onA.doc, { id: 'F-1', title: 'Search', jobSize: 5 }, { participantId: 'bob', now: 1 });
    await eventually(() => readFeature(onB.doc, 'F-1')?.title === 'Search', 'F-1 reaches node b');
    updateFeature(onB.doc, 'F-1', { timeCriticality: 8 });
    await eventually(() => readFeature(onA.doc, 'F-1')?.timeCriticality === 8, 'the estimate reaches node a');
  });

  test('presence nested 4,600 deep or over 16 KB is refused at node a\'s door, and when it comes through Redis to node b; both nodes go on', async () => {
    const { roomId, bob, onA, onB } = await roomOnBothNodes('Hostile presence', 'observer');
    const deep = '['.repeat(4600) + ']'.repeat(4600);

    // At the door of node a: the socket is closed with 4400.
    const socket = new WebSocket(`${a.url.replace('http', 'ws')}/sync/${roomId}?token=${encodeURIComponent(bob)}`);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(rawPresenceFrame([{ clientId: 7777, clock: 1, json: deep }]));
    expect(await closed).toBe(4400);

    // Straight into Redis, as a node without that check would publish it: node b leaves it out.
    const redis = new Redis(redisUrl);
    try {
      // One state too deep to write out, one too large to take in (a valid object a client would otherwise receive).
      for (const payload of [rawPresenceUpdate([{ clientId: 7778, clock: 1, json: deep }]), rawPresenceUpdate([{ clientId: 7779, clock: 1, json: JSON.stringify({ blob: 'x'.repeat(100_000) }) }])]) {
        const message = encodeFanout({ kind: FANOUT_AWARENESS, nodeId: 'a-node-without-checks', seq: 0, payload });
        await redis.publish(`${redisPrefix}room:${roomId}`, Buffer.from(message));
      }
    } finally {
      await redis.quit();
    }
    // Marker: presence from node a after that message; node b takes it in, and never the hostile state.
    onA.awareness.setLocalStateField('marker', 'after the hostile presence');
    await eventually(() => (onB.awareness.getStates().get(onA.doc.clientID) as { marker?: string } | undefined)?.marker === 'after the hostile presence', 'presence still crosses from node a to node b');
    for (const p of [onA, onB]) expect([...p.awareness.getStates().keys()].filter((id) => id >= 7777 && id <= 7779)).toEqual([]);
    for (const server of [a, b]) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test('a chain of 3,500 nested maps sent to node a is refused (4422) before it is stored: node b never loads it, both nodes go on', async () => {
    const { roomId, bob, onA, onB } = await roomOnBothNodes('Hostile structure', 'product');
    createFeature(onA.doc, { id: 'F-1', title: 'Search', jobSize: 5 }, { participantId: 'bob', now: 1 });
    await eventually(() => readFeature(onB.doc, 'F-1')?.title === 'Search', 'F-1 reaches node b');
    const attacker = new Y.Doc();
    Y.applyUpdate(attacker, Y.encodeStateAsUpdate(onA.doc));
    const before = Y.encodeStateVector(attacker);
    attacker.transact(() => {
      let current = new Y.Map<unknown>();
      (attacker.getMap('features').get('F-1') as Y.Map<unknown>).set('description', current);
      for (let i = 1; i < 3500; i++) {
        const next = new Y.Map<unknown>();
        current.set('x', next);
        current = next;
      }
    });
    const update = Y.encodeStateAsUpdate(attacker, before);
    const socket = new WebSocket(`${a.url.replace('http', 'ws')}/sync/${roomId}?token=${encodeURIComponent(bob)}`);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(updateMessage(update));
    expect(await closed).toBe(4422);
    // The room works on both nodes: an edit crosses, and node b's ranking answers.
    updateFeature(onB.doc, 'F-1', { timeCriticality: 8 });
    await eventually(() => readFeature(onA.doc, 'F-1')?.timeCriticality === 8, 'the estimate reaches node a');
    expect(readFeature(onB.doc, 'F-1')?.description).toBe('');
    for (const server of [a, b]) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test('a participant removed on node a has their socket on node b closed with 4410, and node b refuses their token too', async () => {
    const created = await post(a.url, '/api/rooms', { title: 'Removal across nodes' });
    const roomId = created.roomId as string;
    const links = created.links as Record<string, string>;
    const inviteOf = (role: string) => new URL(links[role] as string).searchParams.get('invite');
    const fran = (await post(a.url, `/api/rooms/${roomId}/join`, { invite: inviteOf('facilitator'), name: 'Fran' })).token as string;
    const prue = await post(b.url, `/api/rooms/${roomId}/join`, { invite: inviteOf('product'), name: 'Prue' });
    const bob = (await post(b.url, `/api/rooms/${roomId}/join`, { invite: inviteOf('product'), name: 'Bob' })).token as string;
    // Prue's board is open on node b only; node a has the room open too (Fran's board), so the room is live on both.
    const prueOnB = provider(b, roomId, prue.token as string);
    const bobOnB = provider(b, roomId, bob);
    const franOnA = provider(a, roomId, fran);
    await Promise.all([synced(prueOnB), synced(bobOnB), synced(franOnA)]);
    const closes: { code: number; reason: string }[] = [];
    prueOnB.on('connection-close', (event) => { if (event) closes.push({ code: event.code, reason: event.reason }); });

    const res = await fetch(`${a.url}/api/rooms/${roomId}/participants/${prue.participantId as string}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${fran}` } });
    expect(res.status).toBe(200);
    await res.text();
    await eventually(() => closes.length > 0, 'Prue\'s socket on node b closed');
    expect(closes).toEqual([{ code: 4410, reason: 'The facilitator removed you from this room.' }]);
    const refused = await fetch(`${b.url}/api/rooms/${roomId}/ranking`, { headers: { authorization: `Bearer ${prue.token as string}` } });
    expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([401, 'revoked']);
    // Bob, on the same node and room, goes on: his change reaches Fran on node a.
    createFeature(bobOnB.doc, { id: 'F-9', title: 'After the removal', jobSize: 3 }, { participantId: 'bob', now: 1 });
    await eventually(() => readFeature(franOnA.doc, 'F-9')?.title === 'After the removal', 'Bob\'s change reaches node a');
    expect(bobOnB.wsconnected).toBe(true);
  });

  test('/healthz reports the database and Redis as up', async () => {
    for (const server of [a, b]) {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, database: 'up', redis: 'up' });
    }
  });
});
