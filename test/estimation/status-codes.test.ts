import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, type RoomWithPeople } from '../support/http';
import { startLadder, type LadderServer } from '../support/server';
import { estimationRoom, expectStatus, roundIdOf, roundsApi } from './support';

let server: LadderServer;
let room: RoomWithPeople;
let other: RoomWithPeople;
let features: Record<string, string>;
let r: ReturnType<typeof roundsApi>;

beforeAll(async () => {
  server = await startLadder();
  ({ room, features } = await estimationRoom(server.url, { Fay: 'facilitator', Pia: 'product', Polly: 'portfolio', Otto: 'observer' }, ['Checkout', 'Search']));
  ({ room: other } = await estimationRoom(server.url, { Fred: 'facilitator' }, ['Elsewhere']));
  r = roundsApi(server.url, room);
});

afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

const fakeRound = 'AAAAAAAAAAAA';

describe('rounds API status codes', () => {
  test('POST rounds: 201 for the facilitator; 400 bad body or unknown feature; 401 no token; 403 other roles; 404 unknown room', async () => {
    roundIdOf(await r.open('Fay', { featureId: features.Checkout }));
    roundIdOf(await r.open('Fay', { featureId: features.Search, components: ['jobSize'], autoReveal: true, timerSeconds: 600 }));
    roundIdOf(await r.open('Fay', { featureIds: [features.Checkout, features.Search], component: 'jobSize' }));
    expectStatus(await r.open('Fay', { featureId: features.Checkout, components: ['size'] }), 400);
    expectStatus(await r.open('Fay', { featureId: features.Checkout, components: [] }), 400);
    expectStatus(await r.open('Fay', { featureId: 'F-nope' }), 400, 'unknown_feature');
    expectStatus(await r.open('Fay', { featureIds: [features.Checkout], component: 'jobSize' }), 400);
    const both = expectStatus(await r.open('Fay', { featureId: features.Checkout, featureIds: [features.Search, features.Checkout], component: 'jobSize' }), 400);
    expect((both.json as { message: string }).message).toMatch(/not both/);
    expectStatus(await r.open('Fay', 'not json'), 400);
    expectStatus(await r.open(null, { featureId: features.Checkout }), 401);
    for (const name of ['Pia', 'Polly', 'Otto']) expectStatus(await r.open(name, { featureId: features.Checkout }), 403);
    const foreign = await api(server.url, `/api/rooms/${other.roomId}/rounds`, { token: room.people.Fay?.token ?? '', body: { featureId: features.Checkout } });
    expectStatus(foreign, 403);
    expectStatus(await api(server.url, '/api/rooms/AAAAAAAAAAAAAAAAAAAAAA/rounds', { token: room.people.Fay?.token ?? '', body: { featureId: 'x' } }), 404);
  });

  test('POST votes: 204 for facilitator, product and portfolio; 400 off scale or unknown component; 401; 403 observer; 404 unknown round; 409 after the reveal', async () => {
    const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['jobSize', 'riskReduction'] }));
    expectStatus(await r.vote('Fay', roundId, { jobSize: 3 }), 204);
    expectStatus(await r.vote('Pia', roundId, { jobSize: 5, riskReduction: 1 }), 204);
    expectStatus(await r.vote('Polly', roundId, { riskReduction: 2 }), 204);
    expectStatus(await r.vote('Pia', roundId, { jobSize: 4 }), 400, 'off_scale');
    expectStatus(await r.vote('Pia', roundId, { timeCriticality: 3 }), 400, 'unknown_component');
    expectStatus(await r.vote('Pia', roundId, {}), 400);
    expectStatus(await r.vote('Pia', roundId, { jobSize: 'five' }), 400);
    expectStatus(await r.vote(null, roundId, { jobSize: 3 }), 401);
    expectStatus(await r.vote('Otto', roundId, { jobSize: 3 }), 403);
    expectStatus(await r.vote('Pia', fakeRound, { jobSize: 3 }), 404, 'round_not_found');
    expectStatus(await r.vote('Pia', 'not-a-round-id', { jobSize: 3 }), 404, 'round_not_found');
    expectStatus(await r.reveal('Fay', roundId), 200);
    expectStatus(await r.vote('Pia', roundId, { jobSize: 3 }), 409, 'round_not_open');
  });

  test('POST reveal: 200 and idempotent for the facilitator; 401; 403 other roles; 404 unknown round', async () => {
    const roundId = roundIdOf(await r.open('Fay', { featureId: features.Search }));
    expectStatus(await r.vote('Pia', roundId, { userBusinessValue: 8, jobSize: 2 }), 204);
    expectStatus(await r.vote('Polly', roundId, { userBusinessValue: 13, jobSize: 3 }), 204);
    expectStatus(await r.reveal(null, roundId), 401);
    for (const name of ['Pia', 'Polly', 'Otto']) expectStatus(await r.reveal(name, roundId), 403);
    expectStatus(await r.reveal('Fay', fakeRound), 404);
    const first = expectStatus(await r.reveal('Fay', roundId), 200);
    const second = expectStatus(await r.reveal('Fay', roundId), 200);
    expect(second.json).toEqual(first.json);
    const body = first.json as { votes: { name: string; role: string; values: Record<string, number> }[]; consensus: Record<string, number>; spread: Record<string, number> };
    expect(body.votes.map((v) => [v.name, v.role, v.values]).sort()).toEqual([['Pia', 'product', { userBusinessValue: 8, jobSize: 2 }], ['Polly', 'portfolio', { userBusinessValue: 13, jobSize: 3 }]]);
    expect(body.consensus).toEqual({ userBusinessValue: 13, jobSize: 3 });
    expect(body.spread).toEqual({ userBusinessValue: 1, jobSize: 1 });
  });

  test('POST accept: 409 before the reveal, 200 after, 400 off-scale values, 401, 403, 404, 409 twice or on a closed round', async () => {
    const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['timeCriticality'] }));
    expectStatus(await r.vote('Pia', roundId, { timeCriticality: 5 }), 204);
    expectStatus(await r.accept('Fay', roundId), 409, 'round_not_revealed');
    expectStatus(await r.reveal('Fay', roundId), 200);
    expectStatus(await r.accept(null, roundId), 401);
    for (const name of ['Pia', 'Polly', 'Otto']) expectStatus(await r.accept(name, roundId), 403);
    expectStatus(await r.accept('Fay', fakeRound), 404);
    expectStatus(await r.accept('Fay', roundId, { values: { timeCriticality: 6 } }), 400, 'off_scale');
    expectStatus(await r.accept('Fay', roundId, { values: { jobSize: 5 } }), 400, 'unknown_component');
    const accepted = expectStatus(await r.accept('Fay', roundId, { values: { timeCriticality: 8 } }), 200);
    expect(accepted.json).toMatchObject({ roundId, status: 'accepted', values: { timeCriticality: 8 } });
    expectStatus(await r.accept('Fay', roundId), 409, 'round_accepted');
    // Re-vote: a new round on the same feature closes the old live one.
    const first = roundIdOf(await r.open('Fay', { featureId: features.Search, components: ['riskReduction'] }));
    const again = roundIdOf(await r.open('Fay', { featureId: features.Search, components: ['riskReduction'] }));
    expect((await r.state('Pia', first)).json).toMatchObject({ status: 'closed' });
    expect((await r.state('Pia', again)).json).toMatchObject({ status: 'open' });
    expectStatus(await r.vote('Pia', first, { riskReduction: 3 }), 409, 'round_closed');
    expectStatus(await r.reveal('Fay', first), 409, 'round_closed');
    expectStatus(await r.accept('Fay', first), 409, 'round_closed');
  });

  test('POST accept with a JSON content type and an empty body accepts the consensus (the body is optional)', async () => {
    const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['riskReduction'] }));
    expectStatus(await r.vote('Pia', roundId, { riskReduction: 3 }), 204);
    expectStatus(await r.reveal('Fay', roundId), 200);
    const accepted = await api(server.url, `/api/rooms/${room.roomId}/rounds/${roundId}/accept`,
      { token: room.people.Fay?.token ?? '', body: '', contentType: 'application/json' });
    expectStatus(accepted, 200);
    expect(accepted.json).toMatchObject({ roundId, status: 'accepted', values: { riskReduction: 3 } });
  });

  test('GET my-vote echoes only the caller\'s own vote', async () => {
    const roundId = roundIdOf(await r.open('Fay', { featureId: features.Checkout, components: ['userBusinessValue'] }));
    expectStatus(await r.vote('Pia', roundId, { userBusinessValue: 13 }), 204);
    expect((await r.myVote('Pia', roundId)).json).toEqual({ roundId, values: { userBusinessValue: 13 } });
    expect((await r.myVote('Polly', roundId)).json).toEqual({ roundId, values: null });
    expect((await r.myVote('Otto', roundId)).json).toEqual({ roundId, values: null });
    expectStatus(await r.myVote(null, roundId), 401);
  });
});
