import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pg from 'pg';
import { createFeature, featuresMap } from '@ladder/board-doc';
import type { LadderProcess } from '../support/server';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { createCluster, TEST_DATABASE_URL, type Cluster } from './cluster';
import { eventually } from '@ladder/testing';

// The server applies a batch of updates to the live document inside the storage transaction (its history events come
// from that), so between the apply and the commit the document holds changes that are not stored yet. With PostgreSQL
// that gap is a network round trip. Nothing read from the live document may leave the server in that gap: a SIGKILL
// then would lose what an API answer already showed.

let cluster: Cluster;
let node: LadderProcess;
let room: RoomWithPeople;
/** A second room on the node, idle: its reads are answered at once, and serve as a marker. */
let idle: RoomWithPeople;
const clients: SyncClient[] = [];

beforeAll(async () => {
  cluster = await createCluster('readstore');
  node = await cluster.spawn();
  room = await roomWith(node.url, { Ada: 'product' });
  idle = await roomWith(node.url, { Ida: 'product' });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await cluster?.destroy();
});

const ids = (answer: { json: unknown }) => ((answer.json as { features?: Array<{ id: string }> }).features ?? []).map((f) => f.id);

describe('reads of the live room wait for the commit', () => {
  test('GET …/ranking and …/export.csv never show an update that is not stored yet; after a SIGKILL every feature they showed is there', async () => {
    const token = member(room, 'Ada').token;
    const ranking = () => api(node.url, `/api/rooms/${room.roomId}/ranking`, { token });
    const csv = () => api(node.url, `/api/rooms/${room.roomId}/export.csv`, { token });
    const writer = connectClient(node.wsUrl, room.roomId, token);
    clients.push(writer);
    await writer.synced;
    const ctx = () => ({ participantId: member(room, 'Ada').participantId, now: Date.now() });
    createFeature(writer.doc, { id: 'STORED', title: 'Stored before the lock' }, ctx());
    await eventually(async () => ids(await ranking()).includes('STORED'), { timeout: 10_000, what: () => 'STORED never reached the ranking' });

    // Hold the room's next INSERT: the server applies the update, then waits for this lock before it can commit.
    const blocker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE "${cluster.schema}".updates IN SHARE MODE`);
      createFeature(writer.doc, { id: 'PENDING', title: 'Applied, not stored' }, ctx());
      await eventually(async () => {
        const rows = await cluster.sql<{ n: string }>(
          `SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace s ON s.oid = c.relnamespace
           WHERE NOT l.granted AND c.relname = 'updates' AND s.nspname = $1`, [cluster.schema]);
        return Number(rows[0]?.n) > 0;
      }, { timeout: 10_000, what: () => 'the server never waited for the lock on its updates table' });

      // Reads sent now: answered only after the commit (which cannot happen before the kill), or not at all.
      const answers: Array<{ what: string; ids: string[] }> = [];
      const reads = [
        ranking().then((a) => { if (a.status === 200) answers.push({ what: 'ranking', ids: ids(a) }); }, () => undefined),
        csv().then((a) => {
          if (a.status === 200) answers.push({ what: 'export.csv', ids: a.text.split(/\r?\n/).slice(1).map((line) => line.split(',')[1] ?? '').filter(Boolean) });
        }, () => undefined),
      ];
      // Marker: a read of the idle room, sent after them, answered. The server took the held reads in first; had either
      // been answered from the live room without waiting for the commit, its answer would be on its way already.
      const marker = await api(node.url, `/api/rooms/${idle.roomId}/ranking`, { token: member(idle, 'Ida').token });
      expect(marker.status).toBe(200);
      await node.kill();
      await Promise.all(reads);
      await blocker.query('ROLLBACK');

      const restarted = await cluster.start();
      const fresh = connectClient(restarted.wsUrl, room.roomId, token);
      clients.push(fresh);
      await fresh.synced;
      expect(featuresMap(fresh.doc).has('STORED')).toBe(true);
      const stored = new Set(featuresMap(fresh.doc).keys());
      for (const answer of answers) {
        for (const id of answer.ids) expect(stored.has(id), `${answer.what} showed ${id}, which was never stored`).toBe(true);
      }
    } finally {
      await blocker.end().catch(() => undefined);
    }
  }, 60_000);
});
