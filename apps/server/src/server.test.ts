import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { createFeature, readFeature, readMeta, updateFeature } from '@ladder/board-doc';
import { closeProvider, eventually } from '@ladder/testing';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
/** The folder of the server's data folder, which the server creates itself. */
let root: string;
let dataDir: string;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ladder-server-'));
  dataDir = join(root, 'data');
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', secret: 'in-process-test-secret-0123456789' });
});

afterAll(async () => {
  for (const provider of providers.splice(0)) closeProvider(provider);
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

async function post(path: string, body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function room(title: string): Promise<{ roomId: string; invite: (role: string) => string }> {
  const { status, json } = await post('/api/rooms', { title });
  expect(status).toBe(201);
  const links = json.links as Record<string, string>;
  return { roomId: json.roomId as string, invite: (role) => new URL(links[role] as string).searchParams.get('invite') as string };
}

async function joined(roomId: string, invite: string, name: string): Promise<string> {
  const { status, json } = await post(`/api/rooms/${roomId}/join`, { invite, name: `  ${name}  ` });
  expect(status).toBe(200);
  return json.token as string;
}

function provider(roomId: string, token: string): WebsocketProvider {
  const p = new WebsocketProvider(`${server.url.replace('http', 'ws')}/sync`, roomId, new Y.Doc(), {
    params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
  });
  providers.push(p);
  return p;
}

const synced = (p: WebsocketProvider) => new Promise<void>((resolve) => (p.synced ? resolve() : p.once('sync', () => resolve())));

describe('startServer with stock y-websocket clients', () => {
  test('the data folder it creates is readable by the server\'s user only', () => {
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
  });

  test('two clients converge on the room the server created', async () => {
    const { roomId, invite } = await room('Converge');
    const a = provider(roomId, await joined(roomId, invite('product'), 'Ann'));
    const b = provider(roomId, await joined(roomId, invite('portfolio'), 'Bo'));
    await Promise.all([synced(a), synced(b)]);
    expect(readMeta(a.doc).title).toBe('Converge');
    createFeature(a.doc, { id: 'A-1', title: 'From Ann', userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 5 }, { participantId: 'ann', now: 1 });
    createFeature(b.doc, { id: 'B-1', title: 'From Bo' }, { participantId: 'bo', now: 2 });
    await eventually(() => readFeature(a.doc, 'B-1') !== null && readFeature(b.doc, 'A-1') !== null, 'convergence');
    updateFeature(b.doc, 'A-1', { jobSize: 2 });
    await eventually(() => readFeature(a.doc, 'A-1')?.jobSize === 2, 'the edit reaches Ann');
    const token = await joined(roomId, invite('observer'), 'Obs');
    const ranking = await fetch(`${server.url}/api/rooms/${roomId}/ranking`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await ranking.json()) as { features: Array<{ id: string; rank: number | null; wsjf: number | null }> };
    expect(body.features.map((f) => [f.id, f.rank])).toEqual([['A-1', 1], ['B-1', null]]);
    expect(body.features[0]?.wsjf).toBe(6.5);
    const history = await fetch(`${server.url}/api/rooms/${roomId}/history`, { headers: { authorization: `Bearer ${token}` } });
    const events = ((await history.json()) as { events: Array<{ name: string; kind: string; field: string | null }> }).events;
    expect(events.find((e) => e.kind === 'changed' && e.field === 'jobSize')?.name).toBe('Bo');
  });

  test('an observer\'s write is dropped and the observer stays connected', async () => {
    const { roomId, invite } = await room('Observe');
    const writer = provider(roomId, await joined(roomId, invite('facilitator'), 'Fay'));
    const observer = provider(roomId, await joined(roomId, invite('observer'), 'Otto'));
    await Promise.all([synced(writer), synced(observer)]);
    createFeature(observer.doc, { id: 'OBS', title: 'Should not land' }, { participantId: 'o', now: 1 });
    createFeature(writer.doc, { id: 'W', title: 'Lands' }, { participantId: 'w', now: 2 });
    await eventually(() => readFeature(observer.doc, 'W') !== null, 'the observer receives the writer\'s feature');
    expect(readFeature(writer.doc, 'OBS')).toBeNull();
    expect(observer.wsconnected).toBe(true);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(/^ladder_observer_updates_dropped_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  test('presence (awareness) reaches the other clients and is removed when a client leaves', async () => {
    const { roomId, invite } = await room('Presence');
    const a = provider(roomId, await joined(roomId, invite('product'), 'Ann'));
    const b = provider(roomId, await joined(roomId, invite('observer'), 'Obi'));
    await Promise.all([synced(a), synced(b)]);
    a.awareness.setLocalStateField('user', { name: 'Ann' });
    const seenByB = () => [...b.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'Ann');
    await eventually(seenByB, 'B sees Ann');
    closeProvider(a);
    await eventually(() => !seenByB(), 'Ann\'s presence removed after she left');
  });

  test('errors have the contract shape and no stack trace', async () => {
    const res = await fetch(`${server.url}/api/rooms/not-a-room/ranking`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['error', 'message']);
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
  });
});
