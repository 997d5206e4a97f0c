import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { createFeature, featuresMap, readFeature, updateFeature } from '@ladder/board-doc';
import { startLadder, type LadderServer } from '../support/server';
import { connectClient, mapPool, type CloseInfo, type SyncClient } from '../support/clients';
import { canonicalState } from '../support/state';
import { fetchMetrics, member, roomWith, sumMetric, type MetricSample, type RoomWithPeople } from '../support/http';
import { createRng, eventually, testSeed } from '@ladder/testing';
import {
  awarenessFrame, closedWithin, docFromStep2, forgeToken, isStructurallyMalformed, openRaw, unknownTypeFrame, updateFrame, type RawSocket,
} from '../support/wire';

const SEED = testSeed(4_004_400);
const RANDOM_FRAMES = 1200;
const TRUNCATED_FRAMES = 800;
const FLOOD_LIMIT = 20_000;
/** The sibling server runs with a frame limit of its own (LADDER_MAX_FRAME_BYTES). */
const SIBLING_MAX_FRAME = 4096;

let server: LadderServer;
let sibling: LadderServer;
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
  [server, sibling] = await Promise.all([startLadder(), startLadder({ env: { LADDER_MAX_FRAME_BYTES: String(SIBLING_MAX_FRAME) } })]);
  room = await roomWith(server.url, { Hal: 'facilitator', Wes: 'portfolio', Rex: 'product', Flo: 'product', Obs: 'observer' });
  otherRoom = await roomWith(server.url, { Bea: 'facilitator' }, 'Another train');
  unknownRoom = await roomWith(sibling.url, { Sid: 'facilitator' }, 'Only on the sibling');
  healthy = connectClient(server.wsUrl, room.roomId, member(room, 'Hal').token);
  writer = connectClient(server.wsUrl, room.roomId, member(room, 'Wes').token);
  clients.push(healthy, writer);
  await Promise.all([healthy.synced, writer.synced]);
  createFeature(writer.doc, { id: 'BASE', title: 'Baseline', userBusinessValue: 5, jobSize: 3 }, { participantId: 'wes', now: Date.now() });
  await eventually(() => readFeature(healthy.doc, 'BASE'));
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
  await eventually(() => readFeature(healthy.doc, id), { timeout: 10_000, what: () => `healthy client did not receive ${id} after ${after}` });
  expect(healthy.closes, `healthy client was closed during ${after}`).toEqual([]);
  expect(writer.closes).toEqual([]);
}

/** A client that joins now, synced: it sees what the server stored. */
async function freshClient(): Promise<SyncClient> {
  const fresh = connectClient(server.wsUrl, room.roomId, member(room, 'Hal').token);
  clients.push(fresh);
  await fresh.synced;
  return fresh;
}

/** A client that joins now gets exactly what the healthy client holds. */
async function expectFreshClientAgrees(after: string): Promise<void> {
  const fresh = await freshClient();
  await eventually(() => canonicalState(fresh.doc) === canonicalState(healthy.doc), { timeout: 10_000, what: () => `a fresh client and the healthy one differ after ${after}` });
}

const isClientError = (code: number) => code >= 4400 && code <= 4499;
/** The named close codes of the sync endpoint (docs/api.md, "WebSocket"). */
const CODE = { badFrame: 4400, unauthorized: 4401, forbidden: 4403, roomNotFound: 4404, unknownMessage: 4406, badUpdate: 4422, rateLimited: 4529 } as const;
const exactly = (want: number) => (code: number) => code === want;

