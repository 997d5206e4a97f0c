import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, featuresMap, initRoom } from '@ladder/board-doc';
import { newRoomId } from '../ids';
import type { Plugin } from '../plugins';
import { PostgresStorage } from '../storage/postgres';
import { SqliteStorage } from '../storage/sqlite';
import type { HistoryEvent, Storage } from '../storage/types';
import { RoomManager } from './rooms';

// The commit context, against both storages: a plugin records history in the transaction of the update it is about,
// runs an after-commit action only once that transaction is stored, and can change a refused value back in the
// applying transaction itself, so that storage keeps, and peers receive, the net effect.

const url = process.env.LADDER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ladder_commit_${randomBytes(6).toString('hex')}`;
const logger = pino({ level: 'silent' });
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
});

const storages: [string, () => Promise<Storage>][] = [
  ['sqlite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ladder-commit-'));
    const storage = new SqliteStorage({ dataDir });
    cleanups.push(async () => { await storage.close(); rmSync(dataDir, { recursive: true, force: true }); });
    return storage;
  }],
  ['postgres', async () => {
    const storage = await PostgresStorage.open({ url, schema, applicationName: 'ladder-commit-test' });
    cleanups.push(() => storage.close());
    return storage;
  }],
];

/** A plugin that records one event per update and notes, after each commit, what storage held by then. */
function probe(storage: Storage, seen: string[]): Plugin {
  return {
    name: 'probe',
    onDecide(ctx) {
      // A refused value (a title "forbidden") is changed back in the applying transaction.
      const feature = featuresMap(ctx.doc).get('F-1');
      if (feature instanceof Y.Map && feature.get('title') === 'forbidden') {
        feature.set('title', 'allowed');
        ctx.compensate();
      }
    },
    onUpdate(ctx) {
      ctx.record([{ seq: ctx.seq, at: ctx.at, participantId: ctx.author.participantId, name: 'probe', kind: 'note', featureId: '', field: null, from: null, to: `update ${ctx.seq}` } satisfies HistoryEvent]);
      ctx.afterCommit(() => {
        void Promise.all([storage.latestSeq(ctx.roomId), storage.history(ctx.roomId, { kind: 'note' })]).then(([latest, notes]) => {
          seen.push(`${ctx.seq}: latest ${latest}, note ${notes.some((n) => n.to === `update ${ctx.seq}`)}`);
        });
      });
    },
  };
}

describe.each(storages)('the commit context on %s', (_name, open) => {
  test('history recorded with its update, after-commit actions after the commit, a compensated update stored as its net effect', async () => {
    const storage = await open();
    const roomId = newRoomId();
    const doc = new Y.Doc();
    initRoom(doc, { title: 'Commit context' });
    await storage.createRoom({ id: roomId, title: 'Commit context', createdAt: 1 }, Y.encodeStateAsUpdate(doc));
    const seen: string[] = [];
    const rooms = new RoomManager({ storage, plugins: [probe(storage, seen)], logger, snapshotEvery: 10_000 });
    const author = { participantId: null, name: 'Server', role: null };
    await rooms.withRoom(roomId, async (room) => {
      const first = await room.change(author, (d) => createFeature(d, { id: 'F-1', title: 'Checkout' }, { participantId: 'p', now: 1 }));
      expect(first.seq).toBe(2);
      // A client's update through the group commit: refused in its own transaction.
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
      const before = Y.encodeStateVector(client);
      (featuresMap(client).get('F-1') as Y.Map<unknown>).set('title', 'forbidden');
      const peer = { sent: [] as Uint8Array[], send(frame: Uint8Array) { this.sent.push(frame); } };
      room.peers.add(peer);
      const seq = await room.submit(Y.encodeStateAsUpdate(client, before), { participantId: 'p', name: 'P', role: 'product' }, null);
      expect(seq).toBe(3);
      expect((featuresMap(room.doc).get('F-1') as Y.Map<unknown>).get('title')).toBe('allowed');
      room.peers.delete(peer);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.sort()).toEqual(['2: latest 2, note true', '3: latest 3, note true']);
    // What storage keeps for seq 3 is the net effect: replayed alone, the log never holds the refused title.
    const replay = new Y.Doc();
    for (const stored of await storage.updatesInRange(roomId, 0, 3)) Y.applyUpdate(replay, stored.update);
    expect((featuresMap(replay).get('F-1') as Y.Map<unknown>).get('title')).toBe('allowed');
    const stored = (await storage.updatesInRange(roomId, 2, 3))[0]?.update as Uint8Array;
    expect(Buffer.from(stored).includes(Buffer.from('forbidden'))).toBe(false);
    expect((await storage.history(roomId, { kind: 'note' })).map((e) => [e.seq, e.to])).toEqual([[2, 'update 2'], [3, 'update 3']]);
    await rooms.shutdown();
  });

  test('a commit that fails to store runs no after-commit action and records nothing', async () => {
    const storage = await open();
    const roomId = newRoomId();
    const doc = new Y.Doc();
    initRoom(doc, { title: 'Failing commit' });
    await storage.createRoom({ id: roomId, title: 'Failing commit', createdAt: 1 }, Y.encodeStateAsUpdate(doc));
    const seen: string[] = [];
    const failing: Plugin = { name: 'failing', onUpdate(ctx) { ctx.afterCommit(() => seen.push('ran')); throw new Error('refused by a test'); } };
    const history: Plugin = { name: 'recorder', onUpdate(ctx) { ctx.record([{ seq: ctx.seq, at: ctx.at, participantId: null, name: 'x', kind: 'note', featureId: '', field: null, from: null, to: 'kept?' }]); } };
    // The storage, but every commit fails after its prepare ran (as a full disk would).
    const failingAppend: Storage['appendUpdates'] = async (id, rows, prepare) => storage.appendUpdates(id, rows, async (seqs) => {
      await prepare?.(seqs);
      throw new Error('the disk is full');
    });
    const broken = new Proxy(storage, {
      get(target, prop) {
        if (prop === 'appendUpdates') return failingAppend;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const rooms = new RoomManager({ storage: broken, plugins: [history, failing], logger, snapshotEvery: 10_000 });
    await rooms.withRoom(roomId, async (room) => {
      await expect(room.change({ participantId: null, name: 'Server', role: null }, (d) => createFeature(d, { id: 'F-1', title: 'Lost' }, { participantId: 'p', now: 1 })))
        .rejects.toThrow('the disk is full');
    });
    expect(seen).toEqual([]);
    expect(await storage.latestSeq(roomId)).toBe(1);
    expect(await storage.history(roomId)).toEqual([]);
    await rooms.shutdown();
  });
});
