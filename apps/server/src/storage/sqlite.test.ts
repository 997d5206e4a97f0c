import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, initRoom } from '@ladder/board-doc';
import { storageContractSuite } from './contract-suite';
import { SqliteStorage } from './sqlite';

storageContractSuite('sqlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ladder-sqlite-'));
  return { storage: new SqliteStorage({ dataDir }), cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
});

describe('sqlite adapter', () => {
  test('what was appended is there after closing and reopening the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ladder-sqlite-'));
    try {
      const first = new SqliteStorage({ dataDir });
      await first.createRoom({ id: 'reopenReopenReopen0001', title: 'Reopen', createdAt: 1 }, new Uint8Array([1]));
      await first.appendUpdate('reopenReopenReopen0001', { at: 2, participantId: 'p', update: new Uint8Array([2]) });
      await first.close();
      const second = new SqliteStorage({ dataDir });
      const loaded = await second.loadRoom('reopenReopenReopen0001');
      expect(loaded?.updates.map((u) => Array.from(u.update))).toEqual([[1], [2]]);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('the data files are readable and writable by the server\'s user only; a file of an older version is tightened', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ladder-sqlite-'));
    const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
    try {
      const fresh = new SqliteStorage({ dataDir: join(dataDir, 'fresh') });
      await fresh.createRoom({ id: 'modeModeModeModeMode01', title: 'Modes', createdAt: 1 }, new Uint8Array([1]));
      const file = join(dataDir, 'fresh', 'ladder.db');
      expect(existsSync(`${file}-wal`)).toBe(true);
      expect([modeOf(join(dataDir, 'fresh')), modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual(['700', '600', '600', '600']);
      await fresh.close();

      const oldFile = join(dataDir, 'ladder.db');
      writeFileSync(oldFile, '');
      chmodSync(oldFile, 0o644);
      const old = new SqliteStorage({ dataDir });
      expect(modeOf(oldFile)).toBe('600');
      await old.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a snapshot row written before compression (the bare state) still reads; a new one is stored compressed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ladder-sqlite-'));
    const id = 'oldSnapshotOldSnapsh01';
    const doc = new Y.Doc();
    initRoom(doc, { title: 'Old' });
    for (let i = 0; i < 40; i++) createFeature(doc, { id: `F-${i}`, title: `Feature ${i}`, jobSize: 3 }, { participantId: 'p', now: i });
    const state = Y.encodeStateAsUpdate(doc);
    try {
      const storage = new SqliteStorage({ dataDir });
      await storage.createRoom({ id, title: 'Old', createdAt: 1 }, state);
      await storage.appendUpdate(id, { at: 2, participantId: 'p', update: new Uint8Array([2]) });
      await storage.writeSnapshot(id, { seq: 2, at: 2, state, encoding: 'v1' });
      const file = new Database(join(dataDir, 'ladder.db'));
      file.prepare('INSERT INTO snapshots (room_id, seq, at, state) VALUES (?, 1, 1, ?)').run(id, Buffer.from(state));
      const stored = file.prepare<[string], { seq: number; size: number }>('SELECT seq, length(state) AS size FROM snapshots WHERE room_id = ? ORDER BY seq').all(id);
      file.close();
      expect(stored[0]?.size).toBe(state.byteLength);
      expect(stored[1]?.size).toBeLessThan(state.byteLength / 2);
      expect(await storage.snapshotAtOrBefore(id, 1)).toEqual({ seq: 1, at: 1, state, encoding: 'v1' });
      expect(await storage.snapshotAtOrBefore(id, 2)).toEqual({ seq: 2, at: 2, state, encoding: 'v1' });
      await storage.close();
    } finally {
      doc.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
