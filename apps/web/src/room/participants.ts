import { z } from 'zod';
import type { Awareness } from 'y-protocols/awareness';
import { ROLES, type Role } from '@ladder/board-doc';

export interface Participant {
  clientId: number;
  participantId: string;
  name: string;
  role: Role;
  color: string;
  online: boolean;
  isSelf: boolean;
  /** The facilitator removed them from the room (shown offline, whatever their last presence said). */
  removed: boolean;
}

/** Awareness states come from other browsers: check them before showing them. */
const userSchema = z.object({
  participantId: z.string().max(100),
  name: z.string().max(100),
  role: z.enum(ROLES as [Role, ...Role[]]),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
});
export type AwarenessUser = z.infer<typeof userSchema>;

export function userOfState(state: unknown): AwarenessUser | null {
  if (typeof state !== 'object' || state === null) return null;
  const parsed = userSchema.safeParse((state as { user?: unknown }).user);
  return parsed.success ? parsed.data : null;
}

/**
 * Everyone in the room: those connected now (from awareness, one entry per participant even with
 * several tabs) and those seen earlier in this browser, shown as offline; those in `removed` as removed and offline.
 */
export function participantsOf(awareness: Awareness, known: ReadonlyMap<string, AwarenessUser>, removed: ReadonlySet<string> = new Set()): Participant[] {
  const byId = new Map<string, Participant>();
  awareness.getStates().forEach((state, clientId) => {
    const user = userOfState(state);
    if (!user) return;
    const isSelf = clientId === awareness.clientID;
    const prev = byId.get(user.participantId);
    const gone = removed.has(user.participantId);
    if (!prev || isSelf) byId.set(user.participantId, { clientId, ...user, online: !gone, isSelf: isSelf || (prev?.isSelf ?? false), removed: gone });
  });
  for (const [id, user] of known) {
    if (!byId.has(id)) byId.set(id, { clientId: -1, ...user, online: false, isSelf: false, removed: removed.has(id) });
  }
  return [...byId.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
}
