import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLadder, type LadderServer, type Role } from '../support/server';
import { api, errorShapeProblem, looksLikeStackTrace, member, postLarge, roomWith, type ApiAnswer, type RoomWithPeople } from '../support/http';

// Every HTTP endpoint of CONTRACT.md (estimation rounds aside), and the history routes of the README, × every kind of caller.

type Caller = Role | 'none' | 'garbage' | 'invite' | 'otherRoom';
const CALLERS: Caller[] = ['facilitator', 'product', 'portfolio', 'observer', 'none', 'garbage', 'invite', 'otherRoom'];
const NAMES: Record<Role, string> = { facilitator: 'Fran', product: 'Prue', portfolio: 'Pete', observer: 'Olga' };

let server: LadderServer;
/** A second server with the same secret: its rooms' tokens are genuine, but the rooms are unknown to `server`. */
let sibling: LadderServer;
let room: RoomWithPeople;
let other: RoomWithPeople;
let elsewhere: RoomWithPeople;

beforeAll(async () => {
  [server, sibling] = await Promise.all([startLadder(), startLadder({ env: { PUBLIC_URL: 'https://ladder.example.com/' } })]);
  room = await roomWith(server.url, { Fran: 'facilitator', Prue: 'product', Pete: 'portfolio', Olga: 'observer' });
  other = await roomWith(server.url, { Otto: 'facilitator' }, 'Another train');
  elsewhere = await roomWith(sibling.url, { Elsa: 'facilitator' }, 'Elsewhere');
});

afterAll(async () => {
  for (const s of [server, sibling]) {
    await s?.stop();
    s?.cleanup();
  }
});

function tokenOf(caller: Caller): string | null {
  switch (caller) {
    case 'none': return null;
    case 'garbage': return 'not-a-token.at-all';
    case 'invite': return room.invites.facilitator;
    case 'otherRoom': return member(other, 'Otto').token;
    default: return member(room, NAMES[caller]).token;
  }
}

/** The answer is what the contract says: this status, a JSON error body for errors, never a stack trace. */
function expectAnswer(answer: ApiAnswer, expected: number | number[], what: string): void {
  const allowed = Array.isArray(expected) ? expected : [expected];
  expect(allowed, `${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`).toContain(answer.status);
  expect(looksLikeStackTrace(answer.text), `${what} leaks a stack trace: ${answer.text.slice(0, 300)}`).toBe(false);
  if (answer.status >= 400) expect(errorShapeProblem(answer), what).toBeNull();
}

const csv = (key: string) => `Issue key,Summary,Business Value,Time Criticality,Risk Reduction,Job Size\n${key},Imported ${key},8,3,2,5\n`;

interface Endpoint {
  label: string;
  call: (token: string | null, roomId: string, caller: string) => Promise<ApiAnswer>;
  /** Status for participants of the room, by role. */
  ok: Record<Role, number>;
}

