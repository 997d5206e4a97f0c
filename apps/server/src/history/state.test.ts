import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, initRoom, rankingOf, updateFeature } from '@ladder/board-doc';
import { BadRequestError } from '../errors';
import { SqliteStorage } from '../storage/sqlite';
import type { Storage } from '../storage/types';
import { roomStateAt } from './state';

const ROOM = 'historyStateRoom000001';
let sqlite: SqliteStorage;
/** The real storage, recording which update ranges were read. */
let storage: Storage;
let ranges: Array<[number, number]>;
/** The ranking after each seq, as a client saw it. */
const expected = new Map<number, ReturnType<typeof rankingOf>>();

beforeEach(async () => {
  sqlite = new SqliteStorage(':memory:');
  ranges = [];
  storage = new Proxy(sqlite, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key === 'updatesInRange') {
        return (roomId: string, afterSeq: number, toSeq: number) => {
          ranges.push([afterSeq, toSeq]);
          return target.updatesInRange(roomId, afterSeq, toSeq);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const doc = new Y.Doc();
  const pending: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  initRoom(doc, { title: 'History' });
  await sqlite.createRoom({ id: ROOM, title: 'History', createdAt: 1000 }, pending.splice(0)[0] as Uint8Array);
  expected.set(1, rankingOf(doc));
  for (let i = 1; i <= 12; i++) {
    if (i % 3 === 1) createFeature(doc, { id: `F-${i}`, title: `Feature ${i}`, userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 5 }, { participantId: 'p', now: i });
    else updateFeature(doc, `F-${i - (i % 3 === 2 ? 1 : 2)}`, { jobSize: i % 2 === 0 ? 2 : 8 });
    const seq = await sqlite.appendUpdate(ROOM, { at: 1000 + i * 10, participantId: 'p', update: Y.mergeUpdates(pending.splice(0)) });
    expected.set(seq, rankingOf(doc));
    if (seq % 5 === 0) await sqlite.writeSnapshot(ROOM, { seq, at: 1000 + i * 10, state: Y.encodeStateAsUpdate(doc) });
  }
});

afterEach(async () => {
  await sqlite.close();
});

describe('room state at a seq or a time', () => {
  test('every seq replays to what clients saw, starting from the nearest snapshot', async () => {
    for (const [seq, ranking] of expected) {
      ranges = [];
      const state = await roomStateAt(storage, ROOM, { seq });
      expect(state.seq).toBe(seq);
      expect(state.features, `after seq ${seq}`).toEqual(ranking);
      const nearest = Math.floor(seq / 5) * 5;
      expect(ranges).toEqual([[nearest, seq]]);
    }
  });

  test('by time: the last update at or before it; before the room existed it is empty', async () => {
    const at = await roomStateAt(storage, ROOM, { at: 1000 + 7 * 10 + 5 });
    expect(at.seq).toBe(8);
    expect(at.at).toBe(1070);
    expect(at.features).toEqual(expected.get(8));
    expect(await roomStateAt(storage, ROOM, { at: 999 })).toEqual({ seq: 0, at: 0, features: [] });
  });

  test('a seq beyond the latest is a 400', async () => {
    await expect(roomStateAt(storage, ROOM, { seq: 99 })).rejects.toBeInstanceOf(BadRequestError);
  });
});
