import { describe, expect, test } from 'vitest';
import { useLadder } from '../support/use-ladder';
import { estimationRoom, expectStatus, roundIdOf, roundsApi } from './support';

const server = useLadder();

describe('accepting a round', () => {
  test('a component the round did not estimate is refused, naming what the round estimated (a vote is past)', async () => {
    const { room, features } = await estimationRoom(server.url, { Fay: 'facilitator', Pia: 'product' }, ['Checkout']);
    const r = roundsApi(server.url, room);
    const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['jobSize', 'riskReduction'] }));
    // While the round is open, a vote on something else is told what to vote on.
    const vote = expectStatus(await r.vote('Pia', roundId, { timeCriticality: 3 }), 400, 'unknown_component');
    expect((vote.json as { message: string }).message).toBe('"timeCriticality" is not estimated in this round; vote on jobSize, riskReduction.');
    expectStatus(await r.vote('Pia', roundId, { jobSize: 3, riskReduction: 5 }), 204);
    expectStatus(await r.reveal('Fay', roundId), 200);
    const accept = expectStatus(await r.accept('Fay', roundId, { values: { jobSize: 3, timeCriticality: 8 } }), 400, 'unknown_component');
    expect((accept.json as { message: string }).message).toBe('"timeCriticality" is not estimated in this round; this round estimated jobSize, riskReduction.');
    // Nothing was written: the round can still be accepted.
    expectStatus(await r.accept('Fay', roundId, { values: { jobSize: 3, riskReduction: 5 } }), 200);
  });
});