const readOnly = { facilitator: 200, product: 200, portfolio: 200, observer: 200 };
const ENDPOINTS: Endpoint[] = [
  { label: 'GET /api/rooms/:roomId/ranking', ok: readOnly, call: (token, id) => api(server.url, `/api/rooms/${id}/ranking`, { token }) },
  { label: 'GET /api/rooms/:roomId/history', ok: readOnly, call: (token, id) => api(server.url, `/api/rooms/${id}/history`, { token }) },
  {
    label: 'GET /api/rooms/:roomId/history/state?seq=', ok: readOnly,
    call: (token, id) => api(server.url, `/api/rooms/${id}/history/state?seq=1`, { token }),
  },
  {
    label: 'GET /api/rooms/:roomId/history/state?at=', ok: readOnly,
    call: (token, id) => api(server.url, `/api/rooms/${id}/history/state?at=${Date.now()}`, { token }),
  },
  { label: 'GET /api/rooms/:roomId/export.csv', ok: readOnly, call: (token, id) => api(server.url, `/api/rooms/${id}/export.csv`, { token }) },
  // The replay and export routes the history view uses (docs/api.md, "History API").
  { label: 'GET /api/rooms/:roomId/history/doc?seq=', ok: readOnly, call: (token, id) => api(server.url, `/api/rooms/${id}/history/doc?seq=1`, { token }) },
  { label: 'GET /api/rooms/:roomId/history/timeline', ok: readOnly, call: (token, id) => api(server.url, `/api/rooms/${id}/history/timeline`, { token }) },
  { label: 'GET /api/rooms/:roomId/history.csv', ok: readOnly, call: (token, id) => api(server.url, `/api/rooms/${id}/history.csv`, { token }) },
  { label: 'GET /api/rooms/:roomId/history.jsonl', ok: readOnly, call: (token, id) => api(server.url, `/api/rooms/${id}/history.jsonl`, { token }) },
  { label: 'GET /api/rooms/:roomId/participants', ok: readOnly, call: (token, id) => api(server.url, `/api/rooms/${id}/participants`, { token }) },
  {
    label: 'GET /api/rooms/:roomId/invites', ok: { facilitator: 200, product: 403, portfolio: 403, observer: 403 },
    call: (token, id) => api(server.url, `/api/rooms/${id}/invites`, { token }),
  },
  {
    label: 'POST /api/rooms/:roomId/import', ok: { facilitator: 200, product: 200, portfolio: 200, observer: 403 },
    call: (token, id, caller) => api(server.url, `/api/rooms/${id}/import`, { token, body: csv(`AUTH-${caller}`), contentType: 'text/csv' }),
  },
];

/** Expected status per caller: the role's own, 401 without a valid participant token; a genuine token of another room: 403. */
function expectedFor(endpoint: Endpoint, caller: Caller): number | number[] {
  if (caller === 'none' || caller === 'garbage' || caller === 'invite') return 401;
  if (caller === 'otherRoom') return 403;
  return endpoint.ok[caller];
}

