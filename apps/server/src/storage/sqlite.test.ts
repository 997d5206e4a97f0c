import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
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
});
