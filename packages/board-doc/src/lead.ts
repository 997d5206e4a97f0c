import type * as Y from 'yjs';
import { z } from 'zod';
import { metaMap } from './keys';

// `meta.lead`: the facilitator brings every screen to one feature ("follow the facilitator"), and releases them. Only
// the facilitator writes it (the server reverts anyone else's); each person may stop following and follow again.

export const LEAD_KEY = 'lead';

const leadSchema = z.object({
  featureId: z.string().min(1).max(64),
  by: z.object({ participantId: z.string().max(100), name: z.string().max(200) }),
  at: z.number().finite(),
}).strict();

export type Lead = z.infer<typeof leadSchema>;

/** Why a value cannot be `meta.lead`, or null when it can (null itself: nobody leads). */
export function leadProblem(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const parsed = leadSchema.safeParse(value);
  return parsed.success ? null : 'meta.lead is {featureId, by: {participantId, name}, at}, or null.';
}

/** Where the facilitator is leading everyone, or null. */
export function readLead(doc: Y.Doc): Lead | null {
  const parsed = leadSchema.safeParse(metaMap(doc).get(LEAD_KEY));
  return parsed.success ? parsed.data : null;
}

/** Leads every screen to a feature, or (null) releases them. */
export function setLead(doc: Y.Doc, lead: Lead | null): void {
  if (lead === null) metaMap(doc).delete(LEAD_KEY);
  else metaMap(doc).set(LEAD_KEY, leadSchema.parse(lead));
}
