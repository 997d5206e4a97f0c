import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, initRoom, rankingOf, updateFeature } from '@ladder/board-doc';
import { BadRequestError } from '../errors';
import { SqliteStorage } from '../storage/sqlite';
import { CURSOR_REACH, DocCursors } from './doc-cursor';

const ROOM = 'historyCursorRoom00001';
const UPDATES = CURSOR_REACH + 200;
let dataDir: string;
let storage: SqliteStorage;
/** A second connection to the storage's file, changing it behind the storage's back as another process could. */
let file: Database.Database;
/** What a client's document held after each seq: its state vector and its features. */
const expected = new Map<number, { vector: Uint8Array; features: unknown; ranking: unknown }>();

/**
 * Empties the stored updates after seq `after` up to `through` (their rows stay: seqs and times do not change). A read
 * that still applies one of them misses that change and `check` fails, so a passing check shows they were not read.
 */
function wipeUpdates(after: number, through: number): void {
  file.prepare("UPDATE updates SET data = x'' WHERE room_id = ? AND seq > ? AND seq <= ?").run(ROOM, after, through);
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ladder-doc-cursor-'));
  storage = new SqliteStorage({ dataDir });
  file = new Database(join(dataDir, 'ladder.db'));
  file.pragma('busy_timeout = 5000');
  expected.clear();
  const doc = new Y.Doc();
  const pending: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  const record = (seq: number) => expected.set(seq, { vector: Y.encodeStateVector(doc), features: doc.getMap('features').toJSON(), ranking: rankingOf(doc) });
  initRoom(doc, { title: 'Cursor' });
  await storage.createRoom({ id: ROOM, title: 'Cursor', createdAt: 1000 }, pending.splice(0)[0] as Uint8Array);
  record(1);
  for (let i = 1; i < UPDATES; i++) {
    if (i % 10 === 1) createFeature(doc, { id: `F-${i}`, title: `Feature ${i}`, userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 5 }, { participantId: 'p', now: i });
    else updateFeature(doc, `F-${i - ((i - 1) % 10)}`, { jobSize: [1, 2, 3, 5, 8, 13, 20][i % 7] as number });
    const seq = await storage.appendUpdate(ROOM, { at: 1000 + i, participantId: 'p', update: Y.mergeUpdates(pending.splice(0)) });
    record(seq);
    if (seq % 100 === 0) await storage.writeSnapshot(ROOM, { seq, at: 1000 + i, state: Y.encodeStateAsUpdateV2(doc), encoding: 'v2' });
  }
});

afterEach(async () => {
  file.close();
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
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
    // Each step may read only what lies after the previous one (at first, after the snapshot at 200).
    wipeUpdates(0, 200);
    await check(cursors, 250);
    for (let seq = 251; seq <= 320; seq++) {
      wipeUpdates(0, seq - 1);
      await check(cursors, seq);
    }
    wipeUpdates(0, 320);
    await check(cursors, 320);
    cursors.clear();
  });

  test('going back, or further ahead than the reach, starts from the nearest snapshot again', async () => {
    const cursors = new DocCursors(storage);
    await check(cursors, 150);
    // Back to 149: from the snapshot at 100, not from the start.
    wipeUpdates(0, 100);
    await check(cursors, 149);
    // Further ahead than the reach: from the nearest snapshot, not by moving the document at 150 forward (nor from an
    // older snapshot). The updates 151 and 152 stay: they are read next.
    const far = 150 + CURSOR_REACH + 1;
    wipeUpdates(152, Math.floor(far / 100) * 100);
    await check(cursors, far);
    // Both earlier positions are kept: the nearer one behind a seq (150, not 149) is moved.
    wipeUpdates(0, 150);
    await check(cursors, 152);
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
    // The kept document at 6 is moved forward, not the one at 2.
    wipeUpdates(0, 6);
    await check(cursors, 12);
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
