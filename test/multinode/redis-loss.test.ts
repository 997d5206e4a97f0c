import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, readFeature, updateFeature } from '@ladder/board-doc';
import { connectClient } from '../support/clients';
import { canonicalState, sameBytes } from '../support/state';
import { member } from '../support/http';
import { useOutagePair } from './outage';
import { eventually } from '@ladder/testing';

// Node a reaches Redis through a TCP proxy the test cuts and restores; node b reaches it directly.

const pair = useOutagePair('redisloss', 'REDIS_URL', { Xavier: 'product', Zoe: 'facilitator' });

describe('Redis lost by one node', () => {
  test('updates stored elsewhere meanwhile reach its clients once Redis is back, and its own reach the others', async () => {
    const { a, b, proxy, room, clients, cluster } = pair;
    const x = connectClient(a.wsUrl, room.roomId, member(room, 'Xavier').token);
    const z = connectClient(b.wsUrl, room.roomId, member(room, 'Zoe').token);
    clients.push(x, z);
    await Promise.all([x.synced, z.synced]);
    createFeature(z.doc, { id: 'F-1', title: 'Checkout', jobSize: 3 }, { participantId: member(room, 'Zoe').participantId, now: Date.now() });
    await eventually(() => readFeature(x.doc, 'F-1') !== null, { timeout: 10_000, what: () => 'F-1 did not reach node a before the cut' });

    const count = async () => Number((await cluster.sql<{ n: string }>(`SELECT count(*) AS n FROM "${cluster.schema}".updates`))[0]?.n);
    const before = await count();
    await proxy.cut();
    updateFeature(z.doc, 'F-1', { title: 'Checkout, renamed on node b during the cut' });
    updateFeature(x.doc, 'F-1', { userBusinessValue: 8 });
    // Both changes are stored (each by its own node) while the nodes cannot tell each other.
    await eventually(async () => (await count()) >= before + 2, { timeout: 10_000, what: () => 'the two changes made during the cut were not both stored' });

    await proxy.restore();
    await eventually(() => readFeature(x.doc, 'F-1')?.title === 'Checkout, renamed on node b during the cut' && readFeature(z.doc, 'F-1')?.userBusinessValue === 8, { timeout: 20_000, what: () => `the nodes did not catch up after Redis returned: x sees ${JSON.stringify(readFeature(x.doc, 'F-1'))}, z sees ${JSON.stringify(readFeature(z.doc, 'F-1'))}` });
    await eventually(() => sameBytes(Y.encodeStateVector(x.doc), Y.encodeStateVector(z.doc)), { timeout: 10_000, what: () => 'state vectors differ' });
    expect(canonicalState(x.doc)).toBe(canonicalState(z.doc));
  }, 120_000);
});
