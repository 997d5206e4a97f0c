import type { RoundVoter } from '@ladder/board-doc';
import type { VoterRole } from '@ladder/wsjf';

const VOTERS: readonly string[] = ['facilitator', 'product', 'portfolio'];

/** Who is connected to each room on this server, among the roles that vote (a participant may hold several sockets). */
export class VoterPresence {
  readonly #rooms = new Map<string, Map<string, { voter: RoundVoter; sockets: number }>>();

  connected(roomId: string, participantId: string, name: string, role: string): void {
    if (!VOTERS.includes(role)) return;
    let room = this.#rooms.get(roomId);
    if (!room) this.#rooms.set(roomId, (room = new Map()));
    const entry = room.get(participantId);
    if (entry) entry.sockets++;
    else room.set(participantId, { voter: { participantId, name, role: role as VoterRole }, sockets: 1 });
  }

  disconnected(roomId: string, participantId: string): void {
    const room = this.#rooms.get(roomId);
    const entry = room?.get(participantId);
    if (!room || !entry) return;
    if (--entry.sockets > 0) return;
    room.delete(participantId);
    if (room.size === 0) this.#rooms.delete(roomId);
  }

  /** The voters connected to the room now, in the order they arrived. */
  voters(roomId: string): RoundVoter[] {
    return [...(this.#rooms.get(roomId)?.values() ?? [])].map((e) => e.voter);
  }
}
