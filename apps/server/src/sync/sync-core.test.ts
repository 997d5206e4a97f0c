import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import pino from 'pino';
import { createFeature, initRoom, readFeature, readFeatures, updateFeature, type Role } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { TokenSigner } from '../auth/tokens';
import { CLOSE } from '../close-codes';
import { newParticipantId, newRoomId } from '../ids';
import { historyPlugin } from '../plugins/history';
import { applySnapshot } from '../storage/snapshot-codec';
import { SqliteStorage } from '../storage/sqlite';
import { memorySocketPair, type MemorySocket } from './memory-socket';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limit';
import { RoomManager } from './rooms';
import { SyncServer } from './sync-server';

const logger = pino({ level: 'silent' });
const signer = new TokenSigner('sync-core-test-secret-0123456789');

interface TestClient { doc: Y.Doc; socket: MemorySocket; synced: boolean }

/** A minimal y-websocket peer over an in-memory socket. */
function client(socket: MemorySocket): TestClient {
  const doc = new Y.Doc();
  const c: TestClient = { doc, socket, synced: false };
  socket.on('message', (frame) => {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    const step = syncProtocol.readSyncMessage(decoder, encoder, doc, 'server');
    if (step === syncProtocol.messageYjsSyncStep2) c.synced = true;
    if (encoding.length(encoder) > 1) socket.send(encoding.toUint8Array(encoder));
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'server') return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, update);
    socket.send(encoding.toUint8Array(encoder));
  });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, doc);
  socket.send(encoding.toUint8Array(encoder));
  return c;
}

let storage: SqliteStorage;
let rooms: RoomManager;
let sync: SyncServer;
let roomId: string;

function start(limits: RateLimits = DEFAULT_RATE_LIMITS): void {
  const plugins = [historyPlugin()];
  rooms = new RoomManager({ storage, plugins, logger, snapshotEvery: 5 });
  sync = new SyncServer({ rooms, storage, signer, plugins, logger, maxFrameBytes: 64 * 1024, limits });
}

async function join(role: Role, name: string = role, room = roomId): Promise<string> {
  const participantId = newParticipantId();
  await storage.addParticipant({ id: participantId, roomId: room, name, role, joinedAt: Date.now() });
  return signer.sign({ kind: 'participant', roomId: room, role, participantId });
}

function connect(token: string | null, room = roomId): TestClient {
  const [serverSide, clientSide] = memorySocketPair();
  const c = client(clientSide);
  sync.handle(serverSide, room, token);
  return c;
}

beforeEach(async () => {
  storage = new SqliteStorage(':memory:');
  roomId = newRoomId();
  const doc = new Y.Doc();
  initRoom(doc, { title: 'Core' });
  await storage.createRoom({ id: roomId, title: 'Core', createdAt: Date.now() }, Y.encodeStateAsUpdate(doc));
  start();
});

afterEach(async () => {
  sync.closeAll(CLOSE.SERVICE_RESTART, 'test over');
  await rooms.shutdown();
  await storage.close();
});

