import { describe, expect, test } from 'vitest';
import { createFeature, featuresMap, readFeature, updateFeature } from '@ladder/board-doc';
import type { LadderServer } from '../support/server';
import { connectClient } from '../support/clients';
import { presenceMarker } from '../support/marker';
import { api, member } from '../support/http';
import { useOutagePair } from './outage';
import { eventually } from '@ladder/testing';

// Node a reaches PostgreSQL through a TCP proxy the test cuts and restores; node b reaches it directly.

const pair = useOutagePair('dbloss', 'DATABASE_URL', { Wendy: 'product', Yves: 'portfolio', Zoe: 'facilitator' });

const health = async (node: LadderServer) => {
  const answer = await api(node.url, '/healthz');
  return { status: answer.status, body: answer.json as { ok: boolean; error?: string } };
};

describe('PostgreSQL lost by one node', () => {
  test('the node reports unhealthy, refuses writes instead of losing them, and recovers when the database returns', async () => {
    const { a, b, proxy, room, clients, cluster } = pair;
    const writer = connectClient(a.wsUrl, room.roomId, member(room, 'Wendy').token);
    const neighbour = connectClient(a.wsUrl, room.roomId, member(room, 'Yves').token);
    const remote = connectClient(b.wsUrl, room.roomId, member(room, 'Zoe').token);
    clients.push(writer, neighbour, remote);
    await Promise.all(clients.map((c) => c.synced));
    createFeature(writer.doc, { id: 'F-1', title: 'Checkout', jobSize: 3 }, { participantId: member(room, 'Wendy').participantId, now: Date.now() });
    await eventually(() => featuresMap(remote.doc).has('F-1') && featuresMap(neighbour.doc).has('F-1'), { timeout: 10_000, what: () => 'F-1 did not spread before the cut' });
    expect(await health(a)).toEqual({ status: 200, body: expect.objectContaining({ ok: true }) });

    await proxy.cut();
    const down = await eventually(async () => {
      const report = await health(a);
      return report.status === 503 ? report : null;
    }, { timeout: 15_000, what: () => 'node a kept answering 200 at /healthz with its database gone' });
    expect(down.body).toMatchObject({ ok: false, error: 'storage_unavailable' });
    expect((await health(b)).status).toBe(200);

    // An edit on node a while its database is gone: refused (the socket closed for a retry), never applied or sent on.
    const closesBefore = writer.closes.length;
    updateFeature(writer.doc, 'F-1', { title: 'Checkout, written while the database was gone' });
    await eventually(() => writer.closes.length > closesBefore, { timeout: 15_000, what: () => 'node a did not refuse the write' });
    // 1013 "try again later": the stock client reconnects (and is refused, 1011, until the database is back).
    expect(writer.closes[closesBefore]?.code, JSON.stringify(writer.closes)).toBe(1013);
    // Marker: presence sent on by node a after the refusal, and by node b through Redis after anything node a published
    // before it. Had the refused edit been sent on, it would have reached both clients before these markers.
    await presenceMarker(neighbour, [remote], 'a marker from node a');
    await presenceMarker(remote, [neighbour], 'a marker from node b');
    expect(readFeature(neighbour.doc, 'F-1')?.title).toBe('Checkout');
    expect(readFeature(remote.doc, 'F-1')?.title).toBe('Checkout');
    const stored = await cluster.sql<{ n: string }>(`SELECT count(*) AS n FROM "${cluster.schema}".updates WHERE data::text LIKE $1`, ['%' + Buffer.from('written while').toString('hex') + '%']);
    expect(Number(stored[0]?.n)).toBe(0);

    // The database returns: node a is healthy again, and the refused edit, kept by its client, arrives everywhere.
    await proxy.restore();
    await eventually(async () => (await health(a)).status === 200, { timeout: 20_000, what: () => 'node a did not recover at /healthz' });
    const title = 'Checkout, written while the database was gone';
    await eventually(() => readFeature(neighbour.doc, 'F-1')?.title === title && readFeature(remote.doc, 'F-1')?.title === title, { timeout: 20_000, what: () => `the edit did not arrive after the recovery: neighbour ${readFeature(neighbour.doc, 'F-1')?.title}, remote ${readFeature(remote.doc, 'F-1')?.title}` });
    const afterwards = await cluster.sql<{ n: string }>(`SELECT count(*) AS n FROM "${cluster.schema}".updates WHERE data::text LIKE $1`, ['%' + Buffer.from('written while').toString('hex') + '%']);
    expect(Number(afterwards[0]?.n)).toBeGreaterThan(0);
    const ranking = await api(a.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Yves').token });
    expect(ranking.status).toBe(200);
    expect((ranking.json as { features: { title: string }[] }).features.map((f) => f.title)).toEqual([title]);
  }, 120_000);
});
