import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, featuresMap, readFeature, updateFeature } from '@ladder/board-doc';
import { startLadder, type LadderProcess } from '../support/server';
import { connectClient, createRng, mapPool, testSeed, waitFor, type CloseInfo, type SyncClient } from '../support/clients';
import { canonicalState } from '../support/state';
import { fetchMetrics, member, roomWith, sumMetric, type MetricSample, type RoomWithPeople } from '../support/http';
import {
  awarenessFrame, closedWithin, docFromStep2, forgeToken, isStructurallyMalformed, openRaw, unknownTypeFrame, updateFrame, type RawSocket,
} from '../support/wire';

const SEED = testSeed(4_004_400);
const RANDOM_FRAMES = 1200;
const TRUNCATED_FRAMES = 800;
const FLOOD_LIMIT = 20_000;

let server: LadderProcess;
let sibling: LadderProcess;
let room: RoomWithPeople;
let otherRoom: RoomWithPeople;
let unknownRoom: RoomWithPeople;
let healthy: SyncClient;
let writer: SyncClient;
let metricsBefore: MetricSample[];
const clients: SyncClient[] = [];
const sockets: RawSocket[] = [];
/** Every close the server sent on purpose during this file, to compare with /metrics. */
const refused: CloseInfo[] = [];

beforeAll(async () => {
  [server, sibling] = await Promise.all([startLadder(), startLadder()]);
  room = await roomWith(server.url, { Hal: 'facilitator', Wes: 'portfolio', Rex: 'product', Flo: 'product', Obs: 'observer' });
  otherRoom = await roomWith(server.url, { Bea: 'facilitator' }, 'Another train');
  unknownRoom = await roomWith(sibling.url, { Sid: 'facilitator' }, 'Only on the sibling');
  healthy = connectClient(server.wsUrl, room.roomId, member(room, 'Hal').token);
  writer = connectClient(server.wsUrl, room.roomId, member(room, 'Wes').token);
  clients.push(healthy, writer);
  await Promise.all([healthy.synced, writer.synced]);
  createFeature(writer.doc, { id: 'BASE', title: 'Baseline', userBusinessValue: 5, jobSize: 3 }, { participantId: 'wes', now: Date.now() });
  await waitFor(() => readFeature(healthy.doc, 'BASE'));
  metricsBefore = await fetchMetrics(server.url);
});

afterAll(async () => {
  for (const socket of sockets) await socket.close();
  for (const client of clients) client.destroy();
  for (const s of [server, sibling]) {
    await s?.stop();
    s?.cleanup();
  }
});

let liveness = 0;
/** The room still works for a healthy client: a new edit by another writer reaches it, and it was never closed. */
async function expectRoomServing(after: string): Promise<void> {
  const id = `ALIVE-${++liveness}`;
  createFeature(writer.doc, { id, title: `Still here after ${after}` }, { participantId: 'wes', now: Date.now() });
  await waitFor(() => readFeature(healthy.doc, id), 10_000, () => `healthy client did not receive ${id} after ${after}`);
  expect(healthy.closes, `healthy client was closed during ${after}`).toEqual([]);
  expect(writer.closes).toEqual([]);
}

const isClientError = (code: number) => code >= 4400 && code <= 4499;

/** Sends one frame on a fresh socket of `token`; returns the close it caused, or null when the server answered a probe after it. */
async function sendOne(frame: Uint8Array, token: string): Promise<CloseInfo | null> {
  const socket = await openRaw(server.wsUrl, room.roomId, token);
  try {
    if (socket.closeInfo) throw new Error(`socket closed before the frame was sent: ${JSON.stringify(socket.closeInfo)}`);
    socket.send(frame);
    const answer = await socket.probe(10_000);
    return answer === null ? socket.closeInfo : null;
  } finally {
    await socket.close();
  }
}

function expectRefused(close: CloseInfo | null, what: string, accept: (code: number) => boolean = isClientError): void {
  expect(close, `${what}: the socket stayed open`).not.toBeNull();
  const { code, reason } = close as CloseInfo;
  expect(accept(code), `${what}: close code ${code} (${reason})`).toBe(true);
  if (code >= 4000) expect(reason.length, `${what}: close ${code} without a reason`).toBeGreaterThan(0);
  refused.push(close as CloseInfo);
}

