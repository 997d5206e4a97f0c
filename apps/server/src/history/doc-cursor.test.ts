import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, initRoom, rankingOf, updateFeature } from '@ladder/board-doc';
import { BadRequestError } from '../errors';
import { SqliteStorage } from '../storage/sqlite';
import type { Storage } from '../storage/types';
import { CURSOR_REACH, DocCursors } from './doc-cursor';
import { recordingRanges } from './testing';

const ROOM = 'historyCursorRoom00001';
const UPDATES = CURSOR_REACH + 200;
let sqlite: SqliteStorage;
let storage: Storage;
const ranges: Array<[number, number]> = [];
/** What a client's document held after each seq: its state vector and its features. */
const expected = new Map<number, { vector: Uint8Array; features: unknown; ranking: unknown }>();

beforeEach(async () => {
  sqlite = new SqliteStorage(':memory:');
  ranges.length = 0;
  expected.clear();
  storage = recordingRanges(sqlite, ranges);
  const doc = new Y.Doc();
  const pending: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  const record = (seq: number) => expected.set(seq, { vector: Y.encodeStateVector(doc), features: doc.getMap('features').toJSON(), ranking: rankingOf(doc) });
  initRoom(doc, { title: 'Cursor' });
  await sqlite.createRoom({ id: ROOM, title: 'Cursor', createdAt: 1000 }, pending.splice(0)[0] as Uint8Array);
  record(1);
  for (let i = 1; i < UPDATES; i++) {
    if (i % 10 === 1) createFeature(doc, { id: `F-${i}`, title: `Feature ${i}`, userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 5 }, { participantId: 'p', now: i });
    else updateFeature(doc, `F-${i - ((i - 1) % 10)}`, { jobSize: [1, 2, 3, 5, 8, 13, 20][i % 7] as number });
    const seq = await sqlite.appendUpdate(ROOM, { at: 1000 + i, participantId: 'p', update: Y.mergeUpdates(pending.splice(0)) });
    record(seq);
    if (seq % 100 === 0) await sqlite.writeSnapshot(ROOM, { seq, at: 1000 + i, state: Y.encodeStateAsUpdate(doc) });
  }
});

afterEach(async () => {
  await sqlite.close();
});

/** Reads the document after `seq` through `cursors` and checks it against what the client held then. */
async function check(cursors: DocCursors, seq: number): Promise<void> {
  const seen = await cursors.read(ROOM, seq, (doc, at) => ({ at, vector: Y.encodeStateVector(doc), features: doc.getMap('features').toJSON(), ranking: rankingOf(doc) }));
  const want = expected.get(seq);
  expect(seen.vector, `state vector after seq ${seq}`).toEqual(want?.vector);
  expect(seen.features, `features after seq ${seq}`).toEqual(want?.features);
  expect(seen.ranking, `ranking after seq ${seq}`).toEqual(want?.ranking);
  expect(seen.at).toBe(seq === 1 ? 1000 : 1000 + seq - 1);
}

describe('replay documents kept between requests', () => {
  test('playing forward reads only the updates since the last step, and every step is what the client held', async () => {
    const cursors = new DocCursors(storage);
    await check(cursors, 250);
    expect(ranges).toEqual([[200, 250]]);
    for (let seq = 251; seq <= 320; seq++) {
      ranges.length = 0;
      await check(cursors, seq);
      expect(ranges).toEqual([[seq - 1, seq]]);
    }
    ranges.length = 0;
    await check(cursors, 320);
    expect(ranges).toEqual([[320, 320]]);
    cursors.clear();
  });

  test('going back, or further ahead than the reach, starts from the nearest snapshot again', async () => {
    const cursors = new DocCursors(storage);
    await check(cursors, 150);
    ranges.length = 0;
    await check(cursors, 149);
    expect(ranges).toEqual([[100, 149]]);
    ranges.length = 0;
    await check(cursors, 150 + CURSOR_REACH + 1);
    expect(ranges).toEqual([[Math.floor((150 + CURSOR_REACH + 1) / 100) * 100, 150 + CURSOR_REACH + 1]]);
    // Both earlier positions are kept: the nearer one behind a seq is moved.
    ranges.length = 0;
    await check(cursors, 152);
    expect(ranges).toEqual([[150, 152]]);
    cursors.clear();
  });

  test('at most `capacity` documents are kept, the least recently used dropped first', async () => {
    const cursors = new DocCursors(storage, 2);
    await check(cursors, 10);
    await check(cursors, 5);
    await check(cursors, 2);
    expect(cursors.positions()).toEqual([{ roomId: ROOM, seq: 5 }, { roomId: ROOM, seq: 2 }]);
    await check(cursors, 6);
    expect(cursors.positions()).toEqual([{ roomId: ROOM, seq: 2 }, { roomId: ROOM, seq: 6 }]);
    ranges.length = 0;
    await check(cursors, 12);
    expect(ranges).toEqual([[6, 12]]);
    cursors.clear();
    expect(cursors.positions()).toEqual([]);
  });

  test('a seq beyond the latest is a 400 and moves no kept document', async () => {
    const cursors = new DocCursors(storage);
    await check(cursors, UPDATES);
    await expect(cursors.read(ROOM, UPDATES + 1, () => null)).rejects.toBeInstanceOf(BadRequestError);
    expect(cursors.positions()).toEqual([{ roomId: ROOM, seq: UPDATES }]);
    cursors.clear();
  });
});
