import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { CLOSE, TokenSigner } from '@ladder/server';
import { eventually } from '@ladder/testing';
import { connectClient, mapPool } from '../support/clients';
import { api, member, roomWith, type ApiAnswer } from '../support/http';
import { createRoom, joinRoom, startLadder, TEST_SECRET, type LadderServer } from '../support/server';
import { openRaw } from '../support/wire';

// Access has a lifecycle (docs/operations.md, "Access"): rate limits on creating and joining rooms, invites that expire, a role's
// link rotated, a participant removed. Against real servers in this process.

const DAY = 86_400_000;
const signer = new TokenSigner(TEST_SECRET);

/** The server of the expiry, rotation and removal tests: default limits. */
let server: LadderServer;

beforeAll(async () => {
  server = await startLadder();
});

afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

/**
 * A server of its own for one test, with limits small enough to reach, refilled so slowly that nothing comes back
 * during the test (the counts are exact), trusting one proxy so that the test can speak from several addresses.
 */
async function withLimitedServer(test: (url: string) => Promise<void>, env: Record<string, string> = {}): Promise<void> {
  const limited = await startLadder({
    env: {
      LADDER_TRUST_PROXY: '1',
      LADDER_LIMIT_CREATE_BURST: '20', LADDER_LIMIT_CREATE_PER_SECOND: '0.0001',
      LADDER_LIMIT_CREATE_GLOBAL_BURST: '30', LADDER_LIMIT_CREATE_GLOBAL_PER_SECOND: '0.0001',
      LADDER_LIMIT_JOIN_BURST: '5', LADDER_LIMIT_JOIN_PER_SECOND: '0.0001',
      LADDER_LIMIT_JOIN_ROOM_BURST: '8', LADDER_LIMIT_JOIN_ROOM_PER_SECOND: '0.0001',
      LADDER_LIMIT_CONNECT_BURST: '3', LADDER_LIMIT_CONNECT_PER_SECOND: '0.0001',
      ...env,
    },
  });
  try {
    await test(limited.url);
  } finally {
    await limited.stop();
    limited.cleanup();
  }
}

const from = (address: string) => ({ 'x-forwarded-for': address });
const createFrom = (url: string, address: string | null, title = 'Flood') =>
  api(url, '/api/rooms', { body: { title }, ...(address ? { headers: from(address) } : {}) });
const joinFrom = (url: string, roomId: string, invite: string, name: string, address: string) =>
  api(url, `/api/rooms/${roomId}/join`, { body: { invite, name }, headers: from(address) });
const inviteOf = (link: string) => new URL(link).searchParams.get('invite') ?? '';

function expectRateLimited(answer: ApiAnswer): void {
  expect(answer.status).toBe(429);
  expect(answer.json).toEqual({ error: 'rate_limited', message: expect.stringMatching(/: try again in \d+ seconds?\.$/) as unknown });
}

