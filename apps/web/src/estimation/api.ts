import { callWithToken } from '../api';

// The rounds API as the panel uses it (CONTRACT.md, "HTTP API"); errors come back as ApiError with the server's message.

const call = callWithToken;

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
  /** The facilitator cancels a round that is not accepted: nothing of it is shown, what it locked is free again. */
  cancel: (roomId: string, token: string, roundId: string) => call(`${base(roomId)}/${roundId}/cancel`, token, {}),
  /** Accepts the consensus, or the given values (keyed like the votes) when there are some. */
  accept: (roomId: string, token: string, roundId: string, values?: Record<string, number>) =>
    call(`${base(roomId)}/${roundId}/accept`, token, values ? { values } : {}),
  myVote: async (roomId: string, token: string, roundId: string): Promise<Record<string, number> | null> => {
    const body = (await call(`${base(roomId)}/${roundId}/my-vote`, token)) as { values?: Record<string, number> | null };
    return body.values ?? null;
  },
};
