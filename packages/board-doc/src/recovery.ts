import type * as Y from 'yjs';
import { z } from 'zod';
import { metaMap } from './keys';

// `meta.recovery`: the last restore or revert a facilitator made, written by the server in the same change, so every
// screen can say "Fran restored the board to update 12" instead of listing the features it deleted and re-created.

/** The `meta` key of the last recovery. Only the server writes it; a client's write is reverted. */
export const RECOVERY_KEY = 'recovery';

const person = z.object({ participantId: z.string().max(100), name: z.string().max(200) });
const recoverySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('restored'), by: person, toSeq: z.number().int().nonnegative(), note: z.string().max(2000), at: z.number() }),
  z.object({ kind: z.literal('reverted'), by: person, target: person, sinceSeq: z.number().int().nonnegative(), note: z.string().max(2000), at: z.number() }),
]);

export type RecoveryMark = z.infer<typeof recoverySchema>;

/** Records a restore or revert (inside the change that makes it). */
export function markRecovery(doc: Y.Doc, mark: RecoveryMark): void {
  metaMap(doc).set(RECOVERY_KEY, recoverySchema.parse(mark));
}

/** The last recovery, or null when there is none or the value is not one. */
export function readRecovery(doc: Y.Doc): RecoveryMark | null {
  const parsed = recoverySchema.safeParse(metaMap(doc).get(RECOVERY_KEY));
  return parsed.success ? parsed.data : null;
}
