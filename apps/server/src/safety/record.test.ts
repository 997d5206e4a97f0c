import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createFeature, featuresMap, initRoom, metaMap, updateFeature } from '@ladder/board-doc';
import { newRoomId } from '../ids';
import { historyPlugin } from '../plugins/history';
import { SqliteStorage } from '../storage/sqlite';
import type { ParticipantRecord, Storage } from '../storage/types';
import { RoomManager } from '../sync/rooms';
import { guard } from './guard';
import { restoreRoom, revertParticipant, type SafetyDeps } from './service';

// A restore or a revert is one update and one history event, stored in one transaction: a write of history after
// the update's commit (which a crash could lose) never happens. Real SQLite; the storage refuses every history
// write outside a group commit, as a crash right after the commit would lose it.

const logger = pino({ level: 'silent' });
let dataDir: string;
let sqlite: SqliteStorage;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ladder-safety-record-'));
  sqlite = new SqliteStorage({ dataDir });
});

afterEach(async () => {
  await sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The storage, except that history written on its own (not with an update's commit) fails. */
function noLateHistory(real: Storage): Storage {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'appendHistory') return () => Promise.reject(new Error('crashed before the history was written'));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function setUp(): Promise<{ deps: SafetyDeps; roomId: string; ada: ParticipantRecord; ben: ParticipantRecord }> {
  const roomId = newRoomId();
  const doc = new Y.Doc();
  initRoom(doc, { title: 'Safety' });
  await sqlite.createRoom({ id: roomId, title: 'Safety', createdAt: 1 }, Y.encodeStateAsUpdate(doc));
  const ada: ParticipantRecord = { id: 'P-ada', roomId, name: 'Ada', role: 'facilitator', joinedAt: 1 };
  const ben: ParticipantRecord = { id: 'P-ben', roomId, name: 'Ben', role: 'product', joinedAt: 1 };
  await sqlite.addParticipant(ada);
  await sqlite.addParticipant(ben);
  const storage = noLateHistory(sqlite);
  const checks = guard(new Registry());
  const rooms = new RoomManager({ storage, plugins: [historyPlugin(), checks.plugin], logger, snapshotEvery: 10_000 });
  checks.attach({ rooms, logger });
  const deps: SafetyDeps = { storage, rooms, trust: (a) => checks.trust(a) };
  const benAuthor = { participantId: ben.id, name: ben.name, role: ben.role };
  await rooms.withRoom(roomId, async (room) => {
    await room.edit(benAuthor, (d) => createFeature(d, { id: 'F-1', title: 'Checkout', jobSize: 5 }, { participantId: ben.id, now: 2 }));
    await room.edit(benAuthor, (d) => updateFeature(d, 'F-1', { title: 'Checkout, broken', jobSize: 20 }));
  });
  return { deps, roomId, ada, ben };
}

describe('restore and revert are recorded with their update', () => {
  test('a restore stores its `restored` event in the transaction of its update', async () => {
    const { deps, roomId, ada } = await setUp();
    const answer = await restoreRoom(deps, roomId, ada, { seq: 2 }, 'undo the rename');
    expect(answer.seq).toBe(4);
    const events = await sqlite.history(roomId, { afterSeq: 3 });
    expect(events.filter((e) => e.kind === 'restored')).toEqual([expect.objectContaining({
      seq: 4, participantId: 'P-ada', name: 'Ada', from: { seq: 3 }, to: expect.objectContaining({ seq: 2, note: 'undo the rename' }),
    })]);
    // The restore's own field changes are in the same update.
    expect(events.filter((e) => e.kind === 'changed').map((e) => [e.seq, e.field]).sort()).toEqual([[4, 'jobSize'], [4, 'title']]);
  });

  test('a revert stores its `reverted` event in the transaction of its update', async () => {
    const { deps, roomId, ada, ben } = await setUp();
    const answer = await revertParticipant(deps, roomId, ada, { participantId: ben.id, since: { seq: 2 }, note: 'bad import', dryRun: false });
    expect(answer.seq).toBe(4);
    const events = await sqlite.history(roomId, { afterSeq: 3 });
    expect(events.filter((e) => e.kind === 'reverted')).toEqual([expect.objectContaining({
      seq: 4, participantId: 'P-ada', from: { participantId: 'P-ben', name: 'Ben', sinceSeq: 2 }, to: { note: 'bad import', changes: 2, conflicts: 0 },
    })]);
  });
});

describe('a revert the server recorded but did not make', () => {
  test('is made when the room loads again (the server stopped in between); values merely off a later scale stay', async () => {
    const { roomId, ben } = await setUp();
    const benAuthor = { participantId: ben.id, name: ben.name, role: ben.role };
    // A server whose guard checks and records, but stops before its revert is made (never attached: no revert runs).
    const stopped = guard(new Registry());
    const first = new RoomManager({ storage: sqlite, plugins: [historyPlugin(), stopped.plugin], logger, snapshotEvery: 10_000 });
    await first.withRoom(roomId, async (room) => {
      await room.edit(benAuthor, (d) => (featuresMap(d).get('F-1') as Y.Map<unknown>).set('title', 'x'.repeat(300)));
      await room.edit(benAuthor, (d) => metaMap(d).set('scale', [1, 2, 3, 5, 8, 13])); // valid; leaves jobSize 20 off it
    });
    expect((await sqlite.history(roomId)).filter((e) => e.kind === 'reverted').map((e) => e.field)).toEqual(['title']);

    const checks = guard(new Registry());
    const rooms = new RoomManager({ storage: sqlite, plugins: [historyPlugin(), checks.plugin], logger, snapshotEvery: 10_000 });
    checks.attach({ rooms, logger });
    const f1 = await rooms.withRoom(roomId, async (room) => {
      const read = () => (featuresMap(room.doc).get('F-1') as Y.Map<unknown>).toJSON();
      // The revert is made in the room's queue right after the load.
      for (let i = 0; i < 200 && read().title !== 'Checkout, broken'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      return read();
    });
    expect(f1).toMatchObject({ title: 'Checkout, broken', jobSize: 20 });
    const last = (await sqlite.history(roomId)).at(-1);
    expect(last).toMatchObject({ participantId: null, kind: 'changed', featureId: 'F-1', field: 'title', to: 'Checkout, broken' });
  });
});
