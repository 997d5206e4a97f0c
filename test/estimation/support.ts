import { expect } from 'vitest';
import { api, errorShapeProblem, member, roomWith, type ApiAnswer, type RoomWithPeople } from '../support/http';
import type { Role } from '../support/server';

/** A room with the given people and features (imported by CSV), and the feature ids by title. */
export async function estimationRoom(url: string, people: Record<string, Role>, titles: readonly string[]): Promise<{ room: RoomWithPeople; features: Record<string, string> }> {
  const room = await roomWith(url, people);
  const facilitator = Object.entries(people).find(([, role]) => role === 'facilitator')?.[0];
  if (!facilitator) throw new Error('an estimation room needs a facilitator');
  const token = member(room, facilitator).token;
  const imported = await api(url, `/api/rooms/${room.roomId}/import`, { token, body: `title\n${titles.join('\n')}\n`, contentType: 'text/csv' });
  if (imported.status !== 200) throw new Error(`import answered ${imported.status}: ${imported.text}`);
  const ranking = await api(url, `/api/rooms/${room.roomId}/ranking`, { token });
  const rows = (ranking.json as { features: { id: string; title: string }[] }).features;
  return { room, features: Object.fromEntries(rows.map((f) => [f.title, f.id])) };
}

/** Calls the rounds API of a room as `name`. */
export function roundsApi(url: string, room: RoomWithPeople) {
  const path = (roundId?: string, tail = '') => `/api/rooms/${room.roomId}/rounds${roundId ? `/${roundId}` : ''}${tail}`;
  const as = (name: string | null) => (name ? member(room, name).token : null);
  return {
    open: (name: string | null, body: unknown) => api(url, path(), { token: as(name), body }),
    vote: (name: string | null, roundId: string, values: unknown) => api(url, path(roundId, '/votes'), { token: as(name), body: { values } }),
    reveal: (name: string | null, roundId: string) => api(url, path(roundId, '/reveal'), { token: as(name), method: 'POST' }),
    accept: (name: string | null, roundId: string, body?: unknown) =>
      api(url, path(roundId, '/accept'), { token: as(name), ...(body === undefined ? { method: 'POST' } : { body }) }),
    cancel: (name: string | null, roundId: string) => api(url, path(roundId, '/cancel'), { token: as(name), method: 'POST' }),
    myVote: (name: string | null, roundId: string) => api(url, path(roundId, '/my-vote'), { token: as(name) }),
    state: (name: string | null, roundId: string) => api(url, path(roundId), { token: as(name) }),
  };
}

/** Asserts a status and, for errors, the contract's `{error, message}` shape; returns the answer. */
export function expectStatus(answer: ApiAnswer, status: number, error?: string): ApiAnswer {
  expect(answer.status, answer.text).toBe(status);
  if (status >= 400) {
    expect(errorShapeProblem(answer)).toBeNull();
    if (error) expect((answer.json as { error: string }).error).toBe(error);
  }
  return answer;
}

export function roundIdOf(answer: ApiAnswer): string {
  expectStatus(answer, 201);
  const id = (answer.json as { roundId?: unknown }).roundId;
  if (typeof id !== 'string') throw new Error(`no roundId in ${answer.text}`);
  return id;
}
