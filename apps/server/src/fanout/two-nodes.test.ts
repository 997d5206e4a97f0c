import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { createFeature, readFeature, updateFeature } from '@ladder/board-doc';
import { closeProvider, eventually } from '@ladder/testing';
import { startServer, type RunningServer } from '../server';

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

describe('two servers on PostgreSQL and Redis (startServer options)', () => {
  test('a room created on one node is joined on the other, and edits cross both ways', async () => {
    const created = await post(a.url, '/api/rooms', { title: 'Two nodes' });
    const roomId = created.roomId as string;
    const invite = new URL((created.links as Record<string, string>).product as string).searchParams.get('invite');
    const ann = (await post(b.url, `/api/rooms/${roomId}/join`, { invite, name: 'Ann' })).token as string;
    const bob = (await post(a.url, `/api/rooms/${roomId}/join`, { invite, name: 'Bob' })).token as string;
    const onA = provider(a, roomId, bob);
    const onB = provider(b, roomId, ann);
    await Promise.all([synced(onA), synced(onB)]);

    createFeature(onA.doc, { id: 'F-1', title: 'Search', jobSize: 5 }, { participantId: 'bob', now: 1 });
    await eventually(() => readFeature(onB.doc, 'F-1')?.title === 'Search', 'F-1 reaches node b');
    updateFeature(onB.doc, 'F-1', { timeCriticality: 8 });
    await eventually(() => readFeature(onA.doc, 'F-1')?.timeCriticality === 8, 'the estimate reaches node a');
  });

  test('/healthz reports the database and Redis as up', async () => {
    for (const server of [a, b]) {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, database: 'up', redis: 'up' });
    }
  });
});
