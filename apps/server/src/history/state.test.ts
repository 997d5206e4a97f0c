import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import * as Y from 'yjs';
import { createFeature, deleteFeature, initRoom, rankingOf, setMeta, updateFeature } from '@ladder/board-doc';
import { BadRequestError } from '../errors';
import { SqliteStorage } from '../storage/sqlite';
import type { Storage } from '../storage/types';
import { StateIndexCache, stateIndexesOf } from './state-cache';
import { docAt, roomStateAt, warmStateIndex } from './state';
import { recordingRanges } from './testing';

const ROOM = 'historyStateRoom000001';
let sqlite: SqliteStorage;
/** The real storage, recording which update ranges were read. */
let storage: Storage;
const ranges: Array<[number, number]> = [];
/** The ranking after each seq, as a client saw it. */
const expected = new Map<number, ReturnType<typeof rankingOf>>();
let doc: Y.Doc;
let pending: Uint8Array[];

/** Stores what `change` did to the client's document as the next update; every fifth seq also a snapshot. */
async function store(change: () => void, at: number): Promise<number> {
  change();
  const seq = await sqlite.appendUpdate(ROOM, { at, participantId: 'p', update: Y.mergeUpdates(pending.splice(0)) });
  expected.set(seq, rankingOf(doc));
  if (seq % 5 === 0) await sqlite.writeSnapshot(ROOM, { seq, at, state: Y.encodeStateAsUpdate(doc) });
  return seq;
}

beforeEach(async () => {
  sqlite = new SqliteStorage(':memory:');
  ranges.length = 0;
  expected.clear();
  storage = recordingRanges(sqlite, ranges);
  doc = new Y.Doc();
  pending = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  initRoom(doc, { title: 'History' });
  await sqlite.createRoom({ id: ROOM, title: 'History', createdAt: 1000 }, pending.splice(0)[0] as Uint8Array);
  expected.set(1, rankingOf(doc));
  for (let i = 1; i <= 12; i++) {
    await store(() => {
      if (i % 3 === 1) createFeature(doc, { id: `F-${i}`, title: `Feature ${i}`, userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 5 }, { participantId: 'p', now: i });
      else updateFeature(doc, `F-${i - (i % 3 === 2 ? 1 : 2)}`, { jobSize: i % 2 === 0 ? 2 : 8 });
    }, 1000 + i * 10);
  }
});

afterEach(async () => {
  stateIndexesOf(storage).clear();
  await sqlite.close();
});

async function expectEverySeq(): Promise<void> {
  for (const [seq, ranking] of expected) {
    const state = await roomStateAt(storage, ROOM, { seq });
    expect(state.seq).toBe(seq);
    expect(state.features, `after seq ${seq}`).toEqual(ranking);
  }
}

describe('room state at a seq or a time', () => {
  test('the document at a seq replays from the nearest snapshot, never from the start', async () => {
    for (const [seq, ranking] of expected) {
      ranges.length = 0;
      const state = await docAt(storage, ROOM, { seq });
      expect(rankingOf(state.doc), `after seq ${seq}`).toEqual(ranking);
      state.doc.destroy();
      const nearest = Math.floor(seq / 5) * 5;
      expect(ranges).toEqual([[nearest, seq]]);
    }
  });

  test('every seq gives what clients saw, before and after the state index is built; built, no update is read again', async () => {
    await expectEverySeq();
    await stateIndexesOf(storage).get(ROOM).extend(await sqlite.latestSeq(ROOM));
    ranges.length = 0;
    await expectEverySeq();
    expect(ranges).toEqual([]);
  });

  test('warming (as opening the history panel does) indexes the room in the background; answers then read no update', async () => {
    const latest = await sqlite.latestSeq(ROOM);
    warmStateIndex(storage, ROOM, (error) => { throw error; });
    await vi.waitFor(() => expect(stateIndexesOf(storage).get(ROOM).covered).toBe(latest), { timeout: 10_000 });
    ranges.length = 0;
    await expectEverySeq();
    expect(ranges).toEqual([]);
  });

  test('the index follows updates stored after it was built: deletes, capacity and scale changes', async () => {
    await stateIndexesOf(storage).get(ROOM).extend(await sqlite.latestSeq(ROOM));
    await store(() => setMeta(doc, { capacity: 7 }), 2000);
    await store(() => deleteFeature(doc, 'F-4'), 2010);
    await store(() => createFeature(doc, { id: 'F-20', title: 'Late', userBusinessValue: 20, timeCriticality: 1, riskReduction: 1, jobSize: 1 }, { participantId: 'p', now: 20 }), 2020);
    // A new scale: every feature is read again.
    await store(() => setMeta(doc, { scale: [1, 2, 3, 5, 8, 13] }), 2030);
    await store(() => updateFeature(doc, 'F-7', { title: 'Renamed' }), 2040);
    await expectEverySeq();
    await stateIndexesOf(storage).get(ROOM).extend(await sqlite.latestSeq(ROOM));
    ranges.length = 0;
    await expectEverySeq();
    expect(ranges).toEqual([]);
    const last = await roomStateAt(storage, ROOM, { seq: 18 });
    expect(last.at).toBe(2040);
    expect(last.features.find((f) => f.id === 'F-7')?.title).toBe('Renamed');
  });

  test('by time: the last update at or before it; before the room existed it is empty', async () => {
    for (const pass of ['snapshot', 'index']) {
      const at = await roomStateAt(storage, ROOM, { at: 1000 + 7 * 10 + 5 });
      expect(at.seq, pass).toBe(8);
      expect(at.at, pass).toBe(1070);
      expect(at.features, pass).toEqual(expected.get(8));
      expect(await roomStateAt(storage, ROOM, { at: 999 }), pass).toEqual({ seq: 0, at: 0, features: [] });
      await stateIndexesOf(storage).get(ROOM).extend(await sqlite.latestSeq(ROOM));
    }
  });

  test('a seq beyond the latest is a 400', async () => {
    await expect(roomStateAt(storage, ROOM, { seq: 99 })).rejects.toBeInstanceOf(BadRequestError);
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

  test('a build that fails on a storage error fails alone: the next one starts afresh', async () => {
    let fail = true;
    const flaky: Storage = new Proxy(sqlite, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key === 'updatesInRange') {
          return async (roomId: string, afterSeq: number, toSeq: number) => {
            if (fail) throw new Error('storage is unavailable');
            return target.updatesInRange(roomId, afterSeq, toSeq);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const index = new StateIndexCache(flaky).get(ROOM);
    await expect(index.extend(13)).rejects.toThrow('storage is unavailable');
    expect(index.answer(1)).toBeNull();
    fail = false;
    await index.extend(13);
    expect(index.answer(13)?.features).toEqual(expected.get(13));
  });

  test('a gap in the update log stops the index; the snapshot path keeps answering', async () => {
    const gappy: Storage = new Proxy(sqlite, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key === 'updatesInRange') {
          return async (roomId: string, afterSeq: number, toSeq: number) => (await target.updatesInRange(roomId, afterSeq, toSeq)).filter((u) => u.seq !== 6);
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const index = new StateIndexCache(gappy).get(ROOM);
    await index.extend(13);
    expect(index.usable).toBe(false);
    expect(index.answer(3)).toBeNull();
  });
});
