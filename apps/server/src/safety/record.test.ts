import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createFeature, featuresMap, initRoom, metaMap, updateFeature } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { newRoomId } from '../ids';
import type { Plugin } from '../plugins';
import { historyPlugin } from '../plugins/history';
import { SqliteStorage } from '../storage/sqlite';
import type { ParticipantRecord } from '../storage/types';
import { RoomManager } from '../sync/rooms';
import { guard } from './guard';
import { restoreRoom, revertParticipant, type SafetyDeps } from './service';

// A restore or a revert is one update and one history event, stored in one transaction: a write of history after
// the update's commit (which a crash could lose) never happens. Real SQLite file; a trigger made over a second
// connection has SQLite refuse the event's row, as a failing disk would: had the event been written apart from its
// update, the update would stay stored without it.

const logger = pino({ level: 'silent' });
let dataDir: string;
let sqlite: SqliteStorage;
/** A second connection to the storage's file. */
let file: Database.Database;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ladder-safety-record-'));
  sqlite = new SqliteStorage({ dataDir });
  file = new Database(join(dataDir, 'ladder.db'));
  file.pragma('busy_timeout = 5000');
});

afterEach(async () => {
  file.close();
  await sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** From now until `allow()`, SQLite refuses every history row of this kind, and with it the transaction that holds it. */
function refuseHistory(kind: 'restored' | 'reverted'): { allow: () => void } {
  file.exec(`CREATE TRIGGER refuse_${kind} BEFORE INSERT ON history WHEN NEW.kind = '${kind}'
    BEGIN SELECT RAISE(ABORT, 'the history could not be written'); END`);
  return { allow: () => file.exec(`DROP TRIGGER refuse_${kind}`) };
}

/** F-1's title as the live room shows it. */
async function liveTitle(deps: SafetyDeps, roomId: string): Promise<unknown> {
  return deps.rooms.withRoom(roomId, (room) => (featuresMap(room.doc).get('F-1') as Y.Map<unknown>).get('title'));
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
  const plugins: Plugin[] = [historyPlugin()];
  const rooms = new RoomManager({ storage: sqlite, plugins, logger, snapshotEvery: 10_000 });
  const checks = guard(new Registry(), { rooms, logger });
  plugins.push(checks.plugin);
  const deps: SafetyDeps = { storage: sqlite, rooms, trust: (a) => checks.trust(a) };
  const benAuthor = { participantId: ben.id, name: ben.name, role: ben.role };
  await rooms.withRoom(roomId, async (room) => {
    await room.change(benAuthor, (d) => createFeature(d, { id: 'F-1', title: 'Checkout', jobSize: 5 }, { participantId: ben.id, now: 2 }));
    await room.change(benAuthor, (d) => updateFeature(d, 'F-1', { title: 'Checkout, broken', jobSize: 20 }));
  });
  return { deps, roomId, ada, ben };
}

describe('restore and revert are recorded with their update', () => {
  test('a restore stores its `restored` event in the transaction of its update', async () => {
    const { deps, roomId, ada } = await setUp();
    // Its event cannot be written: the restore is not stored either, and the room stays as it was.
    const refused = refuseHistory('restored');
    await expect(restoreRoom(deps, roomId, ada, { seq: 2 }, 'undo the rename')).rejects.toThrow('the history could not be written');
    expect(await sqlite.latestSeq(roomId)).toBe(3);
    expect(await sqlite.history(roomId, { afterSeq: 3 })).toEqual([]);
    expect(await liveTitle(deps, roomId)).toBe('Checkout, broken');
    refused.allow();
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
    const request = { participantId: ben.id, since: { seq: 2 }, note: 'bad import', dryRun: false };
    // Its event cannot be written: the revert is not stored either, and the room stays as it was.
    const refused = refuseHistory('reverted');
    await expect(revertParticipant(deps, roomId, ada, request)).rejects.toThrow('the history could not be written');
    expect(await sqlite.latestSeq(roomId)).toBe(3);
    expect(await sqlite.history(roomId, { afterSeq: 3 })).toEqual([]);
    expect(await liveTitle(deps, roomId)).toBe('Checkout, broken');
    refused.allow();
    const answer = await revertParticipant(deps, roomId, ada, request);
    expect(answer.seq).toBe(4);
    const events = await sqlite.history(roomId, { afterSeq: 3 });
    expect(events.filter((e) => e.kind === 'reverted')).toEqual([expect.objectContaining({
      seq: 4, participantId: 'P-ada', from: { participantId: 'P-ben', name: 'Ben', sinceSeq: 2 }, to: { note: 'bad import', changes: 2, conflicts: 0 },
    })]);
  });
});

describe('a revert the server recorded but did not make', () => {
  test('is made when the room loads again (the server stopped in between); values merely off a later scale stay', async () => {
    const { roomId, ada, ben } = await setUp();
    const benAuthor = { participantId: ben.id, name: ben.name, role: ben.role };
    const adaAuthor = { participantId: ada.id, name: ada.name, role: ada.role };
    // An older server that stored an invalid change with its `reverted` event and stopped before its revert was made
    // (this server refuses such a change in its own commit: the log of an older one can still hold it).
    const first = new RoomManager({ storage: sqlite, plugins: [historyPlugin()], logger, snapshotEvery: 10_000 });
    await first.withRoom(roomId, async (room) => {
      const { seq } = await room.change(benAuthor, (d) => (featuresMap(d).get('F-1') as Y.Map<unknown>).set('title', 'x'.repeat(300)));
      await sqlite.appendHistory(roomId, [{
        seq: seq as number, at: 3, participantId: ben.id, name: ben.name, kind: 'reverted', featureId: 'F-1', field: 'title',
        from: 'x'.repeat(200), to: { value: 'Checkout, broken', reason: 'title is 300 characters; keep it to 200.' },
      }]);
      // The facilitator's valid change of the scale leaves jobSize 20 off it.
      await room.change(adaAuthor, (d) => metaMap(d).set('scale', [1, 2, 3, 5, 8, 13]));
    });
    expect((await sqlite.history(roomId)).filter((e) => e.kind === 'reverted').map((e) => e.field)).toEqual(['title']);

    const plugins: Plugin[] = [historyPlugin()];
    const rooms = new RoomManager({ storage: sqlite, plugins, logger, snapshotEvery: 10_000 });
    plugins.push(guard(new Registry(), { rooms, logger }).plugin);
    // The revert is made in the room's queue right after the load.
    const f1 = await rooms.withRoom(roomId, (room) => eventually(() => (featuresMap(room.doc).get('F-1') as Y.Map<unknown>).toJSON(), {
      until: (f) => f.title === 'Checkout, broken', what: 'the recorded revert is made after the load',
    }));
    expect(f1).toMatchObject({ title: 'Checkout, broken', jobSize: 20 });
    const last = (await sqlite.history(roomId)).at(-1);
    expect(last).toMatchObject({ participantId: null, kind: 'changed', featureId: 'F-1', field: 'title', to: 'Checkout, broken' });
  });
});
