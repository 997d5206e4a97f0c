import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFeature, readFeature } from '@ladder/board-doc';
import type { LadderProcess } from '../support/server';
import { connectClient, waitFor, type SyncClient } from '../support/clients';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { createCluster, type Cluster } from './cluster';

// Blind estimation across nodes: the votes live in the shared database, so a round opened on one node, voted on
// every node and revealed on another one counts every vote.

let cluster: Cluster;
let nodes: LadderProcess[];
let room: RoomWithPeople;
const clients: SyncClient[] = [];

beforeAll(async () => {
  cluster = await createCluster('estimation');
  nodes = await Promise.all([cluster.start(), cluster.start(), cluster.start()]);
  room = await roomWith((nodes[0] as LadderProcess).url, { Fiona: 'facilitator', Paul: 'product', Pia: 'portfolio' });
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await cluster?.destroy();
});

describe('estimation rounds across nodes', () => {
  test('a round opened on node 0, voted on all three nodes and revealed on node 1 counts every vote; the accept on node 2 reaches everyone', async () => {
    const [a, b, c] = nodes as [LadderProcess, LadderProcess, LadderProcess];
    const token = (name: string) => member(room, name).token;
    // Everyone has the board open, each on another node.
    const onA = connectClient(a.wsUrl, room.roomId, token('Fiona'));
    const onB = connectClient(b.wsUrl, room.roomId, token('Paul'));
    const onC = connectClient(c.wsUrl, room.roomId, token('Pia'));
    clients.push(onA, onB, onC);
    await Promise.all(clients.map((client) => client.synced));
    createFeature(onC.doc, { id: 'F-7', title: 'Single sign-on' }, { participantId: member(room, 'Pia').participantId, now: Date.now() });
    await waitFor(() => readFeature(onA.doc, 'F-7') && readFeature(onB.doc, 'F-7'), 10_000, () => 'F-7 did not reach every node');

    const opened = await api(a.url, `/api/rooms/${room.roomId}/rounds`, { token: token('Fiona'), body: { featureId: 'F-7' } });
    expect(opened.status, opened.text).toBe(201);
    const { roundId } = opened.json as { roundId: string };
    // The facilitator and the voters see the round on their boards before they act on it.
    const roundPath = `/api/rooms/${room.roomId}/rounds/${roundId}`;
    for (const node of nodes) {
      await waitFor(async () => (await api(node.url, roundPath, { token: token('Paul') })).status === 200, 10_000, () => `node ${node.port} does not know the round`);
    }

    const vote = async (node: LadderProcess, name: string, values: Record<string, number>) => {
      const answer = await api(node.url, `${roundPath}/votes`, { token: token(name), body: { values } });
      expect(answer.status, `${name}'s vote on node ${node.port}: ${answer.text}`).toBe(204);
    };
    await vote(a, 'Paul', { userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 });
    await vote(c, 'Pia', { userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 8 });
    await vote(b, 'Fiona', { userBusinessValue: 13, timeCriticality: 5, riskReduction: 3, jobSize: 5 });
    // A vote changed on another node replaces the earlier one.
    await vote(b, 'Pia', { userBusinessValue: 8, timeCriticality: 3, riskReduction: 3, jobSize: 8 });

    const revealed = await api(b.url, `${roundPath}/reveal`, { token: token('Fiona'), method: 'POST' });
    expect(revealed.status, revealed.text).toBe(200);
    const result = revealed.json as { votes: { participantId: string; name: string; role: string; values: Record<string, number> }[]; consensus: Record<string, number>; spread: Record<string, number> };
    expect(result.votes.map((v) => v.name).sort()).toEqual(['Fiona', 'Paul', 'Pia']);
    expect(result.votes.find((v) => v.name === 'Pia')?.values).toEqual({ userBusinessValue: 8, timeCriticality: 3, riskReduction: 3, jobSize: 8 });
    expect(Object.keys(result.consensus).sort()).toEqual(['jobSize', 'riskReduction', 'timeCriticality', 'userBusinessValue']);
    expect(result.spread.userBusinessValue).toBeGreaterThan(0);

    // Every node answers the same reveal once it has seen it.
    for (const node of [a, c]) {
      await waitFor(async () => {
        const again = await api(node.url, `${roundPath}/reveal`, { token: token('Fiona'), method: 'POST' });
        return again.status === 200 && JSON.stringify((again.json as typeof result).consensus) === JSON.stringify(result.consensus)
          && (again.json as typeof result).votes.length === 3;
      }, 10_000, () => `node ${node.port} answers another reveal`);
    }

    const accepted = await api(c.url, `${roundPath}/accept`, { token: token('Fiona'), body: {} });
    expect(accepted.status, accepted.text).toBe(200);
    for (const client of clients) {
      await waitFor(() => readFeature(client.doc, 'F-7')?.jobSize === result.consensus.jobSize
        && readFeature(client.doc, 'F-7')?.userBusinessValue === result.consensus.userBusinessValue, 10_000, () => 'the accepted estimate did not reach every client');
    }
    for (const node of nodes) {
      const ranking = await api(node.url, `/api/rooms/${room.roomId}/ranking`, { token: token('Paul') });
      expect((ranking.json as { features: { id: string; jobSize: unknown }[] }).features).toEqual([
        expect.objectContaining({ id: 'F-7', jobSize: result.consensus.jobSize }),
      ]);
    }
  }, 120_000);
});