/** The status of a WebSocket upgrade to the room: 101 when it opened (then closed again), otherwise the HTTP answer. */
function upgradeStatus(url: string, roomId: string, token: string, address: string): Promise<{ status: number; retryAfter: string | null }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/sync/${roomId}?token=${encodeURIComponent(token)}`, { headers: from(address) });
    ws.once('open', () => { ws.close(1000); resolve({ status: 101, retryAfter: null }); });
    ws.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0, retryAfter: String(response.headers['retry-after'] ?? '') || null });
      response.resume();
      ws.terminate();
    });
    ws.once('error', (error) => { if (ws.readyState !== WebSocket.CLOSED) reject(error); });
  });
}

describe('access: rate limits', () => {
  test('a room creation flood from one address gets 429 with Retry-After past its burst; another address and a join to an existing room still work', () => withLimitedServer(async (url) => {
    const existing = await createRoom(url, 'Our own room');
    // 1,352 rooms a second was the attack: here 200 at once from one address.
    const answers = await mapPool(Array.from({ length: 200 }, (_, i) => i), 50, () => createFrom(url, '198.51.100.7'));
    // The room created above came from the test's own address (no X-Forwarded-For: the socket's), not this one.
    expect(answers.filter((a) => a.status === 201)).toHaveLength(20);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(180);
    for (const answer of refused) expectRateLimited(answer);
    const raw = await fetch(`${url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json', ...from('198.51.100.7') }, body: '{"title":"again"}' });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await raw.text();
    // Another address still creates (until the global ceiling of 30, of which 21 are used).
    expect((await createFrom(url, '203.0.113.9')).status).toBe(201);
    // The company's own room is joined as ever while the flood is refused.
    const joined = await joinFrom(url, existing.roomId, existing.invites.product, 'Pat', '192.0.2.1');
    expect(joined.status).toBe(200);
    // The global ceiling: nine more from fresh addresses, then everyone is refused.
    for (let i = 0; i < 8; i++) expect((await createFrom(url, `203.0.113.${100 + i}`)).status).toBe(201);
    expectRateLimited(await createFrom(url, '203.0.113.200'));
  }));

  test('joins are limited per room and address and per room: one address cannot lock another room, nor other addresses below the room\'s ceiling', () => withLimitedServer(async (url) => {
    const room = await createRoom(url, 'Join flood');
    const other = await createRoom(url, 'Next door');
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await joinFrom(url, room.roomId, room.invites.observer, `Bot ${i}`, '198.51.100.20'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expectRateLimited(answers[5] as ApiAnswer);
    // The same address joins the room next door; another address joins this room.
    expect((await joinFrom(url, other.roomId, other.invites.observer, 'Bot next door', '198.51.100.20')).status).toBe(200);
    expect((await joinFrom(url, room.roomId, room.invites.product, 'Colleague', '192.0.2.44')).status).toBe(200);
    // The room's own ceiling (8 joins) holds every address back once reached.
    expect((await joinFrom(url, room.roomId, room.invites.product, 'Colleague 2', '192.0.2.45')).status).toBe(200);
    expect((await joinFrom(url, room.roomId, room.invites.product, 'Colleague 3', '192.0.2.46')).status).toBe(200);
    expectRateLimited(await joinFrom(url, room.roomId, room.invites.product, 'Colleague 4', '192.0.2.47'));
  }));

  test('WebSocket connects are limited per room and address: past the burst the upgrade is answered 429 with Retry-After', () => withLimitedServer(async (url) => {
    const room = await roomWith(url, { Fran: 'facilitator' }, 'Connect flood');
    const token = member(room, 'Fran').token;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await upgradeStatus(url, room.roomId, token, '198.51.100.30'));
    expect(statuses.map((s) => s.status)).toEqual([101, 101, 101, 429]);
    expect(Number(statuses[3]?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await upgradeStatus(url, room.roomId, token, '198.51.100.31')).status).toBe(101);
  }));

  test('with the default limits, a script creates 300 rooms in a row from 127.0.0.1 and joins 1,000 people into one of them', async () => {
    const script = await startLadder();
    try {
      const created = await mapPool(Array.from({ length: 300 }, (_, i) => i), 10, (i) => createFrom(script.url, null, `Script room ${i}`));
      expect(created.filter((a) => a.status !== 201).map((a) => a.status)).toEqual([]);
      const room = (created[0]?.json as { roomId: string; links: Record<string, string> });
      const invite = inviteOf(room.links.product as string);
      const joined = await mapPool(Array.from({ length: 1000 }, (_, i) => i), 20, (i) =>
        api(script.url, `/api/rooms/${room.roomId}/join`, { body: { invite, name: `Person ${i}` } }));
      expect(joined.filter((a) => a.status !== 200).map((a) => a.status)).toEqual([]);
    } finally {
      await script.stop();
      script.cleanup();
    }
  });
});

describe('access: invites expire', () => {
  test('the links a room hands out expire 30 days after they were made', async () => {
    const before = Date.now();
    const room = await createRoom(server.url, 'Expiry');
    for (const invite of Object.values(room.invites)) {
      const claims = signer.read(invite)?.claims;
      expect(claims?.kind).toBe('invite');
      const expiresAt = (claims as { expiresAt?: number }).expiresAt ?? 0;
      expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    }
  });

  test('an expired invite is refused with 401 and a message that says what to do, on the invite page and on join', async () => {
    const room = await createRoom(server.url, 'Expired');
    const expired = signer.sign({ kind: 'invite', roomId: room.roomId, role: 'product', expiresAt: Date.now() - 1 });
    // An invite from before invites carried an expiry counts from when it was signed: 31 days ago is past the 30.
    const oldAndExpired = signer.sign({ kind: 'invite', roomId: room.roomId, role: 'product' }, Date.now() - 31 * DAY);
    const message = 'This invite link has expired: ask the facilitator for a new one.';
    for (const invite of [expired, oldAndExpired]) {
      const info = await api(server.url, `/api/rooms/${room.roomId}/invite`, { token: invite });
      expect([info.status, info.json]).toEqual([401, { error: 'invite_expired', message }]);
      const join = await api(server.url, `/api/rooms/${room.roomId}/join`, { body: { invite, name: 'Late Larry' } });
      expect([join.status, join.json]).toEqual([401, { error: 'invite_expired', message }]);
    }
    // One of those old invites signed yesterday still opens the room.
    const oldButFresh = signer.sign({ kind: 'invite', roomId: room.roomId, role: 'product' }, Date.now() - DAY);
    expect((await api(server.url, `/api/rooms/${room.roomId}/join`, { body: { invite: oldButFresh, name: 'Early Erin' } })).status).toBe(200);
  });
});

