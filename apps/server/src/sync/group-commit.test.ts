import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import pino from 'pino';
import { createFeature, initRoom } from '@ladder/board-doc';
import { createRng, testSeed } from '@ladder/testing';
import { CLOSE } from '../close-codes';
import { newRoomId } from '../ids';
import type { Author } from '../plugins';
import { historyPlugin } from '../plugins/history';
import { SqliteStorage } from '../storage/sqlite';
import { MESSAGE_SYNC } from './protocol';
import type { Room, RoomPeer } from './room';
import { RoomManager } from './rooms';

// Group commit on a real SQLite file: the updates of one tick are stored in one transaction with their history
// events, all or none, and nothing of them is sent or acknowledged before that transaction has committed. What is
// committed is read over a second connection to the file, which sees a transaction only once it has committed.

const logger = pino({ level: 'silent' });
const author = (participantId: string): Author => ({ participantId, name: participantId.toUpperCase(), role: 'product' });

let dataDir: string;
let sqlite: SqliteStorage;
/** A second connection to the storage's file. */
let file: Database.Database;
let peers: Peer[];
/** The room managers a test opened, shut down after it (their rooms' timers with them). */
let managers: RoomManager[];
/** The rooms a test opened: a failed room leaves its manager, and is destroyed here. */
let opened: Room[];
/** For each submit, once settled: the room's latest committed seq at that moment. */
let committedAtSettle: number[];

/** The room's latest seq that another connection sees: the last one committed. */
function committedSeq(roomId: string): number {
  return file.prepare<[string], { seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM updates WHERE room_id = ?').get(roomId)?.seq ?? 0;
}

/** A peer that records what the room sends it, what was committed when each update frame came, and how it was closed. */
class Peer implements RoomPeer {
  readonly frames: Uint8Array[] = [];
  /** For each update frame: the room's latest committed seq when it came. */
  readonly committedAtUpdate: number[] = [];
  closed: number | null = null;
  constructor(private readonly roomId: string) {}
  send(frame: Uint8Array): void {
    this.frames.push(frame);
    if (frame[0] === MESSAGE_SYNC) this.committedAtUpdate.push(committedSeq(this.roomId));
  }
  close(code: number): void {
    this.closed = code;
  }
  get updateFrames(): Uint8Array[] {
    return this.frames.filter((f) => f[0] === MESSAGE_SYNC);
  }
}

/** From now until `allow()`, SQLite refuses the history row of this feature, and with it the transaction that holds it. */
function refuseHistoryOf(featureId: string): { allow: () => void } {
  file.exec(`CREATE TRIGGER refuse_history BEFORE INSERT ON history WHEN NEW.feature_id = '${featureId}'
    BEGIN SELECT RAISE(ABORT, 'the history could not be written'); END`);
  return { allow: () => file.exec('DROP TRIGGER refuse_history') };
}

async function openRoom(): Promise<{ rooms: RoomManager; room: Room; roomId: string }> {
  const roomId = newRoomId();
  const doc = new Y.Doc();
  initRoom(doc, { title: 'Group commit' });
  createFeature(doc, { id: 'F-1', title: 'Checkout' }, { participantId: 'seed', now: 1 });
  await sqlite.createRoom({ id: roomId, title: 'Group commit', createdAt: 1 }, Y.encodeStateAsUpdate(doc));
  const rooms = new RoomManager({ storage: sqlite, plugins: [historyPlugin()], logger, snapshotEvery: 10_000 });
  managers.push(rooms);
  const room = await rooms.acquire(roomId);
  if (!room) throw new Error('room did not load');
  opened.push(room);
  peers = [new Peer(roomId), new Peer(roomId), new Peer(roomId)];
  for (const peer of peers) room.peers.add(peer);
  return { rooms, room, roomId };
}

/** `count` new features, each made on its own copy of the room's document: independent updates from several clients. */
function edits(room: Room, count: number): Uint8Array[] {
  const base = Y.encodeStateAsUpdate(room.doc);
  return Array.from({ length: count }, (_, i) => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, base);
    const before = Y.encodeStateVector(copy);
    createFeature(copy, { id: `F-${i + 2}`, title: `Feature ${i + 2}` }, { participantId: `p${i % 3}`, now: 2 });
    const update = Y.encodeStateAsUpdate(copy, before);
    copy.destroy();
    return update;
  });
}

