import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, deleteFeature, initRoom, rankingOf, setMeta, updateFeature } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { BadRequestError } from '../errors';
import { SqliteStorage } from '../storage/sqlite';
import { StateIndexCache } from './state-cache';
import { docAt, roomStateAt, warmStateIndex } from './state';

const ROOM = 'historyStateRoom000001';
let dataDir: string;
let storage: SqliteStorage;
let indexes: StateIndexCache;
/** A second connection to the storage's file, changing it behind the storage's back as another process could. */
let file: Database.Database;
/** The ranking after each seq, as a client saw it. */
const expected = new Map<number, ReturnType<typeof rankingOf>>();
let doc: Y.Doc;
let pending: Uint8Array[];

/** Stores what `change` did to the client's document as the next update; every fifth seq also a snapshot. */
async function store(change: () => void, at: number): Promise<number> {
  change();
  const seq = await storage.appendUpdate(ROOM, { at, participantId: 'p', update: Y.mergeUpdates(pending.splice(0)) });
  expected.set(seq, rankingOf(doc));
  // Snapshots in both encodings: rows written before V2 snapshots still read.
  if (seq % 10 === 5) await storage.writeSnapshot(ROOM, { seq, at, state: Y.encodeStateAsUpdate(doc), encoding: 'v1' });
  else if (seq % 10 === 0) await storage.writeSnapshot(ROOM, { seq, at, state: Y.encodeStateAsUpdateV2(doc), encoding: 'v2' });
  return seq;
}

/**
 * Empties the stored updates up to `seq` (their rows stay: the log's seqs and times do not change). An answer that
 * still reads one of them is missing that change and comes out wrong, so a right answer shows they were not read.
 */
function wipeUpdatesThrough(seq: number): void {
  file.prepare("UPDATE updates SET data = x'' WHERE room_id = ? AND seq <= ?").run(ROOM, seq);
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ladder-history-state-'));
  storage = new SqliteStorage({ dataDir });
  indexes = new StateIndexCache(storage);
  file = new Database(join(dataDir, 'ladder.db'));
  file.pragma('busy_timeout = 5000');
  expected.clear();
  doc = new Y.Doc();
  pending = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  initRoom(doc, { title: 'History' });
  await storage.createRoom({ id: ROOM, title: 'History', createdAt: 1000 }, pending.splice(0)[0] as Uint8Array);
  expected.set(1, rankingOf(doc));
  for (let i = 1; i <= 12; i++) {
    await store(() => {
      if (i % 3 === 1) createFeature(doc, { id: `F-${i}`, title: `Feature ${i}`, userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 5 }, { participantId: 'p', now: i });
      else updateFeature(doc, `F-${i - (i % 3 === 2 ? 1 : 2)}`, { jobSize: i % 2 === 0 ? 2 : 8 });
    }, 1000 + i * 10);
  }
});

