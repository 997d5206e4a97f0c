import { z } from 'zod';

// How the history view tells restores and reverts: the server records them as events of kind `restored` and
// `reverted`, and a stored change it could not load as `quarantined` (docs/user-guide.md and docs/api.md, Room safety).

const restoredSchema = z.object({ seq: z.number(), note: z.string().optional() });
const revertedParticipantSchema = z.object({ participantId: z.string(), name: z.string(), sinceSeq: z.number() });
const revertedTo = z.object({ note: z.string().optional(), changes: z.number().optional() });
const refusedSchema = z.object({ reason: z.string() });

interface SafetyEventInput {
  kind: string;
  featureId: string;
  field: string | null;
  from: unknown;
  to: unknown;
  keptBy?: { participantId: string | null; name: string } | undefined;
}

/** A safety event in words (after the author's name), with its note; null for any other event. */
export function safetyEventText(e: SafetyEventInput): { text: string; note: string | null } | null {
  if (e.kind === 'restored') {
    const to = restoredSchema.safeParse(e.to);
    if (!to.success) return null;
    return { text: `restored the board to update ${to.data.seq}`, note: to.data.note || null };
  }
  if (e.kind === 'conflict') {
    // An arriving value written on top of an older one than the room had: the room's value stayed.
    const where = [e.featureId, e.field].filter(Boolean).join(' · ');
    const by = e.keptBy?.name ? ` (set by ${e.keptBy.name})` : '';
    return { text: `wrote ${JSON.stringify(e.to)} after missing a newer change: ${where} kept ${JSON.stringify(e.from)}${by}; theirs was kept aside for them to apply anyway`, note: null };
  }
  if (e.kind === 'quarantined') {
    // A stored change the room could not load (written before the server refused such changes): kept, skipped.
    const refused = refusedSchema.safeParse(e.to);
    return { text: 'wrote a change the board could not load; it was set aside (restore an earlier point if anything is missing)', note: refused.success ? refused.data.reason : null };
  }
  if (e.kind !== 'reverted') return null;
  const who = revertedParticipantSchema.safeParse(e.from);
  if (e.featureId === '' && who.success) {
    const to = revertedTo.safeParse(e.to);
    const count = to.success && to.data.changes !== undefined ? ` (${to.data.changes} change${to.data.changes === 1 ? '' : 's'})` : '';
    return { text: `reverted ${who.data.name}'s changes since update ${who.data.sinceSeq}${count}`, note: (to.success && to.data.note) || null };
  }
  const refused = refusedSchema.safeParse(e.to);
  const where = [e.featureId, e.field].filter(Boolean).join(' · ');
  return { text: `wrote an invalid value, reverted by the server: ${where}`, note: refused.success ? refused.data.reason : null };
}

/** What the facilitator is told once a revert is applied: how many changes it undid, and what it left as it is. */
export function revertResultNotice(answer: { changes: readonly unknown[]; conflicts: readonly unknown[] }): { tone: 'success' | 'info'; text: string } {
  const n = answer.changes.length;
  const left = answer.conflicts.length;
  const plural = (k: number) => `${k} change${k === 1 ? '' : 's'}`;
  if (n === 0) {
    return { tone: 'info', text: left === 0 ? 'Nothing was reverted.' : `Nothing was reverted: ${plural(left)} ${left === 1 ? 'was' : 'were'} changed since by someone else and left as ${left === 1 ? 'it is' : 'they are'}.` };
  }
  return { tone: 'success', text: left === 0 ? `Reverted ${plural(n)}.` : `Reverted ${plural(n)}; ${left} left as ${left === 1 ? 'it is' : 'they are'} (changed since by someone else).` };
}
