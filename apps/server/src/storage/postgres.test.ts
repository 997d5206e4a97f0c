import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, initRoom } from '@ladder/board-doc';
import { storageContractSuite } from './contract-suite';
import { checkout, PostgresStorage, StorageUnavailableError } from './postgres';
import { SCHEMA_VERSION } from './postgres-schema';

// Runs against the PostgreSQL at LADDER_TEST_DATABASE_URL (default: the local test database), in a schema of its
// own that is dropped at the end. An unreachable database fails these tests: it is never skipped.

const url = process.env.LADDER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ladder_test_${randomBytes(6).toString('hex')}`;
const opened: PostgresStorage[] = [];

async function open(extra: { schema?: string } = {}): Promise<PostgresStorage> {
  const storage = await PostgresStorage.open({ url, schema, applicationName: 'ladder-storage-test', ...extra });
  opened.push(storage);
  return storage;
}

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
});

storageContractSuite('postgres', async () => ({ storage: await open() }));

describe('postgres adapter', () => {
  test('appends to one room from several nodes at once get distinct, gap-free seq numbers', async () => {
    const nodes = await Promise.all([open(), open(), open()]);
    const roomId = `concurrent${randomBytes(6).toString('hex')}`;
    await nodes[0]!.createRoom({ id: roomId, title: 'Shared', createdAt: 1 }, new Uint8Array([0]));
    const seqs = await Promise.all(
      Array.from({ length: 60 }, (_, i) => nodes[i % 3]!.appendUpdate(roomId, { at: 2, participantId: `p${i % 3}`, update: new Uint8Array([i]) })),
    );
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 2));
    const loaded = await nodes[2]!.loadRoom(roomId);
    expect(loaded?.updates.map((u) => u.seq)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
  });

  test('several nodes migrating a fresh schema at the same moment all start, and the schema is at one version', async () => {
    const fresh = `${schema}_m`;
    try {
      const nodes = await Promise.all(Array.from({ length: 4 }, () => open({ schema: fresh })));
      const roomId = `migrated${randomBytes(6).toString('hex')}`;
      await nodes[0]!.createRoom({ id: roomId, title: 'M', createdAt: 1 }, new Uint8Array([1]));
      expect((await nodes[3]!.getRoom(roomId))?.title).toBe('M');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ version: number }>(`SELECT version FROM "${fresh}".schema_version ORDER BY version`);
        expect(rows.map((r) => r.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
      } finally {
        await client.end();
      }
    } finally {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${fresh}" CASCADE`).finally(() => client.end());
    }
  });

  test('an update to a room that does not exist is refused', async () => {
    const storage = await open();
    await expect(storage.appendUpdate('missingMissingMissing1', { at: 1, participantId: null, update: new Uint8Array([1]) })).rejects.toThrow(/does not exist/);
  });

  test('a database that cannot be reached makes calls fail with StorageUnavailableError, and ping report it', async () => {
    const storage = await open();
    await storage.ping();
    // Cut every connection of this pool from the server side, as a database restart does.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ladder-storage-test' AND pid <> pg_backend_pid()");
    } finally {
      await client.end();
    }
    // A call may meet a connection that was cut (and fail as unavailable); the pool replaces it and the next works.
    const roomId = `recover${randomBytes(6).toString('hex')}`;
    let created = false;
    for (let attempt = 0; attempt < 5 && !created; attempt++) {
      try {
        await storage.createRoom({ id: roomId, title: 'R', createdAt: 1 }, new Uint8Array([1]));
        created = true;
      } catch (error) {
        expect(error).toBeInstanceOf(StorageUnavailableError);
      }
    }
    expect(created).toBe(true);
    expect((await storage.getRoom(roomId))?.title).toBe('R');

    const unreachable = new URL(url);
    unreachable.port = '1';
    await expect(PostgresStorage.open({ url: unreachable.toString(), schema, connectTimeoutMs: 500 })).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  test('a connection cut by the server while it is checked out is no uncaught error, and is not reused', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => { uncaught.push(error); };
    process.on('uncaughtException', onUncaught);
    try {
      const { client, release } = await checkout(pool);
      const pid = (client as unknown as { processID: number }).processID;
      const ended = new Promise((resolve) => client.once('end', resolve));
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]).finally(() => admin.end());
      await ended;
      release();
      const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(rows[0]!.pid).not.toBe(pid);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await pool.end();
    }
  });

  test('a schema name that is not an identifier is refused', async () => {
    await expect(PostgresStorage.open({ url, schema: 'x"; DROP SCHEMA public; --' })).rejects.toThrow(/schema name/);
  });

  test('a snapshot row written before compression (the bare state) still reads; a new one is stored compressed', async () => {
    const storage = await open();
    const id = `oldSnap${randomBytes(7).toString('hex')}`;
    const doc = new Y.Doc();
    initRoom(doc, { title: 'Old' });
    for (let i = 0; i < 40; i++) createFeature(doc, { id: `F-${i}`, title: `Feature ${i}`, jobSize: 3 }, { participantId: 'p', now: i });
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    await storage.createRoom({ id, title: 'Old', createdAt: 1 }, state);
    await storage.appendUpdate(id, { at: 2, participantId: 'p', update: new Uint8Array([2]) });
    await storage.writeSnapshot(id, { seq: 2, at: 2, state, encoding: 'v1' });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`INSERT INTO "${schema}".snapshots (room_id, seq, at, state) VALUES ($1, 1, 1, $2)`, [id, Buffer.from(state)]);
      const sizes = (await client.query<{ size: number }>(`SELECT octet_length(state) AS size FROM "${schema}".snapshots WHERE room_id = $1 ORDER BY seq`, [id])).rows;
      expect(sizes.map((r) => Number(r.size))[0]).toBe(state.byteLength);
      expect(Number(sizes[1]?.size)).toBeLessThan(state.byteLength / 2);
    } finally {
      await client.end();
    }
    expect(await storage.snapshotAtOrBefore(id, 1)).toEqual({ seq: 1, at: 1, state, encoding: 'v1' });
    expect(await storage.snapshotAtOrBefore(id, 2)).toEqual({ seq: 2, at: 2, state, encoding: 'v1' });
  });
});
