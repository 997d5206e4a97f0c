import { conflictsSchema, type ConflictAnswer } from '@ladder/wire';
import { callWithToken } from '../api';
import { fieldLabel } from '../room/labels';

// Arriving values the room kept aside (an edit made offline meeting a newer live one): the server lists them with
// whether each is still open; the author's screen offers to apply theirs anyway, the facilitator's lists them all.

export type Conflict = ConflictAnswer;

export async function fetchConflicts(roomId: string, token: string): Promise<Conflict[]> {
  return conflictsSchema.parse(await callWithToken(`/api/rooms/${encodeURIComponent(roomId)}/conflicts`, token)).conflicts;
}

/** A conflict's key for "dismissed" (the same field kept aside again later is a new conflict). */
export const conflictKey = (c: Pick<Conflict, 'seq' | 'featureId' | 'field'>): string => `${c.seq}:${c.featureId}:${c.field}`;

/**
 * The conflicts one viewer is shown: still open, not dismissed on this screen, the author's own (the facilitator sees
 * everyone's); of the same author and field only the newest.
 */
export function shownConflicts(list: readonly Conflict[], me: string, isFacilitator: boolean, dismissed: ReadonlySet<string>): Conflict[] {
  const newest = new Map<string, Conflict>();
  for (const c of list) newest.set(`${c.participantId ?? ''}\u0000${c.featureId}\u0000${c.field}`, c);
  return [...newest.values()].filter((c) => c.open && !dismissed.has(conflictKey(c)) && (c.participantId === me || isFacilitator));
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  return typeof value === 'string' ? `“${value}”` : String(value);
}

/** One conflict in words, for its author (`mine`) or for the facilitator. */
export function conflictText(c: Conflict, mine: boolean, names: { person: (id: string | null) => string | null; feature: (id: string) => string }): string {
  const field = fieldLabel(c.field);
  const keptBy = c.keptBy?.name || names.person(c.keptBy?.participantId ?? null) || 'someone';
  const where = `${field} of ${names.feature(c.featureId)}`;
  return mine
    ? `Your ${show(c.arriving)} for ${where} was kept aside: ${keptBy} set ${show(c.kept)} after you last saw it.`
    : `${c.name || 'Someone'}'s ${show(c.arriving)} for ${where} was kept aside: the board has ${show(c.kept)} (set by ${keptBy}).`;
}
