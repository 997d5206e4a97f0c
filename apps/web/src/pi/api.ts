import { z } from 'zod';
import { callWithToken } from '../api';

// The confidence vote's API as the PI view calls it (docs/api.md, "PI objectives, risks, confidence"); every answer
// parsed; errors come back as ApiError with the server's message.

const base = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/confidence`;

const openedSchema = z.object({ voteId: z.string() });
const outcomeSchema = z.object({
  voteId: z.string(), scope: z.string(), voters: z.number().int().nonnegative(), average: z.number().nullable(),
  distribution: z.record(z.string(), z.number().int().nonnegative()), accepted: z.boolean(),
});
const mineSchema = z.object({ value: z.number().int().min(1).max(5).nullable(), invited: z.boolean() });

export type ConfidenceOutcome = z.infer<typeof outcomeSchema>;
export type MyConfidence = z.infer<typeof mineSchema>;

export const confidenceApi = {
  /** The facilitator opens a vote for the ART (`"ART"`) or a team. */
  open: async (roomId: string, token: string, scope: string): Promise<string> =>
    openedSchema.parse(await callWithToken(base(roomId), token, { scope })).voteId,
  /** Votes 1–5 (a later vote replaces the earlier one); 409 once revealed. */
  vote: async (roomId: string, token: string, voteId: string, value: number): Promise<void> => {
    await callWithToken(`${base(roomId)}/${encodeURIComponent(voteId)}/votes`, token, { value });
  },
  reveal: async (roomId: string, token: string, voteId: string): Promise<ConfidenceOutcome> =>
    outcomeSchema.parse(await callWithToken(`${base(roomId)}/${encodeURIComponent(voteId)}/reveal`, token, {})),
  /** The caller's own value (nobody else's), and after the reveal whether it invites a concern. */
  mine: async (roomId: string, token: string, voteId: string): Promise<MyConfidence> =>
    mineSchema.parse(await callWithToken(`${base(roomId)}/${encodeURIComponent(voteId)}/mine`, token)),
};
