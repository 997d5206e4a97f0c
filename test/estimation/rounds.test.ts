import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { readRound, roundsMap } from '@ladder/board-doc';
import { connectClient, mapPool } from '../support/clients';
import { api, member } from '../support/http';
import { joinRoom, type Participant } from '../support/server';
import { estimationRoom, expectStatus, roundIdOf, roundsApi } from './support';
import { useLadder } from '../support/use-ladder';
import { eventually } from '@ladder/testing';

const server = useLadder();

interface Reveal { votes: { participantId: string; name: string; role: string; values: Record<string, number> }[]; consensus: Record<string, number>; spread: Record<string, number>; discuss: Record<string, { discuss: boolean; lowest: { name: string }[]; highest: { name: string }[] }>; byRole: Record<string, Record<string, number>> }

describe('estimation rounds', () => {
  test('fifty voters vote at once: every vote is counted once, the last vote of each counts, and the reveal shows them all', async () => {
    const { room, features } = await estimationRoom(server.url, { Fay: 'facilitator' }, ['Checkout']);
    const invite = room.invites;
    const roles = ['product', 'portfolio'] as const;
    const voters: (Participant & { name: string })[] = await mapPool(Array.from({ length: 50 }, (_, i) => i), 10, async (i) => {
      const link = new URL(room.links[roles[i % 2] as 'product' | 'portfolio']).searchParams.get('invite') ?? invite.facilitator;
      return { ...(await joinRoom(server.url, room.roomId, link, `Voter ${i}`)), name: `Voter ${i}` };
    });
    const r = roundsApi(server.url, room);
    const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['jobSize'] }));
    const path = `/api/rooms/${room.roomId}/rounds/${roundId}/votes`;
    // Everyone votes twice, concurrently: first 20, then their real vote (1, 2 or 3).
    const first = await Promise.all(voters.map((v) => api(server.url, path, { token: v.token, body: { values: { jobSize: 20 } } })));
    const second = await Promise.all(voters.map((v, i) => api(server.url, path, { token: v.token, body: { values: { jobSize: [1, 2, 3][i % 3] } } })));
    for (const answer of [...first, ...second]) expectStatus(answer, 204);
    const state = (await r.state('Fay', roundId)).json as { counts: { voted: number }; voted: { participantId: string }[] };
    expect(state.counts.voted).toBe(50);
    expect(new Set(state.voted.map((v) => v.participantId)).size).toBe(50);
    const revealed = expectStatus(await r.reveal('Fay', roundId), 200).json as Reveal;
    expect(revealed.votes).toHaveLength(50);
    expect(new Set(revealed.votes.map((v) => v.participantId))).toEqual(new Set(voters.map((v) => v.participantId)));
    for (const vote of revealed.votes) {
      const i = Number(vote.name.replace('Voter ', ''));
      expect(vote.values).toEqual({ jobSize: [1, 2, 3][i % 3] });
      expect(vote.role).toBe(roles[i % 2]);
    }
    expect(revealed.consensus).toEqual({ jobSize: 2 });
    expect(revealed.spread).toEqual({ jobSize: 2 });
  });

  test('all or nothing: votes racing the reveal are either in the revealed result or refused with 409, never lost', async () => {
    const { room, features } = await estimationRoom(server.url, { Fay: 'facilitator', Pia: 'product' }, ['Checkout']);
    const voters = await mapPool(Array.from({ length: 30 }, (_, i) => i), 10, async (i) => ({
      ...(await joinRoom(server.url, room.roomId, new URL(room.links.portfolio).searchParams.get('invite') ?? '', `P${i}`)), name: `P${i}`,
    }));
    const r = roundsApi(server.url, room);
    const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['riskReduction'] }));
    const path = `/api/rooms/${room.roomId}/rounds/${roundId}/votes`;
    const votes = voters.map((v) => api(server.url, path, { token: v.token, body: { values: { riskReduction: 5 } } }));
    const reveal = r.reveal('Fay', roundId);
    const answers = await Promise.all(votes);
    const revealed = expectStatus(await reveal, 200).json as Reveal;
    const accepted = voters.filter((_, i) => answers[i]?.status === 204).map((v) => v.participantId).sort();
    const refused = answers.filter((a) => a.status === 409).length;
    expect(accepted.length + refused).toBe(voters.length);
    expect(revealed.votes.map((v) => v.participantId).sort()).toEqual(accepted);
    // The document holds exactly the same result as the answer.
    expect(((await r.state('Pia', roundId)).json as { result: Reveal }).result.votes).toHaveLength(accepted.length);
  });

  test('accept writes the consensus into the feature, the ranking follows, and history names the round', async () => {
    const { room, features } = await estimationRoom(server.url, { Fay: 'facilitator', Pia: 'product', Polly: 'portfolio' }, ['Checkout', 'Search']);
    const r = roundsApi(server.url, room);
    const roundId = roundIdOf(await r.open('Fay', { featureId: features.Search }));
    expectStatus(await r.vote('Pia', roundId, { userBusinessValue: 20, timeCriticality: 8, riskReduction: 1, jobSize: 2 }), 204);
    expectStatus(await r.vote('Polly', roundId, { userBusinessValue: 2, timeCriticality: 8, riskReduction: 3, jobSize: 3 }), 204);
    const revealed = expectStatus(await r.reveal('Fay', roundId), 200).json as Reveal;
    expect(revealed.consensus).toEqual({ userBusinessValue: 13, timeCriticality: 8, riskReduction: 2, jobSize: 3 });
    expect(revealed.discuss.userBusinessValue).toMatchObject({ discuss: true, lowest: [{ name: 'Polly' }], highest: [{ name: 'Pia' }] });
    expect(revealed.byRole).toEqual({ product: { userBusinessValue: 20, timeCriticality: 8, riskReduction: 1, jobSize: 2 }, portfolio: { userBusinessValue: 2, timeCriticality: 8, riskReduction: 3, jobSize: 3 } });
    expectStatus(await r.accept('Fay', roundId), 200);
    const ranking = (await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Pia').token })).json as { features: { id: string; rank: number | null; wsjf: number | null }[] };
    expect(ranking.features[0]).toMatchObject({ id: features.Search, rank: 1, wsjf: (13 + 8 + 2) / 3 });
    const history = (await api(server.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Pia').token })).json as { events: { featureId: string; field: string | null; to: unknown; roundId?: string; name: string }[] };
    const fromRound = history.events.filter((e) => e.roundId === roundId);
    expect(fromRound.map((e) => [e.field, e.to]).sort()).toEqual([['jobSize', 3], ['riskReduction', 2], ['timeCriticality', 8], ['userBusinessValue', 13]]);
    expect(fromRound.every((e) => e.featureId === features.Search && e.name === 'Fay')).toBe(true);
    expect(history.events.filter((e) => e.field === 'title' || e.roundId === undefined).every((e) => !('roundId' in e))).toBe(true);
  });

  test('a column round estimates one component across features relative to the smallest, and accept writes each feature', async () => {
    const { room, features } = await estimationRoom(server.url, { Fay: 'facilitator', Pia: 'product', Polly: 'portfolio' }, ['A', 'B', 'C']);
    const r = roundsApi(server.url, room);
    const roundId = roundIdOf(await r.open('Fay', { featureIds: [features.A, features.B, features.C], component: 'jobSize' }));
    const unanchored = expectStatus(await r.vote('Pia', roundId, { [features.A as string]: 2, [features.B as string]: 3, [features.C as string]: 5 }), 400, 'no_anchor');
    // The voter is told exactly which value to change.
    expect((unanchored.json as { message: string }).message).toMatch(/Your lowest is A at 2: change it to 1/);
    expectStatus(await r.vote('Pia', roundId, { jobSize: 3 }), 400, 'unknown_component');
    expectStatus(await r.vote('Pia', roundId, { [features.A as string]: 1, [features.B as string]: 3, [features.C as string]: 8 }), 204);
    expectStatus(await r.vote('Polly', roundId, { [features.A as string]: 1, [features.B as string]: 5 }), 204);
    const revealed = expectStatus(await r.reveal('Fay', roundId), 200).json as Reveal;
    expect(revealed.consensus).toEqual({ [features.A as string]: 1, [features.B as string]: 5, [features.C as string]: 8 });
    expectStatus(await r.accept('Fay', roundId), 200);
    const ranking = (await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Pia').token })).json as { features: { id: string; jobSize: number | null }[] };
    expect(Object.fromEntries(ranking.features.map((f) => [f.id, f.jobSize]))).toEqual({ [features.A as string]: 1, [features.B as string]: 5, [features.C as string]: 8 });
  });

  test('autoReveal reveals when every voter connected at the start has voted; the document shows who voted, then the result', async () => {
    const { room, features } = await estimationRoom(server.url, { Fay: 'facilitator', Pia: 'product', Polly: 'portfolio', Otto: 'observer' }, ['Checkout']);
    const clients = ['Pia', 'Polly', 'Otto'].map((name) => connectClient(server.wsUrl, room.roomId, member(room, name).token));
    try {
      await Promise.all(clients.map((c) => c.synced));
      const observer = clients[2]?.doc as Y.Doc;
      const r = roundsApi(server.url, room);
      const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['jobSize'], autoReveal: true }));
      await eventually(() => readRound(observer, roundId)?.counts.expected === 2);
      expect(readRound(observer, roundId)?.expected.map((v) => v.name).sort()).toEqual(['Pia', 'Polly']);
      expectStatus(await r.vote('Pia', roundId, { jobSize: 5 }), 204);
      await eventually(() => readRound(observer, roundId)?.counts.voted === 1);
      expect(readRound(observer, roundId)).toMatchObject({ status: 'open', result: null, voted: [{ name: 'Pia', role: 'product' }] });
      expectStatus(await r.vote('Polly', roundId, { jobSize: 8 }), 204);
      const round = await eventually(() => { const s = readRound(observer, roundId); return s?.status === 'revealed' ? s : null; });
      expect(round.result?.consensus).toEqual({ jobSize: 8 });
      // A voter who reloads sends back everything it had, deletions in rounds included: that is not a write into rounds.
      const pia = clients[0] as (typeof clients)[number];
      await eventually(() => readRound(pia.doc, roundId)?.status === 'revealed');
      const reloaded = connectClient(server.wsUrl, room.roomId, member(room, 'Pia').token, { initial: Y.encodeStateAsUpdate(pia.doc) });
      clients.push(reloaded);
      await reloaded.synced;
      expectStatus(await r.accept('Fay', roundId), 200);
      await eventually(() => readRound(reloaded.doc, roundId)?.status === 'accepted');
      expect(reloaded.closes).toEqual([]);
    } finally {
      for (const c of clients) c.destroy();
    }
  });

  test('autoReveal waits until every voter has a value for every component: a first pick alone reveals nothing', async () => {
    const { room, features } = await estimationRoom(server.url, { Fay: 'facilitator', Pia: 'product', Polly: 'portfolio' }, ['Checkout']);
    const clients = ['Pia', 'Polly'].map((name) => connectClient(server.wsUrl, room.roomId, member(room, name).token));
    try {
      await Promise.all(clients.map((c) => c.synced));
      const doc = clients[0]?.doc as Y.Doc;
      const r = roundsApi(server.url, room);
      const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['timeCriticality', 'jobSize'], autoReveal: true }));
      await eventually(() => readRound(doc, roundId)?.counts.expected === 2);
      expectStatus(await r.vote('Pia', roundId, { timeCriticality: 3, jobSize: 5 }), 204);
      // Polly's first pick: stored, but the round stays open for her second.
      expectStatus(await r.vote('Polly', roundId, { timeCriticality: 8 }), 204);
      await eventually(() => readRound(doc, roundId)?.counts.voted === 2);
      expect(readRound(doc, roundId)?.status).toBe('open');
      expectStatus(await r.vote('Polly', roundId, { timeCriticality: 8, jobSize: 13 }), 204);
      const round = await eventually(() => { const s = readRound(doc, roundId); return s?.status === 'revealed' ? s : null; });
      expect(round.result?.votes.map((v) => v.values).sort((a, b) => (a.jobSize ?? 0) - (b.jobSize ?? 0))).toEqual([{ timeCriticality: 3, jobSize: 5 }, { timeCriticality: 8, jobSize: 13 }]);
    } finally {
      for (const c of clients) c.destroy();
    }
  });

  test('a countdown reveals the round at its deadline on its own, seen by a connected client', async () => {
    const { room, features } = await estimationRoom(server.url, { Fay: 'facilitator', Pia: 'product' }, ['Checkout']);
    const pia = connectClient(server.wsUrl, room.roomId, member(room, 'Pia').token);
    try {
      await pia.synced;
      const r = roundsApi(server.url, room);
      const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['timeCriticality'], timerSeconds: 1 }));
      expectStatus(await r.vote('Pia', roundId, { timeCriticality: 3 }), 204);
      const open = await eventually(() => readRound(pia.doc, roundId));
      expect(open.deadline).toBe(open.createdAt + 1000);
      const round = await eventually(() => { const s = readRound(pia.doc, roundId); return s?.status === 'revealed' ? s : null; }, { timeout: 10_000 });
      expect(round.result?.consensus).toEqual({ timeCriticality: 3 });
    } finally {
      pia.destroy();
    }
  });

  test('a client that writes into rounds is cut off and its change is not applied', async () => {
    const { room, features } = await estimationRoom(server.url, { Fay: 'facilitator', Pia: 'product' }, ['Checkout']);
    const r = roundsApi(server.url, room);
    const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['jobSize'] }));
    const pia = connectClient(server.wsUrl, room.roomId, member(room, 'Pia').token);
    try {
      await pia.synced;
      await eventually(() => readRound(pia.doc, roundId));
      (roundsMap(pia.doc).get(roundId) as Y.Map<unknown>).set('status', 'revealed');
      await eventually(() => pia.closes.length > 0);
      expect(pia.closes[0]?.code).toBe(4403);
      expect(((await r.state('Fay', roundId)).json as { status: string }).status).toBe('open');
    } finally {
      pia.destroy();
    }
  });
});
