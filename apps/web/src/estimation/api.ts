import { ApiError } from '../api';

// The rounds API as the panel uses it (CONTRACT.md, "HTTP API"); errors come back as ApiError with the server's message.

async function call(path: string, token: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    let parsed: { error?: unknown; message?: unknown } = {};
    try { parsed = JSON.parse(text) as typeof parsed; } catch { /* not JSON */ }
    throw new ApiError(res.status, typeof parsed.error === 'string' ? parsed.error : `http_${res.status}`,
      typeof parsed.message === 'string' ? parsed.message : `The server answered ${res.status}. Try again in a moment.`);
  }
  return res.status === 204 ? null : res.json();
}

const base = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/rounds`;

/** Options of a round: reveal when every expected voter has voted; reveal when a countdown ends. */
export interface RoundOptions {
  autoReveal?: boolean;
  timerSeconds?: number;
}

/** A feature round (`featureId`, some or all components) or a column round (one component across `featureIds`). */
export type OpenRound =
  | ({ featureId: string; components?: readonly string[] } & RoundOptions)
  | ({ featureIds: readonly string[]; component: string } & RoundOptions);

export const roundsApi = {
  open: (roomId: string, token: string, body: OpenRound) => call(base(roomId), token, body),
  vote: (roomId: string, token: string, roundId: string, values: Record<string, number>) =>
    call(`${base(roomId)}/${roundId}/votes`, token, { values }),
  reveal: (roomId: string, token: string, roundId: string) => call(`${base(roomId)}/${roundId}/reveal`, token, {}),
  /** Accepts the consensus, or the given values (keyed like the votes) when there are some. */
  accept: (roomId: string, token: string, roundId: string, values?: Record<string, number>) =>
    call(`${base(roomId)}/${roundId}/accept`, token, values ? { values } : {}),
  myVote: async (roomId: string, token: string, roundId: string): Promise<Record<string, number> | null> => {
    const body = (await call(`${base(roomId)}/${roundId}/my-vote`, token)) as { values?: Record<string, number> | null };
    return body.values ?? null;
  },
};