describe('WebSocket boundary', () => {
  test(`${RANDOM_FRAMES} seeded random frames: malformed ones cost their socket a 4400–4499 close, never the room (seed ${SEED})`, async () => {
    const rng = createRng(SEED);
    const frames = Array.from({ length: RANDOM_FRAMES }, () => rng.bytes(rng.int(0, 160)));
    const token = member(room, 'Rex').token;
    const closes = await mapPool(frames, 6, (frame) => sendOne(frame, token));
    let malformed = 0;
    for (const [i, frame] of frames.entries()) {
      const close = closes[i] ?? null;
      if (isStructurallyMalformed(frame)) {
        malformed++;
        expectRefused(close, `random frame #${i} [${Array.from(frame.slice(0, 12)).join(',')}…]`);
      } else if (close) {
        expectRefused(close, `random frame #${i}`);
      }
    }
    expect(malformed).toBeGreaterThan(RANDOM_FRAMES * 0.9);
    await expectRoomServing('random frames');
  });

  test(`${TRUNCATED_FRAMES} truncated sync and awareness frames are each refused with 4400–4499`, async () => {
    const rng = createRng(SEED + 1);
    const local = new Y.Doc();
    const updates: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => updates.push(update));
    createFeature(local, { id: 'TRUNC', title: 'Never complete', description: 'x'.repeat(300), userBusinessValue: 8 }, { participantId: 'rex', now: Date.now() });
    updateFeature(local, 'TRUNC', { jobSize: 5, team: 'Atlas' });
    const whole = [...updates.map(updateFrame), awarenessFrame({ user: { name: 'Rex' } })];
    const frames = Array.from({ length: TRUNCATED_FRAMES }, () => {
      const frame = rng.pick(whole);
      return frame.slice(0, rng.int(0, frame.length - 1));
    });
    const token = member(room, 'Rex').token;
    const closes = await mapPool(frames, 6, (frame) => sendOne(frame, token));
    for (const [i, frame] of frames.entries()) expectRefused(closes[i] ?? null, `frame cut to ${frame.length} bytes`);
    await expectRoomServing('truncated frames');
    expect(readFeature(healthy.doc, 'TRUNC')).toBeNull();
  });

  test('an unknown message type → 4400–4499 with a reason', async () => {
    expectRefused(await sendOne(unknownTypeFrame(99), member(room, 'Rex').token), 'unknown message type 99');
    await expectRoomServing('an unknown message type');
  });

  test('a text frame is malformed: 4400 with a reason, whatever its bytes would decode to', async () => {
    const socket = await openRaw(server.wsUrl, room.roomId, member(room, 'Rex').token);
    try {
      socket.send('hello');
      const close = await socket.closed;
      expect(close.code).toBe(4400);
      expect(close.reason).toMatch(/Text frames/);
    } finally {
      await socket.close();
    }
    await expectRoomServing('a text frame');
  });

  test('a frame over 1 MiB is closed (1009 at the WebSocket layer, or 4400–4499) and not applied', async () => {
    const local = new Y.Doc();
    const updates: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => updates.push(update));
    local.transact(() => {
      const big = new Y.Map<unknown>();
      featuresMap(local).set('BIG', big);
      big.set('id', 'BIG');
      big.set('title', 'Too big');
      big.set('description', 'x'.repeat(2 * 1024 * 1024));
    });
    const frame = updateFrame(updates[0] as Uint8Array);
    expect(frame.length).toBeGreaterThan(2 * 1024 * 1024);
    const close = await sendOne(frame, member(room, 'Rex').token);
    expectRefused(close, 'a 2 MiB frame', (code) => code === 1009 || isClientError(code));
    await expectRoomServing('an oversized frame');
    expect(readFeature(healthy.doc, 'BIG')).toBeNull();
  });

  test('bad credentials and unknown rooms are closed with 4400–4499 and a reason', async () => {
    const rex = member(room, 'Rex').token;
    const cases: Array<[string, string, string | null]> = [
      ['no token', room.roomId, null],
      ['a garbage token', room.roomId, 'garbage'],
      ['a forged token', room.roomId, forgeToken(rex)],
      ['an invite token', room.roomId, room.invites.product],
      ['a token for another room', room.roomId, member(otherRoom, 'Bea').token],
      ['another room\'s path with this room\'s token', otherRoom.roomId, rex],
      ['a room that does not exist (genuine token of it)', unknownRoom.roomId, member(unknownRoom, 'Sid').token],
    ];
    for (const [what, roomId, token] of cases) {
      const socket = await openRaw(server.wsUrl, roomId, token);
      sockets.push(socket);
      expectRefused(await closedWithin(socket, 5_000), what);
    }
    await expectRoomServing('refused connections');
  });

  test('an observer\'s writes are dropped (not applied, stored or broadcast) and the observer stays connected', async () => {
    const raw = await openRaw(server.wsUrl, room.roomId, member(room, 'Obs').token);
    sockets.push(raw);
    const local = docFromStep2((await raw.probe()) ?? new Uint8Array([0, 0]));
    const updates: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => updates.push(update));
    createFeature(local, { id: 'OBS-RAW', title: 'Observer wrote this', userBusinessValue: 20, jobSize: 1 }, { participantId: 'obs', now: Date.now() });
    updateFeature(local, 'BASE', { title: 'Observer renamed this' });
    for (const update of updates) raw.send(updateFrame(update));
    const after = await raw.probe();
    expect(after, `observer socket was closed: ${JSON.stringify(raw.closeInfo)}`).not.toBeNull();
    const serverState = docFromStep2(after as Uint8Array);
    expect(readFeature(serverState, 'OBS-RAW')).toBeNull();
    expect(readFeature(serverState, 'BASE')?.title).toBe('Baseline');

    // The stock client sends its local state on connect, and edits after: both dropped, connection kept.
    const offline = new Y.Doc();
    createFeature(offline, { id: 'OBS-OFFLINE', title: 'Observer offline edit' }, { participantId: 'obs', now: Date.now() });
    const observer = connectClient(server.wsUrl, room.roomId, member(room, 'Obs').token, { initial: Y.encodeStateAsUpdate(offline) });
    clients.push(observer);
    await observer.synced;
    createFeature(observer.doc, { id: 'OBS-LIVE', title: 'Observer live edit' }, { participantId: 'obs', now: Date.now() });
    await expectRoomServing('observer writes');
    await waitFor(() => readFeature(observer.doc, `ALIVE-${liveness}`), 10_000, () => 'observer stopped receiving');
    expect(observer.closes).toEqual([]);
    expect(observer.provider.wsconnected).toBe(true);
    expect(raw.closeInfo).toBeNull();
    for (const id of ['OBS-RAW', 'OBS-OFFLINE', 'OBS-LIVE']) expect(readFeature(healthy.doc, id), id).toBeNull();
    expect(readFeature(healthy.doc, 'BASE')?.title).toBe('Baseline');
    const fresh = connectClient(server.wsUrl, room.roomId, member(room, 'Hal').token);
    clients.push(fresh);
    await fresh.synced;
    for (const id of ['OBS-RAW', 'OBS-OFFLINE', 'OBS-LIVE']) expect(readFeature(fresh.doc, id), `stored ${id}`).toBeNull();
  });

  test('a flood of updates beyond the rate limit closes the flooding socket (4xxx, or 1013), not the room', async () => {
    const raw = await openRaw(server.wsUrl, room.roomId, member(room, 'Flo').token);
    sockets.push(raw);
    const local = docFromStep2((await raw.probe()) ?? new Uint8Array([0, 0]));
    const updates: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => updates.push(update));
    createFeature(local, { id: 'FLOOD', title: 'Flooded' }, { participantId: 'flo', now: Date.now() });
    let sent = 0;
    for (; sent < FLOOD_LIMIT && !raw.closeInfo; sent++) {
      updateFeature(local, 'FLOOD', { description: `flood ${sent}` });
      raw.send(updateFrame(updates[updates.length - 1] as Uint8Array));
      if (sent % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
    }
    const close = await closedWithin(raw, 10_000);
    expectRefused(close, `flood of ${sent} updates`, (code) => (code >= 4000 && code <= 4999) || code === 1013);
    await expectRoomServing('a flood');
    const fresh = connectClient(server.wsUrl, room.roomId, member(room, 'Hal').token);
    clients.push(fresh);
    await fresh.synced;
    await waitFor(() => canonicalState(fresh.doc) === canonicalState(healthy.doc), 10_000, () => 'healthy client and server differ after the flood');
  });

  test('/metrics counts the refused connections, by close code, and the dropped observer updates', async () => {
    const byCode = new Map<number, number>();
    for (const { code } of refused) byCode.set(code, (byCode.get(code) ?? 0) + 1);
    const counted = (samples: MetricSample[], code: number) => sumMetric(samples, /close/i, new RegExp(`code="${code}"`));
    let after = await fetchMetrics(server.url);
    const report = () => [...byCode].map(([code, n]) => `${code}: ${n} refused, ${counted(after, code) - counted(metricsBefore, code)} counted`).join('; ');
    // Counters move when the server has finished closing; give the last closes a moment.
    await waitFor(async () => {
      after = await fetchMetrics(server.url);
      return [...byCode].every(([code, n]) => counted(after, code) - counted(metricsBefore, code) >= n);
    }, 5_000, () => `closes in /metrics by code: ${report()}`);
    const drops = (samples: MetricSample[]) => sumMetric(samples, /observer|read_?only|drop/i);
    expect(drops(after)).toBeGreaterThan(drops(metricsBefore));
  });
});
