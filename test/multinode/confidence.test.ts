import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readConfidence } from '@ladder/board-doc';
import type { LadderServer } from '../support/server';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { createCluster, type Cluster } from './cluster';
import { eventually } from '@ladder/testing';

// The confidence vote across nodes (PostgreSQL + Redis): votes racing a reveal on another node are each either counted
// in it or refused with 409 — never stored and lost, never counted after the result was written.

let cluster: Cluster;
let nodes: LadderServer[];
let room: RoomWithPeople;
const clients: SyncClient[] = [];
const VOTERS = Array.from({ length: 16 }, (_, i) => `Voter ${i + 1}`);

beforeAll(async () => {
  cluster = await createCluster('confidence');
  nodes = await Promise.all([cluster.start(), cluster.start()]);
  room = await roomWith((nodes[0] as LadderServer).url, { Fiona: 'facilitator', ...Object.fromEntries(VOTERS.map((v, i) => [v, i % 2 === 0 ? 'product' : 'portfolio'])) });
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await cluster?.destroy();
});

describe('the confidence vote across nodes', () => {
  test('votes on node B racing a reveal on node A are counted or refused with 409; both nodes show the same result', async () => {
    const [a, b] = nodes as [LadderServer, LadderServer];
    const token = (name: string) => member(room, name).token;
    const onB = connectClient(b.wsUrl, room.roomId, token('Fiona'));
    clients.push(onB);
    await onB.synced;
    const opened = await api(a.url, `/api/rooms/${room.roomId}/confidence`, { token: token('Fiona'), body: { scope: 'ART' } });
    expect(opened.status, opened.text).toBe(201);
    const { voteId } = opened.json as { voteId: string };
    const path = `/api/rooms/${room.roomId}/confidence/${voteId}`;
    await eventually(() => readConfidence(onB.doc).length, { until: (n) => n === 1, timeout: 10_000, what: 'the vote known on node B' });
    // The first four vote before anything else; the other twelve race the reveal.
    for (const name of VOTERS.slice(0, 4)) expect((await api(b.url, `${path}/votes`, { token: token(name), body: { value: 4 } })).status).toBe(204);
    const racing = VOTERS.slice(4).map((name) => api(b.url, `${path}/votes`, { token: token(name), body: { value: 2 } }));
    const reveal = api(a.url, `${path}/reveal`, { token: token('Fiona'), method: 'POST' });
    const answers = await Promise.all(racing);
    const revealed = await reveal;
    expect(revealed.status, revealed.text).toBe(200);
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 204 || s === 409), statuses.join(',')).toBe(true);
    const counted = 4 + statuses.filter((s) => s === 204).length;
    const result = revealed.json as { voters: number; distribution: Record<string, number>; accepted: boolean };
    expect(result.voters).toBe(counted);
    expect(result.distribution).toEqual({ 1: 0, 2: counted - 4, 3: 0, 4: 4, 5: 0 });
    // A vote after the reveal is refused on either node; both answer the same result.
    expect((await api(b.url, `${path}/votes`, { token: token(VOTERS[4] as string), body: { value: 5 } })).status).toBe(409);
    const again = await eventually(async () => api(b.url, `${path}/reveal`, { token: token('Fiona'), method: 'POST' }), { until: (r) => r.status === 200, timeout: 10_000, what: 'node B answers the reveal' });
    expect(again.json).toEqual(revealed.json);
    await eventually(() => readConfidence(onB.doc)[0]?.result?.voters, { until: (v) => v === counted, timeout: 10_000, what: 'the result on node B' });
  });
});
