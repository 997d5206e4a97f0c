import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFeature, readFeature, readRound, type Round } from '@ladder/board-doc';
import type { LadderServer } from '../support/server';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { createCluster, type Cluster } from './cluster';
import { eventually } from '@ladder/testing';

// Blind estimation across nodes: the votes live in the shared database, so a round opened on one node, voted on
// every node and revealed on another one counts every vote.

let cluster: Cluster;
let nodes: LadderServer[];
let room: RoomWithPeople;
const clients: SyncClient[] = [];

beforeAll(async () => {
  cluster = await createCluster('estimation');
  nodes = await Promise.all([cluster.start(), cluster.start(), cluster.start()]);
  room = await roomWith((nodes[0] as LadderServer).url, { Fiona: 'facilitator', Paul: 'product', Pia: 'portfolio' });
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await cluster?.destroy();
});

describe('estimation rounds across nodes', () => {
  test('a round opened on node 0, voted on all three nodes and revealed on node 1 counts every vote; the accept on node 2 reaches everyone', async () => {
    const [a, b, c] = nodes as [LadderServer, LadderServer, LadderServer];
    const token = (name: string) => member(room, name).token;
    // Everyone has the board open, each on another node.
    const onA = connectClient(a.wsUrl, room.roomId, token('Fiona'));
    const onB = connectClient(b.wsUrl, room.roomId, token('Paul'));
    const onC = connectClient(c.wsUrl, room.roomId, token('Pia'));
    clients.push(onA, onB, onC);
    await Promise.all(clients.map((client) => client.synced));
    createFeature(onC.doc, { id: 'F-7', title: 'Single sign-on' }, { participantId: member(room, 'Pia').participantId, now: Date.now() });
    await eventually(() => readFeature(onA.doc, 'F-7') && readFeature(onB.doc, 'F-7'), { timeout: 10_000, what: () => 'F-7 did not reach every node' });

    const opened = await api(a.url, `/api/rooms/${room.roomId}/rounds`, { token: token('Fiona'), body: { featureId: 'F-7' } });
    expect(opened.status, opened.text).toBe(201);
    const { roundId } = opened.json as { roundId: string };
    // The facilitator and the voters see the round on their boards before they act on it.
    const roundPath = `/api/rooms/${room.roomId}/rounds/${roundId}`;
    for (const node of nodes) {
      await eventually(async () => (await api(node.url, roundPath, { token: token('Paul') })).status === 200, { timeout: 10_000, what: () => `node ${node.port} does not know the round` });
    }

    const vote = async (node: LadderServer, name: string, values: Record<string, number>) => {
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
      await eventually(async () => {
        const again = await api(node.url, `${roundPath}/reveal`, { token: token('Fiona'), method: 'POST' });
        return again.status === 200 && JSON.stringify((again.json as typeof result).consensus) === JSON.stringify(result.consensus)
          && (again.json as typeof result).votes.length === 3;
      }, { timeout: 10_000, what: () => `node ${node.port} answers another reveal` });
    }

    const accepted = await api(c.url, `${roundPath}/accept`, { token: token('Fiona'), body: {} });
    expect(accepted.status, accepted.text).toBe(200);
    for (const client of clients) {
      await eventually(() => readFeature(client.doc, 'F-7')?.jobSize === result.consensus.jobSize
        && readFeature(client.doc, 'F-7')?.userBusinessValue === result.consensus.userBusinessValue, { timeout: 10_000, what: () => 'the accepted estimate did not reach every client' });
    }
    for (const node of nodes) {
      const ranking = await api(node.url, `/api/rooms/${room.roomId}/ranking`, { token: token('Paul') });
      expect((ranking.json as { features: { id: string; jobSize: unknown }[] }).features).toEqual([
        expect.objectContaining({ id: 'F-7', jobSize: result.consensus.jobSize }),
      ]);
    }
  }, 120_000);

  test('a vote cast on node A and a reveal on node B: both nodes and their boards show who voted and how many are still to vote, then the same result', async () => {
    const [a, b] = nodes as [LadderServer, LadderServer];
    const people = await roomWith(a.url, { Fran: 'facilitator', Pete: 'product', Polly: 'portfolio', Otto: 'observer' }, 'Two-node round');
    const who = (name: string) => member(people, name);
    // Boards open as the web app opens them, announcing who is there: Fran and Pete on node A, Polly and Otto on node B.
    const open = (node: LadderServer, name: string) => {
      const client = connectClient(node.wsUrl, people.roomId, who(name).token);
      client.provider.awareness.setLocalStateField('user', { participantId: who(name).participantId, name, role: who(name).role });
      clients.push(client);
      return client;
    };
    const fran = open(a, 'Fran');
    const pete = open(a, 'Pete');
    const polly = open(b, 'Polly');
    const otto = open(b, 'Otto');
    await Promise.all([fran, pete, polly, otto].map((client) => client.synced));
    createFeature(fran.doc, { id: 'F-9', title: 'Audit log' }, { participantId: who('Fran').participantId, now: Date.now() });
    createFeature(fran.doc, { id: 'F-10', title: 'Dark mode' }, { participantId: who('Fran').participantId, now: Date.now() });
    // Node A knows Polly is there once her presence, relayed by node B, reaches Fran's board through node A.
    const present = (client: SyncClient, name: string) => [...client.provider.awareness.getStates().values()]
      .some((state) => (state as { user?: { participantId?: string } }).user?.participantId === who(name).participantId);
    await eventually(() => present(fran, 'Polly') && present(polly, 'Pete') && readFeature(polly.doc, 'F-10'), { timeout: 10_000, what: () => 'presence and features did not cross the nodes' });

    const roundsPath = `/api/rooms/${people.roomId}/rounds`;
    const boardsShow = async (roundId: string, what: string, ok: (round: Round) => boolean) => {
      for (const client of [fran, pete, polly, otto]) {
        await eventually(() => { const round = readRound(client.doc, roundId); return round !== null && ok(round); }, { timeout: 10_000, what: () => `${what}: a board shows ${JSON.stringify(readRound(client.doc, roundId))}` });
      }
      for (const node of [a, b]) {
        await eventually(async () => { const answer = await api(node.url, `${roundsPath}/${roundId}`, { token: who('Otto').token }); return answer.status === 200 && ok(answer.json as Round); }, { timeout: 10_000, what: () => `${what}: node ${node.port} answers otherwise` });
      }
    };
    const names = (list: readonly { name: string }[]) => list.map((v) => v.name).sort();
    const vote = async (node: LadderServer, name: string, roundId: string, values: Record<string, number>) => {
      const answer = await api(node.url, `${roundsPath}/${roundId}/votes`, { token: who(name).token, body: { values } });
      expect(answer.status, `${name}'s vote on node ${node.port}: ${answer.text}`).toBe(204);
    };

    // A feature round opened on node A expects the three voters of both nodes; the observer does not count.
    const opened = await api(a.url, roundsPath, { token: who('Fran').token, body: { featureId: 'F-9' } });
    expect(opened.status, opened.text).toBe(201);
    const { roundId } = opened.json as { roundId: string };
    await boardsShow(roundId, 'nobody voted yet', (r) => r.status === 'open' && r.counts.voted === 0 && r.counts.expected === 3
      && JSON.stringify(names(r.expected)) === JSON.stringify(['Fran', 'Pete', 'Polly']));

    // Pete votes on node A: both nodes show one of three voted, by name, and no value anywhere.
    await vote(a, 'Pete', roundId, { userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 5 });
    await boardsShow(roundId, 'Pete voted', (r) => r.status === 'open' && r.counts.voted === 1 && r.counts.expected === 3
      && JSON.stringify(names(r.voted)) === JSON.stringify(['Pete']) && r.result === null);
    // Polly votes on node B: two of three, on both nodes.
    await vote(b, 'Polly', roundId, { userBusinessValue: 13, timeCriticality: 3, riskReduction: 2, jobSize: 8 });
    await boardsShow(roundId, 'Pete and Polly voted', (r) => r.status === 'open' && r.counts.voted === 2 && r.counts.expected === 3
      && JSON.stringify(names(r.voted)) === JSON.stringify(['Pete', 'Polly']) && r.result === null);

    // The reveal on node B shows the vote cast on node A, with name and role, on every board.
    const revealed = await api(b.url, `${roundsPath}/${roundId}/reveal`, { token: who('Fran').token, method: 'POST' });
    expect(revealed.status, revealed.text).toBe(200);
    const result = revealed.json as { votes: { name: string; role: string; values: Record<string, number> }[] };
    expect(result.votes.find((v) => v.name === 'Pete')).toEqual(expect.objectContaining({ role: 'product', values: { userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 5 } }));
    expect(result.votes.map((v) => v.name).sort()).toEqual(['Pete', 'Polly']);
    await boardsShow(roundId, 'the reveal', (r) => r.status === 'revealed' && r.counts.voted === 2 && r.result?.votes.length === 2
      && r.result.votes.find((v) => v.name === 'Pete')?.values.jobSize === 5);

    // A column round opened on node B with auto-reveal waits for the voter on the other node, then reveals on its own.
    const column = await api(b.url, roundsPath, { token: who('Fran').token, body: { featureIds: ['F-9', 'F-10'], component: 'jobSize', autoReveal: true } });
    expect(column.status, column.text).toBe(201);
    const columnId = (column.json as { roundId: string }).roundId;
    await boardsShow(columnId, 'the column round is open', (r) => r.kind === 'column' && r.status === 'open' && r.counts.expected === 3);
    await vote(a, 'Pete', columnId, { 'F-9': 1, 'F-10': 3 });
    await vote(a, 'Fran', columnId, { 'F-9': 1, 'F-10': 5 });
    await boardsShow(columnId, 'two of three voted in the column round', (r) => r.status === 'open' && r.counts.voted === 2 && r.counts.expected === 3);
    await vote(b, 'Polly', columnId, { 'F-9': 2, 'F-10': 1 });
    await boardsShow(columnId, 'the column round revealed itself', (r) => r.status === 'revealed' && r.counts.voted === 3
      && r.result?.consensus['F-9'] === 1 && r.result.consensus['F-10'] === 3);
  }, 120_000);
});
