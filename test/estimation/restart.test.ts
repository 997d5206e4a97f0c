import { afterAll, describe, expect, test } from 'vitest';
import { spawnLadder, type LadderProcess } from '../support/server';
import { estimationRoom, expectStatus, roundIdOf, roundsApi } from './support';
import { eventually } from '@ladder/testing';

const servers: LadderProcess[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop();
  servers[0]?.cleanup();
});

describe('estimation across a server restart', () => {
  test('votes survive SIGKILL mid-round; the reveal works after the restart; a countdown still reveals at its stored deadline', async () => {
    const first = await spawnLadder();
    servers.push(first);
    const { room, features } = await estimationRoom(first.url, { Fay: 'facilitator', Pia: 'product', Polly: 'portfolio' }, ['Checkout', 'Search']);
    let r = roundsApi(first.url, room);
    const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['jobSize', 'riskReduction'] }));
    const timed = roundIdOf(await r.open('Fay', { featureId: features.Search, components: ['jobSize'], timerSeconds: 3 }));
    expectStatus(await r.vote('Pia', roundId, { jobSize: 5, riskReduction: 2 }), 204);
    expectStatus(await r.vote('Polly', roundId, { jobSize: 8 }), 204);
    expectStatus(await r.vote('Pia', timed, { jobSize: 13 }), 204);
    await first.kill();

    const second = await spawnLadder({ dataDir: first.dataDir });
    servers.push(second);
    r = roundsApi(second.url, room);
    expect((await r.myVote('Pia', roundId)).json).toEqual({ roundId, values: { jobSize: 5, riskReduction: 2 } });
    const state = (await r.state('Fay', roundId)).json as { status: string; counts: { voted: number } };
    expect(state).toMatchObject({ status: 'open', counts: { voted: 2 } });
    const revealed = expectStatus(await r.reveal('Fay', roundId), 200).json as { votes: { name: string; values: object }[]; consensus: object };
    expect(revealed.votes.map((v) => [v.name, v.values]).sort()).toEqual([['Pia', { jobSize: 5, riskReduction: 2 }], ['Polly', { jobSize: 8 }]]);
    expect(revealed.consensus).toEqual({ jobSize: 8, riskReduction: 2 });
    // The countdown's deadline was in the document: after it has passed, the round is revealed.
    const timedState = await eventually(async () => {
      const s = (await r.state('Fay', timed)).json as { status: string; result: { consensus: object } | null };
      return s.status === 'revealed' ? s : null;
    }, { timeout: 15_000 });
    expect(timedState.result?.consensus).toEqual({ jobSize: 13 });
    expectStatus(await r.vote('Polly', timed, { jobSize: 1 }), 409, 'round_not_open');
  });
});
