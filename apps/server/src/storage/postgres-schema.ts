import type pg from 'pg';

// The PostgreSQL schema, as numbered migrations. `migrate` runs under an advisory lock, so several nodes that start
// at once apply each migration exactly once; every statement is also written to be harmless when repeated.

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE IF NOT EXISTS rooms (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- The seq of the room's latest update: appending bumps it in the same statement, so two nodes never collide.
    last_seq BIGINT NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS participants (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (room_id, id)
  );
  CREATE TABLE IF NOT EXISTS updates (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    participant_id TEXT,
    data BYTEA NOT NULL,
    PRIMARY KEY (room_id, seq)
  );
  CREATE INDEX IF NOT EXISTS updates_by_time ON updates (room_id, at, seq);
  CREATE TABLE IF NOT EXISTS snapshots (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    state BYTEA NOT NULL,
    PRIMARY KEY (room_id, seq)
  );
  CREATE TABLE IF NOT EXISTS history (
    id BIGSERIAL PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms(id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    participant_id TEXT,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    feature_id TEXT NOT NULL,
    field TEXT,
    from_json TEXT,
    to_json TEXT
  );
  CREATE INDEX IF NOT EXISTS history_by_seq ON history (room_id, seq, id);
  CREATE TABLE IF NOT EXISTS votes (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    round_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    values_json TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (room_id, round_id, participant_id)
  );
  `,
  // History events caused by accepting an estimation round name that round.
  `
  ALTER TABLE history ADD COLUMN IF NOT EXISTS round_id TEXT;
  `,
  // Rounds whose voting is closed (revealed on some node): no vote is stored for them any more.
  `
  CREATE TABLE IF NOT EXISTS vote_closures (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    round_id TEXT NOT NULL,
    PRIMARY KEY (room_id, round_id)
  );
  `,
  // Access has a lifecycle: a participant the facilitator removed, and the generation of each role's invite link.
  `
  ALTER TABLE participants ADD COLUMN IF NOT EXISTS revoked_at BIGINT;
  CREATE TABLE IF NOT EXISTS invite_generations (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    role TEXT NOT NULL,
    generation INTEGER NOT NULL,
    PRIMARY KEY (room_id, role)
  );
  `,
  // A decision note is a history event of its own, recorded with the update that wrote it: the note's id.
  `
  ALTER TABLE history ADD COLUMN IF NOT EXISTS note_id TEXT;
  `,
  // A conflict names both people: who wrote the value that stays.
  `
  ALTER TABLE history ADD COLUMN IF NOT EXISTS kept_by_json TEXT;
  `,
  // The state index (the ranking after every seq), in compressed segments derived from the log.
  `
  CREATE TABLE IF NOT EXISTS state_index (
    room_id TEXT NOT NULL REFERENCES rooms(id),
    from_seq BIGINT NOT NULL,
    to_seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (room_id, from_seq)
  );
  `,
];

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** `"name"` for an identifier already checked by `isSchemaName`. */
export const quoteIdent = (name: string): string => `"${name}"`;

export function isSchemaName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name);
}

/**
 * Creates the schema (when named) and applies the migrations it has not seen yet, one transaction each, while
 * holding an advisory lock keyed on the schema name.
 */
export async function migrate(client: pg.PoolClient, schema: string): Promise<void> {
  const lockKey = `ladder-migrate:${schema}`;
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_version');
    const current = rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new Error(`The database schema "${schema}" is at version ${current}, newer than this server (${SCHEMA_VERSION}): upgrade the server.`);
    }
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      await client.query('BEGIN');
      try {
        await client.query(MIGRATIONS[version - 1] as string);
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
  }
}