afterEach(async () => {
  indexes.clear();
  file.close();
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function expectEverySeq(): Promise<void> {
  for (const [seq, ranking] of expected) {
    const state = await roomStateAt(storage, indexes, ROOM, { seq });
    expect(state.seq).toBe(seq);
    expect(state.features, `after seq ${seq}`).toEqual(ranking);
  }
}

describe('room state at a seq or a time', () => {
  test('the document at a seq replays from the nearest snapshot, never from the start', async () => {
    // Seqs in ascending order: the updates up to the nearest snapshot, no longer needed, are emptied as the seq grows.
    for (const [seq, ranking] of expected) {
      wipeUpdatesThrough(Math.floor(seq / 5) * 5);
      const state = await docAt(storage, ROOM, { seq });
      expect(rankingOf(state.doc), `after seq ${seq}, replayed from the snapshot at ${Math.floor(seq / 5) * 5}`).toEqual(ranking);
      state.doc.destroy();
    }
  });

  test('every seq gives what clients saw, before and after the state index is built; built, no update is read again', async () => {
    await expectEverySeq();
    await indexes.get(ROOM).extend(await storage.latestSeq(ROOM));
    wipeUpdatesThrough(await storage.latestSeq(ROOM));
    await expectEverySeq();
  });

  test('warming (as opening the history panel does) indexes the room in the background; answers then read no update', async () => {
    const latest = await storage.latestSeq(ROOM);
    warmStateIndex(storage, indexes, ROOM, (error) => { throw error; });
    await eventually(() => indexes.get(ROOM).covered, { until: (covered) => covered === latest, what: 'the index covers the room' });
    wipeUpdatesThrough(latest);
    await expectEverySeq();
  });

  test('the index follows updates stored after it was built: deletes, capacity and scale changes', async () => {
    await indexes.get(ROOM).extend(await storage.latestSeq(ROOM));
    await store(() => setMeta(doc, { capacity: 7 }), 2000);
    await store(() => deleteFeature(doc, 'F-4'), 2010);
    await store(() => createFeature(doc, { id: 'F-20', title: 'Late', userBusinessValue: 20, timeCriticality: 1, riskReduction: 1, jobSize: 1 }, { participantId: 'p', now: 20 }), 2020);
    // A new scale: every feature is read again.
    await store(() => setMeta(doc, { scale: [1, 2, 3, 5, 8, 13] }), 2030);
    await store(() => updateFeature(doc, 'F-7', { title: 'Renamed' }), 2040);
    await expectEverySeq();
    await indexes.get(ROOM).extend(await storage.latestSeq(ROOM));
    wipeUpdatesThrough(await storage.latestSeq(ROOM));
    await expectEverySeq();
    const last = await roomStateAt(storage, indexes, ROOM, { seq: 18 });
    expect(last.at).toBe(2040);
    expect(last.features.find((f) => f.id === 'F-7')?.title).toBe('Renamed');
  });

  test('by time: the last update at or before it; before the room existed it is empty', async () => {
    for (const pass of ['snapshot', 'index']) {
      const at = await roomStateAt(storage, indexes, ROOM, { at: 1000 + 7 * 10 + 5 });
      expect(at.seq, pass).toBe(8);
      expect(at.at, pass).toBe(1070);
      expect(at.features, pass).toEqual(expected.get(8));
      expect(await roomStateAt(storage, indexes, ROOM, { at: 999 }), pass).toEqual({ seq: 0, at: 0, features: [] });
      await indexes.get(ROOM).extend(await storage.latestSeq(ROOM));
    }
  });

  test('a seq beyond the latest is a 400', async () => {
    await expect(roomStateAt(storage, indexes, ROOM, { seq: 99 })).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('state index cache', () => {
  test('keeps the most recently asked rooms; the least recently used is dropped and answers nothing more', async () => {
    const cache = new StateIndexCache(storage, 2);
    const first = cache.get(ROOM);
    await first.extend(4);
    expect(first.answer(4)?.features).toEqual(expected.get(4));
    expect(first.answer(5)).toBeNull();
    cache.get('other-room-1');
    cache.get(ROOM);
    cache.get('other-room-2');
    expect(cache.rooms()).toEqual([ROOM, 'other-room-2']);
    cache.get('other-room-3');
    expect(cache.rooms()).toEqual(['other-room-2', 'other-room-3']);
    expect(first.answer(4)).toBeNull();
    const again = cache.get(ROOM);
    expect(again).not.toBe(first);
    await again.extend(12);
    expect(again.answer(12)?.features).toEqual(expected.get(12));
    cache.clear();
  });

  test('a build that yields after every update gives the same answers; a request meanwhile is answered, and a drop stops it', async () => {
    const latest = await storage.latestSeq(ROOM);
    const index = new StateIndexCache(storage).get(ROOM);
    let pauses = 0;
    const answeredDuring: number[] = [];
    // A slice of 0 ms: the build pauses after each update; each pause stands for a request served in between.
    await index.extend(latest, {
      pause: async () => {
        pauses++;
        answeredDuring.push((await roomStateAt(storage, indexes, ROOM, { seq: latest })).features.length);
      },
      sliceMs: 0,
    });
    expect(pauses).toBe(latest - 1);
    expect(answeredDuring.every((n) => n === expected.get(latest)?.length)).toBe(true);
    for (const [seq, ranking] of expected) expect(index.answer(seq)?.features, `after seq ${seq}`).toEqual(ranking);

    const dropped = new StateIndexCache(storage).get(ROOM);
    let paused = 0;
    await dropped.extend(latest, { pause: async () => { if (++paused === 3) dropped.destroy(); }, sliceMs: 0 });
    expect(paused).toBe(3);
    expect(dropped.answer(1)).toBeNull();
  });

  test('a build that fails on a storage error fails alone: the next one starts afresh', async () => {
    // The update log's table is taken away from under the storage, then put back.
    file.exec('ALTER TABLE updates RENAME TO updates_away');
    const index = new StateIndexCache(storage).get(ROOM);
    await expect(index.extend(13)).rejects.toThrow('no such table: updates');
    expect(index.answer(1)).toBeNull();
    file.exec('ALTER TABLE updates_away RENAME TO updates');
    await index.extend(13);
    expect(index.answer(13)?.features).toEqual(expected.get(13));
  });

  test('a gap in the update log stops the index; the snapshot path keeps answering', async () => {
    file.prepare('DELETE FROM updates WHERE room_id = ? AND seq = 6').run(ROOM);
    const index = new StateIndexCache(storage).get(ROOM);
    await index.extend(13);
    expect(index.usable).toBe(false);
    expect(index.answer(3)).toBeNull();
    // Seq 12 needs only the snapshot at 10 and the updates after it.
    expect((await roomStateAt(storage, indexes, ROOM, { seq: 12 })).features).toEqual(expected.get(12));
  });
});