describe('sync core over in-memory sockets', () => {
  test('two writers converge, and every update is stored before anyone sees it', async () => {
    const a = connect(await join('product', 'Ann'));
    const b = connect(await join('portfolio', 'Bo'));
    await eventually(() => a.synced && b.synced, 'both clients synced');
    createFeature(a.doc, { id: 'F-1', title: 'One', jobSize: 3 }, { participantId: 'ann', now: 1 });
    createFeature(b.doc, { id: 'F-2', title: 'Two' }, { participantId: 'bo', now: 2 });
    await eventually(() => readFeature(a.doc, 'F-2') !== null && readFeature(b.doc, 'F-1') !== null, 'both features everywhere');
    const loaded = await storage.loadRoom(roomId);
    const stored = new Y.Doc();
    if (loaded?.snapshot) applySnapshot(stored, loaded.snapshot);
    for (const u of loaded?.updates ?? []) Y.applyUpdate(stored, u.update);
    expect(readFeature(stored, 'F-1')?.title).toBe('One');
    expect(readFeature(stored, 'F-2')?.title).toBe('Two');
    const history = await storage.history(roomId);
    expect(history.map((e) => [e.kind, e.featureId, e.name])).toEqual(expect.arrayContaining([['created', 'F-1', 'Ann'], ['created', 'F-2', 'Bo']]));
  });

  test('an observer receives everything, its updates are dropped, and it stays connected', async () => {
    const writer = connect(await join('facilitator'));
    const observer = connect(await join('observer'));
    await eventually(() => writer.synced && observer.synced, 'synced');
    createFeature(observer.doc, { id: 'OBS', title: 'Observer edit' }, { participantId: 'o', now: 1 });
    createFeature(writer.doc, { id: 'W', title: 'Writer edit' }, { participantId: 'w', now: 2 });
    await eventually(() => readFeature(observer.doc, 'W') !== null, 'observer receives the writer');
    expect(readFeature(writer.doc, 'OBS')).toBeNull();
    expect(observer.socket.closed).toBeNull();
    const later = connect(await join('product'));
    await eventually(() => later.synced && readFeature(later.doc, 'W') !== null, 'a later client syncs');
    expect(readFeature(later.doc, 'OBS')).toBeNull();
  });

  test('a malformed frame closes only its sender with 44xx and a reason', async () => {
    const good = connect(await join('product'));
    const bad = connect(await join('product'));
    await eventually(() => good.synced && bad.synced, 'synced');
    bad.socket.send(new Uint8Array([0, 2, 50, 1, 2]));
    await eventually(() => bad.socket.closed !== null, 'bad client closed');
    expect(bad.socket.closed?.code).toBe(CLOSE.BAD_FRAME);
    expect(bad.socket.closed?.reason).toMatch(/Malformed/);
    const other = connect(await join('product'));
    await eventually(() => other.synced, 'synced');
    other.socket.send(new Uint8Array([7, 1, 2]));
    await eventually(() => other.socket.closed !== null, 'unknown type closed');
    expect(other.socket.closed?.code).toBe(CLOSE.UNKNOWN_MESSAGE);
    createFeature(good.doc, { id: 'STILL', title: 'Still fine' }, { participantId: 'g', now: 1 });
    const check = connect(await join('observer'));
    await eventually(() => readFeature(check.doc, 'STILL') !== null, 'room still serving');
    expect(good.socket.closed).toBeNull();
  });

  test('a frame over the size limit closes its sender with 4413, before it is decoded', async () => {
    const c = connect(await join('product'));
    await eventually(() => c.synced, 'synced');
    const before = await storage.latestSeq(roomId);
    c.socket.send(new Uint8Array(64 * 1024 + 1));
    await eventually(() => c.socket.closed !== null, 'closed');
    expect(c.socket.closed?.code).toBe(CLOSE.FRAME_TOO_LARGE);
    expect(await storage.latestSeq(roomId)).toBe(before);
  });

  test('an update Yjs cannot read is refused with 4422 and not stored', async () => {
    const c = connect(await join('product'));
    await eventually(() => c.synced, 'synced');
    const before = await storage.latestSeq(roomId);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, new Uint8Array([5, 255, 255, 255, 255, 15, 9, 9]));
    c.socket.send(encoding.toUint8Array(encoder));
    await eventually(() => c.socket.closed !== null, 'closed');
    expect(c.socket.closed?.code).toBe(CLOSE.BAD_UPDATE);
    expect(await storage.latestSeq(roomId)).toBe(before);
  });

  test('bit-flipped updates cost at most their sender the connection; the stored log replays to the live room', async () => {
    const token = await join('product');
    const holder = connect(token);
    await eventually(() => holder.synced, 'synced');
    let seed = 20_261_123;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let i = 0; i < 150; i++) {
      const local = new Y.Doc();
      const updates: Uint8Array[] = [];
      local.on('update', (update: Uint8Array) => updates.push(update));
      createFeature(local, { id: `B${i}`, title: `Flipped ${i}`, userBusinessValue: 3 }, { participantId: 'p', now: i });
      updateFeature(local, `B${i}`, { jobSize: 5 });
      const update = new Uint8Array(updates[i % 2] as Uint8Array);
      const at = Math.floor(random() * update.length);
      update[at] = (update[at] as number) ^ (1 << Math.floor(random() * 8));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, 2);
      encoding.writeVarUint8Array(encoder, update);
      const sender = connect(token);
      sender.socket.send(encoding.toUint8Array(encoder));
      await eventually(() => sender.synced || sender.socket.closed !== null, 'answer');
      const closed = sender.socket.closed;
      if (closed) expect(closed.code >= 4400 && closed.code <= 4499, `flip ${i}: ${closed.code}`).toBe(true);
      sender.socket.close(1000, 'done');
    }
    expect(holder.socket.closed).toBeNull();
    const live = await rooms.withRoom(roomId, (room) => Y.encodeStateAsUpdate(room.doc));
    const loaded = await storage.loadRoom(roomId);
    const replayed = new Y.Doc();
    if (loaded?.snapshot) applySnapshot(replayed, loaded.snapshot);
    for (const stored of loaded?.updates ?? []) {
      try {
        Y.applyUpdate(replayed, stored.update);
      } catch {
        // as the server does on load
      }
    }
    const liveDoc = new Y.Doc();
    Y.applyUpdate(liveDoc, live as Uint8Array);
    const ids = (doc: Y.Doc) => readFeatures(doc).features.map((f) => `${f.id}:${f.title}:${f.jobSize}`).sort();
    expect(ids(replayed)).toEqual(ids(liveDoc));
    expect(Y.encodeStateVector(replayed)).toEqual(Y.encodeStateVector(liveDoc));
  });

  test('bad tokens, other rooms and unknown rooms are refused with their codes', async () => {
    const cases: Array<[string | null, string, number]> = [
      [null, roomId, CLOSE.UNAUTHORIZED],
      ['forged.token', roomId, CLOSE.UNAUTHORIZED],
      [signer.sign({ kind: 'invite', roomId, role: 'product' }), roomId, CLOSE.UNAUTHORIZED],
      [await join('product'), newRoomId(), CLOSE.FORBIDDEN],
      [await join('product'), '../../etc/passwd', CLOSE.ROOM_NOT_FOUND],
    ];
    const ghost = newRoomId();
    cases.push([signer.sign({ kind: 'participant', roomId: ghost, role: 'product', participantId: newParticipantId() }), ghost, CLOSE.ROOM_NOT_FOUND]);
    for (const [token, room, code] of cases) {
      const c = connect(token, room);
      await eventually(() => c.socket.closed !== null, `refusal ${code}`);
      expect(c.socket.closed?.code).toBe(code);
      expect(c.socket.closed?.reason.length).toBeGreaterThan(0);
    }
  });

  test('a flood beyond the per-connection bucket closes that connection with the rate-limit code', async () => {
    sync.closeAll(CLOSE.SERVICE_RESTART, 'restart with small limits');
    await rooms.shutdown();
    start({ connectionBurst: 20, connectionPerSecond: 1, participantBurst: 1000, participantPerSecond: 1000 });
    const flooder = connect(await join('product'));
    const calm = connect(await join('product'));
    await eventually(() => flooder.synced && calm.synced, 'synced');
    createFeature(flooder.doc, { id: 'FLOOD', title: 'Flood' }, { participantId: 'f', now: 1 });
    for (let i = 0; i < 50; i++) updateFeature(flooder.doc, 'FLOOD', { description: `flood ${i}` });
    await eventually(() => flooder.socket.closed !== null, 'flooder closed');
    expect(flooder.socket.closed?.code).toBe(CLOSE.RATE_LIMITED);
    expect(calm.socket.closed).toBeNull();
  });

  test('snapshots are written every N updates and the room reloads from snapshot plus tail', async () => {
    const c = connect(await join('product'));
    await eventually(() => c.synced, 'synced');
    for (let i = 0; i < 12; i++) createFeature(c.doc, { id: `S-${i}`, title: `S ${i}` }, { participantId: 'p', now: i });
    await eventually(async () => (await storage.latestSeq(roomId)) >= 13, 'all 12 updates stored');
    sync.closeAll(CLOSE.SERVICE_RESTART, 'reload');
    await rooms.shutdown();
    const loaded = await storage.loadRoom(roomId);
    expect(loaded?.snapshot?.seq).toBeGreaterThanOrEqual(5);
    expect(loaded?.updates.length).toBeLessThan(5);
    start();
    const again = connect(await join('observer'));
    await eventually(() => again.synced, 'resynced');
    for (let i = 0; i < 12; i++) expect(readFeature(again.doc, `S-${i}`)?.title).toBe(`S ${i}`);
  });
});