describe('auth matrix', () => {
  const cases = ENDPOINTS.flatMap((endpoint) => CALLERS.map((caller) => ({ endpoint, caller })));
  test.each(cases)('$endpoint.label as $caller', async ({ endpoint, caller }) => {
    const answer = await endpoint.call(tokenOf(caller), room.roomId, caller);
    expectAnswer(answer, expectedFor(endpoint, caller), `${endpoint.label} as ${caller}`);
    if (answer.status === 200 && endpoint.label.endsWith('export.csv')) expect(answer.contentType).toMatch(/^text\/csv/);
    if (answer.status === 200 && endpoint.label.endsWith('import')) {
      expect(answer.json).toMatchObject({ created: expect.any(Number), updated: expect.any(Number), rejected: expect.any(Array) });
    }
  });

  test.each(ENDPOINTS)('$label on a room this server does not know → 404 (genuine token of that room)', async (endpoint) => {
    const answer = await endpoint.call(member(elsewhere, 'Elsa').token, elsewhere.roomId, 'elsewhere');
    expectAnswer(answer, 404, `${endpoint.label} on an unknown room`);
  });

  test.each(CALLERS)('GET /healthz and GET /metrics answer anyone (%s)', async (caller) => {
    const health = await api(server.url, '/healthz', { token: tokenOf(caller) });
    expectAnswer(health, 200, 'GET /healthz');
    expect(health.json).toEqual({ ok: true });
    const metrics = await api(server.url, '/metrics', { token: tokenOf(caller) });
    expectAnswer(metrics, 200, 'GET /metrics');
    expect(metrics.contentType).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/^# (HELP|TYPE) /m);
  });

  test.each(CALLERS)('POST /api/rooms creates a room for anyone (%s) → 201 with four invite links', async (caller) => {
    const answer = await api(server.url, '/api/rooms', { token: tokenOf(caller), body: { title: `Room by ${caller}` } });
    expectAnswer(answer, 201, 'POST /api/rooms');
    const body = answer.json as { roomId: string; links: Record<string, string> };
    expect(typeof body.roomId).toBe('string');
    expect(Object.keys(body.links).sort()).toEqual(['facilitator', 'observer', 'portfolio', 'product']);
    for (const link of Object.values(body.links)) expect(new URL(link).searchParams.get('invite')).toBeTruthy();
  });

  test('invite links are pages of the web client at PUBLIC_URL, by default http://localhost:PORT', async () => {
    for (const [s, base] of [[server, `http://localhost:${server.port}`], [sibling, 'https://ladder.example.com']] as const) {
      const answer = await api(s.url, '/api/rooms', { body: { title: 'Links' } });
      expectAnswer(answer, 201, 'POST /api/rooms');
      const { roomId, links } = answer.json as { roomId: string; links: Record<Role, string> };
      for (const role of ['facilitator', 'product', 'portfolio', 'observer'] as Role[]) {
        expect(links[role]).toMatch(new RegExp(`^${base.replace(/\./g, '\\.')}/r/${roomId}\\?invite=[^&]+$`));
      }
    }
  });

  test('GET /invites gives the facilitator the four links again, and each joins with its role', async () => {
    const answer = await api(server.url, `/api/rooms/${room.roomId}/invites`, { token: member(room, 'Fran').token });
    expectAnswer(answer, 200, 'GET /invites');
    const { roomId, links } = answer.json as { roomId: string; links: Record<Role, string> };
    expect(roomId).toBe(room.roomId);
    expect(Object.keys(links).sort()).toEqual(['facilitator', 'observer', 'portfolio', 'product']);
    for (const role of ['facilitator', 'product', 'portfolio', 'observer'] as Role[]) {
      expect(links[role]).toMatch(new RegExp(`^http://localhost:${server.port}/r/${room.roomId}\\?invite=[^&]+$`));
      const invite = new URL(links[role]).searchParams.get('invite');
      const joined = await api(server.url, `/api/rooms/${room.roomId}/join`, { body: { invite, name: `Late ${role}` } });
      expectAnswer(joined, 200, `join with the ${role} link from /invites`);
      expect(joined.json).toMatchObject({ role });
    }
    const refused = await api(server.url, `/api/rooms/${room.roomId}/invites`, { token: member(room, 'Prue').token });
    expect((refused.json as { message: string }).message).toMatch(/facilitator invite link/);
  });

  test('GET /participants lists everyone who joined the room, in the order they joined, with name and role', async () => {
    const answer = await api(server.url, `/api/rooms/${room.roomId}/participants`, { token: member(room, 'Olga').token });
    expectAnswer(answer, 200, 'GET /participants');
    const { participants } = answer.json as { participants: { participantId: string; name: string; role: Role; joinedAt: number }[] };
    const first = participants.slice(0, 4).map(({ participantId, name, role }) => ({ participantId, name, role }));
    // Two joins in the same millisecond may come in either order.
    expect(first.sort((a, b) => a.name.localeCompare(b.name))).toEqual(['Fran', 'Olga', 'Pete', 'Prue'].map((name) => ({ participantId: member(room, name).participantId, name, role: member(room, name).role })));
    expect(participants.every((p) => Number.isInteger(p.joinedAt))).toBe(true);
    expect(participants.map((p) => p.joinedAt)).toEqual(participants.map((p) => p.joinedAt).sort((a, b) => a - b));
    expect(participants.some((p) => p.name === 'Otto')).toBe(false);
  });

  test('GET /invite tells the join page the room title and the role an invite opens; bad invites as /join refuses them', async () => {
    for (const role of ['facilitator', 'product', 'portfolio', 'observer'] as Role[]) {
      const answer = await api(server.url, `/api/rooms/${room.roomId}/invite`, { token: room.invites[role] });
      expectAnswer(answer, 200, `GET /invite with the ${role} invite`);
      expect(answer.json).toEqual({ roomId: room.roomId, title: 'PI 26.1 planning', role });
    }
    const ask = (token: string | null, roomId = room.roomId) => api(server.url, `/api/rooms/${roomId}/invite`, { token });
    expectAnswer(await ask(null), 401, 'GET /invite without a token');
    expectAnswer(await ask('garbage.invite'), 401, 'GET /invite with garbage');
    expectAnswer(await ask(member(room, 'Fran').token), 401, 'GET /invite with a participant token');
    expectAnswer(await ask(other.invites.product), 403, "GET /invite with another room's invite");
    expectAnswer(await ask(elsewhere.invites.product, elsewhere.roomId), 404, 'GET /invite of a room this server does not know');
  });

  test.each(['facilitator', 'product', 'portfolio', 'observer'] as Role[])('POST /join with the %s invite → 200 and that role', async (role) => {
    const answer = await api(server.url, `/api/rooms/${room.roomId}/join`, { body: { invite: room.invites[role], name: `Joiner ${role}` } });
    expectAnswer(answer, 200, `join as ${role}`);
    expect(answer.json).toMatchObject({ participantId: expect.any(String), role, token: expect.any(String) });
  });

  test('POST /join refuses bad invites: garbage → 401, a participant token → 401, another room\'s invite → 403', async () => {
    const join = (invite: string) => api(server.url, `/api/rooms/${room.roomId}/join`, { body: { invite, name: 'Mallory' } });
    expectAnswer(await join('garbage.invite'), 401, 'join with a garbage invite');
    expectAnswer(await join(member(room, 'Fran').token), 401, 'join with a participant token');
    expectAnswer(await join(other.invites.facilitator), 403, 'join with another room\'s invite');
  });

  test('POST /join on an unknown room → 404; invalid bodies → 400', async () => {
    const unknown = await api(server.url, `/api/rooms/${elsewhere.roomId}/join`, { body: { invite: elsewhere.invites.product, name: 'Nina' } });
    expectAnswer(unknown, 404, 'join on an unknown room');
    const path = `/api/rooms/${room.roomId}/join`;
    expectAnswer(await api(server.url, path, { body: { invite: room.invites.product } }), 400, 'join without a name');
    expectAnswer(await api(server.url, path, { body: { invite: room.invites.product, name: 42 } }), 400, 'join with a number as name');
    expectAnswer(await api(server.url, path, { body: '{"invite": ', contentType: 'application/json' }), 400, 'join with broken JSON');
    expectAnswer(await api(server.url, path, { body: { name: 'No invite' } }), 401, 'join without an invite');
  });

  test('POST /api/rooms with an invalid body → 400', async () => {
    expectAnswer(await api(server.url, '/api/rooms', { body: {} }), 400, 'create without a title');
    expectAnswer(await api(server.url, '/api/rooms', { body: { title: 7 } }), 400, 'create with a number as title');
    expectAnswer(await api(server.url, '/api/rooms', { body: '{"title": "x"', contentType: 'application/json' }), 400, 'create with broken JSON');
  });

  test('history/state without seq or at, or with a non-number → 400', async () => {
    const token = member(room, 'Prue').token;
    for (const query of ['', '?seq=abc', '?at=yesterday', '?seq=-1']) {
      expectAnswer(await api(server.url, `/api/rooms/${room.roomId}/history/state${query}`, { token }), 400, `history/state${query}`);
    }
  });

  test('import of an empty body → 400', async () => {
    const answer = await api(server.url, `/api/rooms/${room.roomId}/import`, { token: member(room, 'Fran').token, body: '', contentType: 'text/csv' });
    expectAnswer(answer, 400, 'import of an empty body');
  });

  test('oversized bodies → 413', async () => {
    const huge = JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) });
    expectAnswer(await postLarge(server.url, '/api/rooms', huge, 'application/json'), 413, 'create with a 2 MiB body');
    const join = JSON.stringify({ invite: room.invites.product, name: 'x'.repeat(2 * 1024 * 1024) });
    expectAnswer(await postLarge(server.url, `/api/rooms/${room.roomId}/join`, join, 'application/json'), 413, 'join with a 2 MiB body');
    const rows = `Summary,Job Size\n${`${'y'.repeat(200)},5\n`.repeat(160 * 1024)}`;
    const answer = await postLarge(server.url, `/api/rooms/${room.roomId}/import`, rows, 'text/csv', member(room, 'Fran').token);
    expectAnswer(answer, 413, 'import of a 32 MiB CSV');
  });

  test('unknown paths → 404 in the error shape', async () => {
    expectAnswer(await api(server.url, '/api/nothing-here'), 404, 'GET /api/nothing-here');
    expectAnswer(await api(server.url, `/api/rooms/${room.roomId}/nothing`, { token: member(room, 'Fran').token }), 404, 'GET an unknown room path');
  });
});