/** The outer message type of a frame, or null when it has none or it does not read. */
function messageType(frame: Uint8Array): number | null {
  try {
    const decoder = decoding.createDecoder(frame);
    return decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : null;
  } catch {
    return null;
  }
}

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
  test(`${RANDOM_FRAMES} seeded random frames: unknown types close with 4406, malformed ones with 4400, never the room (seed ${SEED})`, async () => {
    const rng = createRng(SEED);
    const frames = Array.from({ length: RANDOM_FRAMES }, () => rng.bytes(rng.int(0, 160)));
    const token = member(room, 'Rex').token;
    const closes = await mapPool(frames, 6, (frame) => sendOne(frame, token));
    let malformed = 0;
    let unknownTypes = 0;
    for (const [i, frame] of frames.entries()) {
      const close = closes[i] ?? null;
      const what = `random frame #${i} [${Array.from(frame.slice(0, 12)).join(',')}…]`;
      const type = messageType(frame);
      if (type !== null && ![0, 1, 3].includes(type)) {
        unknownTypes++;
        expectRefused(close, what, exactly(CODE.unknownMessage));
      } else if (isStructurallyMalformed(frame)) {
        malformed++;
        expectRefused(close, what, exactly(CODE.badFrame));
      } else if (close) {
        expectRefused(close, what, (code) => code === CODE.badFrame || code === CODE.badUpdate);
      }
    }
    expect(unknownTypes + malformed).toBeGreaterThan(RANDOM_FRAMES * 0.9);
    expect(unknownTypes).toBeGreaterThan(0);
    expect(malformed).toBeGreaterThan(0);
    await expectRoomServing('random frames');
  });

  test(`${TRUNCATED_FRAMES} truncated sync and awareness frames are each refused with 4400 (malformed)`, async () => {
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
    for (const [i, frame] of frames.entries()) expectRefused(closes[i] ?? null, `frame cut to ${frame.length} bytes`, exactly(CODE.badFrame));
    await expectRoomServing('truncated frames');
    expect(readFeature(healthy.doc, 'TRUNC')).toBeNull();
  });

  test('an unknown message type → 4406 with a reason', async () => {
    expectRefused(await sendOne(unknownTypeFrame(99), member(room, 'Rex').token), 'unknown message type 99', exactly(CODE.unknownMessage));
    await expectRoomServing('an unknown message type');
  });

  test('a well-framed update that Yjs rejects → 4422 with a reason, not applied or stored', async () => {
    const junk = new Uint8Array([5, 255, 255, 255, 255, 15, 9, 9]);
    expect(() => Y.decodeUpdate(junk)).toThrow();
    // Updates are refused at their group commit, which may come after a probe is answered: wait for the close itself.
    const socket = await openRaw(server.wsUrl, room.roomId, member(room, 'Rex').token);
    sockets.push(socket);
    socket.send(updateFrame(junk));
    expectRefused(await closedWithin(socket, 10_000), 'an update Yjs cannot read', exactly(CODE.badUpdate));
    await expectRoomServing('an update Yjs rejects');
    await expectFreshClientAgrees('an update Yjs rejects');
  });

  test('a text frame is malformed: 4400 with a reason, whatever its bytes would decode to', async () => {
    const socket = await openRaw(server.wsUrl, room.roomId, member(room, 'Rex').token);
    try {
      socket.send('hello');
      const close = await socket.closed;
      expectRefused(close, 'a text frame', exactly(CODE.badFrame));
      expect(close.reason).toMatch(/Text frames/);
    } finally {
      await socket.close();
    }
    await expectRoomServing('a text frame');
  });

  const bigFrame = (id: string, bytes: number) => {
    const local = new Y.Doc();
    const updates: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => updates.push(update));
    local.transact(() => {
      const big = new Y.Map<unknown>();
      featuresMap(local).set(id, big);
      big.set('id', id);
      big.set('title', 'Too big');
      big.set('description', 'x'.repeat(bytes));
    });
    return updateFrame(updates[0] as Uint8Array);
  };

  test('a frame over 1 MiB is closed with 4413 and a reason naming its size, and not applied', async () => {
    const frame = bigFrame('BIG', 1.5 * 1024 * 1024);
    expect(frame.length).toBeGreaterThan(1024 * 1024);
    const close = await sendOne(frame, member(room, 'Rex').token);
    expectRefused(close, 'a 1.5 MiB frame', (code) => code === 4413);
    expect(close?.reason).toMatch(new RegExp(`${frame.length} bytes`));
    await expectRoomServing('an oversized frame');
    expect(readFeature(healthy.doc, 'BIG')).toBeNull();
  });

  test('a frame over twice the limit is cut off by the WebSocket layer (1009) before it is buffered, and not applied', async () => {
    const frame = bigFrame('HUGE', 2 * 1024 * 1024 + 1);
    expect(frame.length).toBeGreaterThan(2 * 1024 * 1024);
    const close = await sendOne(frame, member(room, 'Rex').token);
    expectRefused(close, 'a frame over 2 MiB', (code) => code === 1009);
    await expectRoomServing('a frame over twice the limit');
    expect(readFeature(healthy.doc, 'HUGE')).toBeNull();
  });

  test('the frame limit is configurable: LADDER_MAX_FRAME_BYTES=4096 refuses a 5 KiB update with 4413 and takes a 3 KiB one', async () => {
    const token = member(unknownRoom, 'Sid').token;
    const frameOf = (id: string, bytes: number) => {
      const local = new Y.Doc();
      const updates: Uint8Array[] = [];
      local.on('update', (update: Uint8Array) => updates.push(update));
      createFeature(local, { id, title: id, description: 'd'.repeat(bytes) }, { participantId: 'sid', now: Date.now() });
      return updateFrame(updates[0] as Uint8Array);
    };
    const big = frameOf('OVER', 5000);
    const small = frameOf('UNDER', 3000);
    expect(big.length).toBeGreaterThan(SIBLING_MAX_FRAME);
    expect(small.length).toBeLessThan(SIBLING_MAX_FRAME);
    const refusedSocket = await openRaw(sibling.wsUrl, unknownRoom.roomId, token);
    sockets.push(refusedSocket);
    refusedSocket.send(big);
    const close = await closedWithin(refusedSocket, 10_000);
    expect(close?.code, `a ${big.length}-byte frame: ${JSON.stringify(close)}`).toBe(4413);
    const accepted = await openRaw(sibling.wsUrl, unknownRoom.roomId, token);
    sockets.push(accepted);
    accepted.send(small);
    await eventually(async () => {
      const state = await accepted.probe();
      return state !== null && readFeature(docFromStep2(state), 'UNDER') !== null;
    }, { timeout: 10_000, what: () => `a ${small.length}-byte frame was not taken: ${JSON.stringify(accepted.closeInfo)}` });
    expect(accepted.closeInfo).toBeNull();
    const reader = await openRaw(sibling.wsUrl, unknownRoom.roomId, token);
    sockets.push(reader);
    expect(readFeature(docFromStep2((await reader.probe()) ?? new Uint8Array([0, 0])), 'OVER')).toBeNull();
  });

  test('bad credentials and unknown rooms are closed with their code (4401, 4403, 4404) and a reason', async () => {
    const rex = member(room, 'Rex').token;
    const cases: Array<[string, string, string | null, number]> = [
      ['no token', room.roomId, null, CODE.unauthorized],
      ['a garbage token', room.roomId, 'garbage', CODE.unauthorized],
      ['a forged token', room.roomId, forgeToken(rex), CODE.unauthorized],
      ['an invite token', room.roomId, room.invites.product, CODE.unauthorized],
      ['a token for another room', room.roomId, member(otherRoom, 'Bea').token, CODE.forbidden],
      ['another room\'s path with this room\'s token', otherRoom.roomId, rex, CODE.forbidden],
      ['a room that does not exist (genuine token of it)', unknownRoom.roomId, member(unknownRoom, 'Sid').token, CODE.roomNotFound],
      ['a room id that is not one (a path)', '../../etc/passwd', rex, CODE.roomNotFound],
    ];
    for (const [what, roomId, token, code] of cases) {
      const socket = await openRaw(server.wsUrl, roomId, token);
      sockets.push(socket);
      expectRefused(await closedWithin(socket, 5_000), what, exactly(code));
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
    await eventually(() => readFeature(observer.doc, `ALIVE-${liveness}`), { timeout: 10_000, what: () => 'observer stopped receiving' });
    expect(observer.closes).toEqual([]);
    expect(observer.provider.wsconnected).toBe(true);
    expect(raw.closeInfo).toBeNull();
    for (const id of ['OBS-RAW', 'OBS-OFFLINE', 'OBS-LIVE']) expect(readFeature(healthy.doc, id), id).toBeNull();
    expect(readFeature(healthy.doc, 'BASE')?.title).toBe('Baseline');
    const fresh = await freshClient();
    for (const id of ['OBS-RAW', 'OBS-OFFLINE', 'OBS-LIVE']) expect(readFeature(fresh.doc, id), `stored ${id}`).toBeNull();
  });

  test('a flood of updates beyond the rate limit closes the flooding socket with 4529, not the room', async () => {
    const raw = await openRaw(server.wsUrl, room.roomId, member(room, 'Flo').token);
    sockets.push(raw);
    const local = docFromStep2((await raw.probe()) ?? new Uint8Array([0, 0]));
    const updates: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => updates.push(update));
    createFeature(local, { id: 'FLOOD', title: 'Flooded' }, { participantId: 'flo', now: Date.now() });
    // The feature first, as a client sends it: an edit of a feature the server never received is refused (4422).
    raw.send(updateFrame(updates[0] as Uint8Array));
    let sent = 0;
    for (; sent < FLOOD_LIMIT && !raw.closeInfo; sent++) {
      updateFeature(local, 'FLOOD', { description: `flood ${sent}` });
      raw.send(updateFrame(updates[updates.length - 1] as Uint8Array));
      if (sent % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
    }
    const close = await closedWithin(raw, 10_000);
    expectRefused(close, `flood of ${sent} updates`, exactly(CODE.rateLimited));
    await expectRoomServing('a flood');
    await expectFreshClientAgrees('a flood');
  });

  test('/metrics counts the refused connections, by close code, and the dropped observer updates', async () => {
    const byCode = new Map<number, number>();
    for (const { code } of refused) byCode.set(code, (byCode.get(code) ?? 0) + 1);
    const counted = (samples: MetricSample[], code: number) => sumMetric(samples, /close/i, new RegExp(`code="${code}"`));
    let after = await fetchMetrics(server.url);
    const report = () => [...byCode].map(([code, n]) => `${code}: ${n} refused, ${counted(after, code) - counted(metricsBefore, code)} counted`).join('; ');
    // Counters move when the server has finished closing; give the last closes a moment.
    await eventually(async () => {
      after = await fetchMetrics(server.url);
      return [...byCode].every(([code, n]) => counted(after, code) - counted(metricsBefore, code) >= n);
    }, { timeout: 5_000, what: () => `closes in /metrics by code: ${report()}` });
    const drops = (samples: MetricSample[]) => sumMetric(samples, /observer|read_?only|drop/i);
    expect(drops(after)).toBeGreaterThan(drops(metricsBefore));
  });
});
