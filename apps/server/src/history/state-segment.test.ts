import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addNote, createFeature, deleteFeature, featuresMap, initRoom, rankingOf, readFeatures, readMeta, setMeta, updateFeature } from '@ladder/board-doc';
import { createRng, testSeed, type Rng } from '@ladder/testing';
import { SqliteStorage } from '../storage/sqlite';
import { docAt, roomStateAt, type StateSource } from './state';
import { StateIndexCache } from './state-cache';
import { decodeSegment, encodeSegment } from './state-segment';

const ROOM = 'historySegmentRoom0001';
/** Short segments, so a small room has many, the last one short. */
const SEGMENT = 16;
const UPDATES = 230;
const SCALES = [[1, 2, 3, 5, 8, 13, 20], [1, 2, 3, 5, 8, 13], [1, 2, 4, 8, 16, 32]];

let dataDir: string;
let storage: SqliteStorage;
let file: Database.Database;
/** The ranking and time after each seq, as the client's document had them. */
const expected = new Map<number, { at: number; features: ReturnType<typeof rankingOf> }>();

/** One random change a board sees: new, changed and deleted features, settings, values readers must ignore, notes. */
function randomChange(doc: Y.Doc, rng: Rng, i: number): void {
  const ids = readFeatures(doc).features.map((f) => f.id);
  const { scale } = readMeta(doc);
  const roll = rng.int(0, 99);
  if (roll < 15 || ids.length < 3) {
    createFeature(doc, {
      id: `F-${i}`, title: `Feature ${i}`, team: rng.pick(['', 'Red', 'Blue']),
      ...(rng.chance(0.7) ? { userBusinessValue: rng.pick(scale), timeCriticality: rng.pick(scale), riskReduction: rng.pick(scale), jobSize: rng.pick(scale) } : {}),
    }, { participantId: `p${rng.int(1, 3)}`, now: 1000 + i });
  } else if (roll < 70) {
    const field = rng.pick(['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const);
    updateFeature(doc, rng.pick(ids), rng.chance(0.1) ? { title: `Renamed ${i}`, [field]: null } : { [field]: rng.pick(scale) });
  } else if (roll < 76) {
    deleteFeature(doc, rng.pick(ids));
  } else if (roll < 80) {
    setMeta(doc, { capacity: rng.chance(0.2) ? null : rng.int(5, 60) });
  } else if (roll < 83) {
    setMeta(doc, { scale: rng.pick(SCALES) });
  } else if (roll < 88) {
    // A value a buggy client wrote: readers ignore it, and the index with them.
    (featuresMap(doc).get(rng.pick(ids)) as Y.Map<unknown>).set(rng.pick(['jobSize', 'title', 'committed']), rng.pick(['abc', -3, 1e9, { deep: 1 }]));
  } else if (roll < 94) {
    addNote(doc, { id: `note-${i}`, text: `Why ${i}`, author: 'Ann', participantId: 'p1', at: 1000 + i });
  } else {
    setMeta(doc, { title: `Room ${i}` });
  }
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ladder-history-segment-'));
  storage = new SqliteStorage({ dataDir });
  file = new Database(join(dataDir, 'ladder.db'));
  file.pragma('busy_timeout = 5000');
  expected.clear();
  const rng = createRng(testSeed(7305));
  const doc = new Y.Doc();
  const pending: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  initRoom(doc, { title: 'Segments' });
  await storage.createRoom({ id: ROOM, title: 'Segments', createdAt: 1000 }, Y.mergeUpdates(pending.splice(0)));
  expected.set(0, { at: 0, features: [] });
  expected.set(1, { at: 1000, features: rankingOf(doc) });
  for (let i = 2; i <= UPDATES; i++) {
    const at = 1000 + i * 7 + rng.int(0, 5);
    // Now and then an update with nothing for the ranking in it: an empty one.
    if (!rng.chance(0.05)) randomChange(doc, rng, i);
    const seq = await storage.appendUpdate(ROOM, { at, participantId: 'p1', update: pending.length ? Y.mergeUpdates(pending.splice(0)) : Y.encodeStateAsUpdate(new Y.Doc()) });
    expected.set(seq, { at, features: rankingOf(doc) });
    if (seq % 11 === 0) await storage.writeSnapshot(ROOM, { seq, at, state: Y.encodeStateAsUpdateV2(doc), encoding: 'v2' });
    else if (seq % 11 === 5) await storage.writeSnapshot(ROOM, { seq, at, state: Y.encodeStateAsUpdate(doc), encoding: 'v1' });
  }
  doc.destroy();
});

afterEach(async () => {
  file.close();
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const segmentRows = () => file.prepare<[string], { from_seq: number; to_seq: number; data: Buffer }>(
  'SELECT from_seq, to_seq, data FROM state_index WHERE room_id = ? ORDER BY from_seq').all(ROOM);

/** Answers every seq through `roomStateAt` with a fresh cache (a server just started), noting where each came from. */
async function answersAfterRestart(): Promise<{ sources: Set<StateSource>; cache: StateIndexCache }> {
  const cache = new StateIndexCache(storage, 4, { segmentSeqs: SEGMENT });
  const sources = new Set<StateSource>();
  for (const [seq, want] of expected) {
    const state = await roomStateAt(storage, cache, ROOM, { seq }, (source) => sources.add(source));
    expect(state, `after seq ${seq}`).toEqual({ seq, ...want });
  }
  return { sources, cache };
}

describe('the state index kept in storage', () => {
  test('answers from stored segments equal the index in memory, the snapshot path and what the client saw, at every seq of a random room', async () => {
    const built = new StateIndexCache(storage, 4, { segmentSeqs: SEGMENT });
    await built.get(ROOM).extend(UPDATES, { storeTail: true });
    const rows = segmentRows();
    expect(rows.map((r) => [r.from_seq, r.to_seq])).toEqual(Array.from({ length: Math.ceil(UPDATES / SEGMENT) }, (_, k) => [k * SEGMENT, Math.min(UPDATES, (k + 1) * SEGMENT)]));
    for (const [seq, want] of expected) {
      expect(built.get(ROOM).answer(seq), `in memory, after seq ${seq}`).toEqual(want);
      const replayed = await docAt(storage, ROOM, { seq });
      expect(rankingOf(replayed.doc), `replayed from a snapshot, after seq ${seq}`).toEqual(want.features);
      replayed.doc.destroy();
    }
    built.clear();

    // A restart: every answer comes from storage, none from a snapshot, even with the snapshots and the log emptied.
    file.prepare('DELETE FROM snapshots WHERE room_id = ?').run(ROOM);
    file.prepare("UPDATE updates SET data = x'' WHERE room_id = ?").run(ROOM);
    const { sources } = await answersAfterRestart();
    // (A segment read once is kept: the next answers in it come from memory.)
    expect([...sources].sort()).toEqual(['memory', 'stored index']);
  });

  test('segments decode to what was encoded and encode back to the same bytes', async () => {
    const built = new StateIndexCache(storage, 4, { segmentSeqs: SEGMENT });
    await built.get(ROOM).extend(UPDATES, { storeTail: true });
    built.clear();
    for (const row of segmentRows()) {
      const data = (await storage.stateSegmentAt(ROOM, row.from_seq))?.data as Uint8Array;
      const segment = decodeSegment(row.from_seq, data);
      expect(segment.fromSeq + segment.steps.length).toBe(row.to_seq);
      expect(encodeSegment(segment)).toEqual(data);
    }
  });

  test('a build after a restart goes on from the end of the stored index, and stores the same bytes as one from the start', async () => {
    const whole = new StateIndexCache(storage, 4, { segmentSeqs: SEGMENT });
    await whole.get(ROOM).extend(UPDATES, { storeTail: true });
    whole.clear();
    const fromStart = segmentRows();

    // Only the first segments stored, the last of them short, as a server that stopped early left them.
    const kept = 5 * SEGMENT;
    const short = decodeSegment(kept, (await storage.stateSegmentAt(ROOM, kept))?.data as Uint8Array);
    short.steps.splice(7);
    file.prepare('DELETE FROM state_index WHERE room_id = ? AND from_seq >= ?').run(ROOM, kept);
    await storage.writeStateSegment(ROOM, { fromSeq: kept, toSeq: kept + 7, data: encodeSegment(short) });
    expect((await storage.lastStateSegment(ROOM))?.toSeq).toBe(kept + 7);

    // Updates before the nearest snapshot are not read again: the build starts from the stored end, not from seq 0.
    const nearest = file.prepare<[string, number], { seq: number }>('SELECT MAX(seq) AS seq FROM snapshots WHERE room_id = ? AND seq <= ?').get(ROOM, kept + 7)?.seq as number;
    const emptied = file.prepare<[string, number], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE room_id = ? AND seq <= ?').all(ROOM, nearest);
    file.prepare("UPDATE updates SET data = x'' WHERE room_id = ? AND seq <= ?").run(ROOM, nearest);
    const resumed = new StateIndexCache(storage, 4, { segmentSeqs: SEGMENT });
    await resumed.get(ROOM).extend(UPDATES, { storeTail: true });
    for (const [seq, want] of expected) if (seq >= kept) expect(resumed.get(ROOM).answer(seq), `after seq ${seq}`).toEqual(want);
    resumed.clear();
    const put = file.prepare('UPDATE updates SET data = ? WHERE room_id = ? AND seq = ?');
    for (const row of emptied) put.run(row.data, ROOM, row.seq);

    expect(segmentRows()).toEqual(fromStart);
    const { sources } = await answersAfterRestart();
    // (A segment read once is kept: the next answers in it come from memory.)
    expect([...sources].sort()).toEqual(['memory', 'stored index']);
  });

  test('past the stored index, answers replay from a snapshot and the build goes on from there', async () => {
    const first = new StateIndexCache(storage, 4, { segmentSeqs: SEGMENT });
    await first.get(ROOM).extend(100);
    first.clear();
    expect((await storage.lastStateSegment(ROOM))?.toSeq).toBe(96);
    const cache = new StateIndexCache(storage, 4, { segmentSeqs: SEGMENT });
    const sources: StateSource[] = [];
    for (const seq of [50, 200, 96]) {
      expect(await roomStateAt(storage, cache, ROOM, { seq }, (source) => sources.push(source))).toEqual({ seq, ...expected.get(seq) });
    }
    // Seq 96 ends a stored segment: from storage, or from memory once the build started by seq 200 read it.
    expect(sources.slice(0, 2)).toEqual(['stored index', 'snapshot']);
    expect(sources[2]).not.toBe('snapshot');
    await cache.get(ROOM).extend(UPDATES);
    expect(cache.get(ROOM).answer(200)).toEqual(expected.get(200));
    cache.clear();
  });
});