function submitAll(room: Room, updates: Uint8Array[]): Promise<PromiseSettledResult<number | null>[]> {
  return Promise.allSettled(updates.map((update, i) => {
    const sender = peers[i % peers.length] as Peer;
    return room.submit(update, author(`p${i % peers.length}`), sender).finally(() => { committedAtSettle.push(committedSeq(room.id)); });
  }));
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ladder-group-commit-'));
  sqlite = new SqliteStorage({ dataDir });
  file = new Database(join(dataDir, 'ladder.db'));
  file.pragma('busy_timeout = 5000');
  peers = [];
  managers = [];
  opened = [];
  committedAtSettle = [];
});

afterEach(async () => {
  for (const rooms of managers) await rooms.shutdown();
  for (const room of opened) if (!room.destroyed) room.destroy();
  file.close();
  await sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('group commit', () => {
  test('updates that arrive within one tick are stored in one transaction, with their history events', async () => {
    const { room, roomId } = await openRoom();
    const results = await submitAll(room, edits(room, 12));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill('fulfilled'));
    expect(results.map((r) => (r as PromiseFulfilledResult<number | null>).value)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    // One commit: each peer got the batch as one frame, sent once all twelve were committed.
    for (const [p, peer] of peers.entries()) expect(peer.committedAtUpdate, `peer ${p}`).toEqual([13]);
    // Every update is in the log, and each one's history event carries its seq and its author.
    expect(await sqlite.latestSeq(roomId)).toBe(13);
    const history = await sqlite.history(roomId);
    expect(history.map((e) => [e.seq, e.participantId, e.kind, e.featureId])).toEqual(
      Array.from({ length: 12 }, (_, i) => [i + 2, `p${i % 3}`, 'created', `F-${i + 2}`]));
  });

  test('nothing of a batch is sent or acknowledged before its commit; after it, each peer gets the others\' updates', async () => {
    const { room } = await openRoom();
    const base = Y.encodeStateAsUpdate(room.doc);
    const updates = edits(room, 6);
    await submitAll(room, updates);
    // Every submit settled, and every update frame came, when the whole batch was already committed.
    expect(committedAtSettle).toEqual(Array(6).fill(7));
    for (const [p, peer] of peers.entries()) {
      expect(peer.committedAtUpdate, `peer ${p}`).toEqual([7]);
      // What a peer got holds every update but its own.
      const got = new Y.Doc();
      Y.applyUpdate(got, base);
      const decoder = decoding.createDecoder(peer.updateFrames[0] as Uint8Array);
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      Y.applyUpdate(got, decoding.readVarUint8Array(decoder));
      const others = updates.filter((_, i) => i % peers.length !== p);
      const expected = new Y.Doc();
      Y.applyUpdate(expected, base);
      for (const update of others) Y.applyUpdate(expected, update);
      expect(Y.encodeStateVector(got)).toEqual(Y.encodeStateVector(expected));
      expect([...got.getMap('features').keys()].sort()).toEqual([...expected.getMap('features').keys()].sort());
    }
  });

  test('a batch that fails after it was applied is neither stored nor sent: peers are told to reconnect and the room reloads from storage', async () => {
    const { rooms, room, roomId } = await openRoom();
    // The last update's history row (F-6's) is refused: if any part of the batch were committed apart from it, or
    // sent or acknowledged before the commit, it would show below.
    const refused = refuseHistoryOf('F-6');
    const results = await submitAll(room, edits(room, 5));
    refused.allow();
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await sqlite.latestSeq(roomId)).toBe(1);
    expect(await sqlite.history(roomId)).toEqual([]);
    for (const peer of peers) {
      expect(peer.updateFrames).toEqual([]);
      expect(peer.closed).toBe(CLOSE.TRY_AGAIN_LATER);
    }
    expect(room.failed).toBe(true);
    // The next user gets the room as stored, and its updates go through.
    const fresh = await rooms.acquire(roomId);
    expect(fresh).not.toBe(room);
    if (!fresh) throw new Error('room did not reload');
    expect(fresh.doc.getMap('features').size).toBe(1);
    expect(await fresh.submit(edits(fresh, 1)[0] as Uint8Array, author('p0'), null)).toBe(2);
  });
});

describe('group commit across a crash (SIGKILL, real SQLite file)', () => {
  const KILL_SEED = testSeed(4_180_613);
  const storageModule = join(fileURLToPath(new URL('.', import.meta.url)), '../storage/sqlite.ts');

  /** Runs `body` in a child process with `storage` open on `dataDir`; resolves with the child once it prints `ready`. */
  function child(body: string): { lines: string[]; ready: Promise<void>; kill: () => Promise<void> } {
    const code = `import { SqliteStorage } from ${JSON.stringify(storageModule)};
      const storage = new SqliteStorage({ dataDir: ${JSON.stringify(dataDir)} });
      const say = (line) => process.stdout.write(line + '\\n');
      ${body}`;
    const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    let onLine = () => {};
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      lines.push(...chunk.split('\n').filter(Boolean));
      onLine();
    });
    const ready = new Promise<void>((resolve, reject) => {
      onLine = () => { if (lines.includes('ready')) resolve(); };
      proc.on('exit', (code) => reject(new Error(`child exited (${code}) before it was ready: ${lines.join(' | ')}`)));
    });
    const kill = () => new Promise<void>((resolve) => {
      proc.on('exit', () => resolve());
      proc.kill('SIGKILL');
    });
    return { lines, ready, kill };
  }

  async function createRoom(): Promise<string> {
    const roomId = newRoomId();
    await sqlite.createRoom({ id: roomId, title: 'Crash', createdAt: 1 }, new Uint8Array([0, 0]));
    return roomId;
  }

  test('killed after the seqs were reserved and the batch applied, before its commit: none of the batch is stored', async () => {
    const roomId = await createRoom();
    const run = child(`
      const updates = Array.from({ length: 50 }, (_, i) => ({ at: 2, participantId: 'p', update: new Uint8Array([i]) }));
      await storage.appendUpdates(${JSON.stringify(roomId)}, updates, async (seqs) => {
        say('ready');
        await new Promise(() => {});
        return [];
      });`);
    await run.ready;
    await run.kill();
    const reopened = new SqliteStorage({ dataDir });
    expect(await reopened.latestSeq(roomId)).toBe(1);
    await reopened.close();
  });

  test(`killed at any moment while batches stream in (seed ${KILL_SEED}): every batch is stored whole or not at all, and every acknowledged one is there`, async () => {
    const roomId = await createRoom();
    const BATCH = 400;
    const run = child(`
      const event = (seq) => ({ seq, at: 2, participantId: 'p', name: 'P', kind: 'changed', featureId: 'F-1', field: 'jobSize', from: 1, to: 2 });
      for (let n = 1; ; n++) {
        const updates = Array.from({ length: ${BATCH} }, (_, i) => ({ at: 2, participantId: 'p', update: new Uint8Array(64).fill(i % 251) }));
        await storage.appendUpdates(${JSON.stringify(roomId)}, updates, (seqs) => seqs.map(event));
        say('committed ' + n);
        if (n === 3) say('ready');
      }`);
    await run.ready;
    // Killed 50–150 ms after the third commit; the seed picks the moment (LADDER_TEST_SEED replays it).
    await new Promise((resolve) => setTimeout(resolve, createRng(KILL_SEED).int(50, 150)));
    await run.kill();
    const acknowledged = Math.max(...run.lines.filter((l) => l.startsWith('committed ')).map((l) => Number(l.slice(10))));
    const reopened = new SqliteStorage({ dataDir });
    const stored = (await reopened.latestSeq(roomId)) - 1;
    const history = await reopened.history(roomId);
    await reopened.close();
    expect(stored % BATCH, `${stored} updates stored: a batch was cut`).toBe(0);
    expect(stored / BATCH).toBeGreaterThanOrEqual(acknowledged);
    // The history events of exactly the stored batches.
    expect(history.length).toBe(stored);
    expect(history[history.length - 1]?.seq).toBe(stored + 1);
  });
});