describe('access: a role\'s link rotated', () => {
  test('after the facilitator rotates the product link, the old one is refused, the new one joins, other roles and people who joined go on', async () => {
    const room = await roomWith(server.url, { Fran: 'facilitator', Prue: 'product' }, 'Rotation');
    const fran = member(room, 'Fran').token;
    const rotated = await api(server.url, `/api/rooms/${room.roomId}/invites/product/rotate`, { token: fran, method: 'POST' });
    expect(rotated.status).toBe(200);
    const answer = rotated.json as { roomId: string; role: string; generation: number; links: Record<string, string> };
    expect([answer.roomId, answer.role, answer.generation]).toEqual([room.roomId, 'product', 1]);
    expect(Object.keys(answer.links)).toEqual(['facilitator', 'product', 'portfolio', 'observer']);

    const replaced = 'This invite link was replaced by a new one: ask the facilitator for the new link.';
    const oldInfo = await api(server.url, `/api/rooms/${room.roomId}/invite`, { token: room.invites.product });
    expect([oldInfo.status, oldInfo.json]).toEqual([401, { error: 'invite_replaced', message: replaced }]);
    const oldJoin = await api(server.url, `/api/rooms/${room.roomId}/join`, { body: { invite: room.invites.product, name: 'Mallory' } });
    expect([oldJoin.status, oldJoin.json]).toEqual([401, { error: 'invite_replaced', message: replaced }]);

    const newInvite = inviteOf(answer.links.product as string);
    expect((await api(server.url, `/api/rooms/${room.roomId}/invite`, { token: newInvite })).json).toEqual({ roomId: room.roomId, title: 'Rotation', role: 'product' });
    expect((await joinRoom(server.url, room.roomId, newInvite, 'Newcomer')).role).toBe('product');
    // The other roles' old links, the links the facilitator reads again, and Prue who joined before: all as they were.
    expect((await joinRoom(server.url, room.roomId, room.invites.portfolio, 'Pete')).role).toBe('portfolio');
    const again = (await api(server.url, `/api/rooms/${room.roomId}/invites`, { token: fran })).json as { links: Record<string, string> };
    expect((await joinRoom(server.url, room.roomId, inviteOf(again.links.product as string), 'Reader')).role).toBe('product');
    expect((await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Prue').token })).status).toBe(200);
    // Rotated once more: the link of generation 1 goes too.
    await api(server.url, `/api/rooms/${room.roomId}/invites/product/rotate`, { token: fran, method: 'POST' });
    expect((await api(server.url, `/api/rooms/${room.roomId}/invite`, { token: newInvite })).status).toBe(401);
  });

  test('only the facilitator rotates, and only a role that exists', async () => {
    const room = await roomWith(server.url, { Fran: 'facilitator', Prue: 'product' }, 'Rotation rights');
    const rotate = (token: string | null, role = 'observer') => api(server.url, `/api/rooms/${room.roomId}/invites/${role}/rotate`, { token, method: 'POST' });
    expect((await rotate(member(room, 'Prue').token)).status).toBe(403);
    expect((await rotate(null)).status).toBe(401);
    expect((await rotate(room.invites.facilitator)).status).toBe(401);
    const unknown = await rotate(member(room, 'Fran').token, 'admin');
    expect([unknown.status, (unknown.json as { error: string }).error]).toEqual([400, 'unknown_role']);
    // Nothing was rotated by the refused calls.
    expect((await joinRoom(server.url, room.roomId, room.invites.observer, 'Olga')).role).toBe('observer');
  });
});

describe('access: a participant removed', () => {
  test('a removed participant\'s open socket closes with 4410, their token is refused on HTTP and WebSocket, the others go on', async () => {
    const room = await roomWith(server.url, { Fran: 'facilitator', Prue: 'product', Pete: 'portfolio' }, 'Removal');
    const fran = member(room, 'Fran').token;
    const prue = member(room, 'Prue');
    const prueClient = connectClient(server.wsUrl, room.roomId, prue.token);
    const peteClient = connectClient(server.wsUrl, room.roomId, member(room, 'Pete').token);
    const prueRaw = await openRaw(server.wsUrl, room.roomId, prue.token);
    try {
      await Promise.all([prueClient.synced, peteClient.synced]);
      expect(await prueRaw.probe()).not.toBeNull();

      const revoked = await api(server.url, `/api/rooms/${room.roomId}/participants/${prue.participantId}/revoke`, { token: fran, method: 'POST' });
      expect(revoked.status).toBe(200);
      expect(revoked.json).toMatchObject({ participantId: prue.participantId, name: 'Prue', role: 'product', revoked: true });

      const reason = 'The facilitator removed you from this room.';
      expect(await prueRaw.closed).toEqual({ code: CLOSE.REVOKED, reason });
      await eventually(() => prueClient.closes, { until: (c) => c.some((x) => x.code === 4410), what: 'the stock client closed with 4410' });
      expect(prueClient.closes.at(-1)).toEqual({ code: 4410, reason });

      const refusal = 'The facilitator removed you from this room: ask them for a new invite link if you should be here.';
      for (const path of ['ranking', 'participants', 'history', 'export.csv']) {
        const answer = await api(server.url, `/api/rooms/${room.roomId}/${path}`, { token: prue.token });
        expect([path, answer.status, answer.json]).toEqual([path, 401, { error: 'revoked', message: refusal }]);
      }
      const again = await openRaw(server.wsUrl, room.roomId, prue.token);
      expect(await again.closed).toEqual({ code: 4410, reason });

      const roster = (await api(server.url, `/api/rooms/${room.roomId}/participants`, { token: fran })).json as { participants: { name: string; revoked: boolean; revokedAt?: number }[] };
      // Joined within the same millisecond, their order is not fixed: compared by name.
      expect(roster.participants.map((p) => [p.name, p.revoked]).sort()).toEqual([['Fran', false], ['Pete', false], ['Prue', true]]);
      expect(typeof roster.participants.find((p) => p.name === 'Prue')?.revokedAt).toBe('number');
      // Pete's client stays connected.
      expect(peteClient.closes).toEqual([]);
      expect(peteClient.provider.wsconnected).toBe(true);
    } finally {
      prueClient.destroy();
      peteClient.destroy();
      await prueRaw.close();
    }
  });

  test('only the facilitator removes; an unknown participant is 404; the last facilitator cannot remove themself, one of two can', async () => {
    const room = await roomWith(server.url, { Fran: 'facilitator', Prue: 'product' }, 'Removal rights');
    const fran = member(room, 'Fran');
    const revoke = (token: string, participantId: string) =>
      api(server.url, `/api/rooms/${room.roomId}/participants/${participantId}/revoke`, { token, method: 'POST' });
    expect((await revoke(member(room, 'Prue').token, fran.participantId)).status).toBe(403);
    const unknown = await revoke(fran.token, 'nobodyNobodyNob1');
    expect([unknown.status, (unknown.json as { error: string }).error]).toEqual([404, 'participant_not_found']);
    const last = await revoke(fran.token, fran.participantId);
    expect([last.status, (last.json as { error: string }).error]).toEqual([409, 'last_facilitator']);
    expect((await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: fran.token })).status).toBe(200);

    const second = await joinRoom(server.url, room.roomId, room.invites.facilitator, 'Fiona');
    expect((await revoke(fran.token, fran.participantId)).status).toBe(200);
    expect((await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: fran.token })).status).toBe(401);
    // Removing again answers the same, with the first time kept.
    const first = (await api(server.url, `/api/rooms/${room.roomId}/participants`, { token: second.token })).json as { participants: { participantId: string; revokedAt?: number }[] };
    const repeated = await revoke(second.token, fran.participantId);
    expect(repeated.status).toBe(200);
    expect((repeated.json as { revokedAt: number }).revokedAt).toBe(first.participants.find((p) => p.participantId === fran.participantId)?.revokedAt);
  });
});
