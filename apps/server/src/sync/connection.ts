import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import { WRITER_ROLES, type Role } from '@ladder/board-doc';
import { CLOSE } from '../close-codes';
import { notify, type Author, type Plugin } from '../plugins';
import {
  awarenessMessage, awarenessUpdateOf, decodeClientFrame, FrameError, PRESENCE_LIMITS, syncStep1Message,
  type AwarenessEntry, type ClientMessage,
} from './protocol';
import { TokenBucket } from './rate-limit';
import type { Room, RoomPeer } from './room';
import type { SyncSocket } from './socket';

/** A client whose unsent data grows past this is cut off (it resyncs on reconnect). */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export interface ConnectionOptions {
  room: Room;
  socket: SyncSocket;
  author: Author & { participantId: string; role: Role };
  maxFrameBytes: number;
  buckets: TokenBucket[];
  plugins: readonly Plugin[];
  logger: Logger;
  /** Called once when the connection has ended (after it left the room). */
  onEnd: () => void;
}

/** One client in one room: decodes its frames and runs them through the room's queue, in arrival order. */
export class Connection implements RoomPeer {
  readonly #o: ConnectionOptions;
  readonly #awarenessIds = new Set<number>();
  readonly #presenceBytes = new TokenBucket(PRESENCE_LIMITS.bytesBurst, PRESENCE_LIMITS.bytesPerSecond);
  #closed = false;

  constructor(options: ConnectionOptions) {
    this.#o = options;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Joins the room: greets the client (sync step 1, current awareness) and handles `pending` frames first. */
  start(pending: readonly Uint8Array[]): void {
    const { room, socket } = this.#o;
    room.peers.add(this);
    socket.on('close', (code, reason) => {
      if (!this.#closed) notify(this.#o.plugins, 'onClose', { roomId: room.id, code, reason, byServer: false }, (e) => this.#logError(e));
      this.#end();
    });
    socket.send(syncStep1Message(room.doc));
    const states = [...room.awareness.getStates().keys()];
    if (states.length > 0) socket.send(awarenessMessage(room.awareness, states));
    for (const frame of pending) this.receive(frame);
  }

  get awarenessIds(): ReadonlySet<number> {
    return this.#awarenessIds;
  }

  get backlog(): number {
    return this.#o.socket.bufferedAmount;
  }

  send(frame: Uint8Array): void {
    if (this.#closed) return;
    if (this.#o.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CLOSE.TRY_AGAIN_LATER, 'The connection is too slow to keep up; reconnect.');
      return;
    }
    this.#o.socket.send(frame);
  }

  /** Closes this connection only, with a named code and a reason. */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#o.socket.close(code, reason);
    notify(this.#o.plugins, 'onClose', { roomId: this.#o.room.id, code, reason, byServer: true }, (e) => this.#logError(e));
    this.#end();
  }

  receive(frame: Uint8Array): void {
    if (this.#closed) return;
    if (frame.length > this.#o.maxFrameBytes) {
      this.close(CLOSE.FRAME_TOO_LARGE, `Frame of ${frame.length} bytes is over the ${this.#o.maxFrameBytes}-byte limit.`);
      return;
    }
    if (!this.#o.buckets.every((bucket) => bucket.take())) {
      this.close(CLOSE.RATE_LIMITED, 'Too many messages; slow down and reconnect.');
      return;
    }
    let message: ClientMessage;
    try {
      message = decodeClientFrame(frame);
    } catch (error) {
      this.#refuse(error);
      return;
    }
    if (message.type === 'sync-update') {
      this.#update(message.update);
      return;
    }
    // Presence needs no order against storage: applied at once, without a trip through the room's queue (a room of a
    // thousand moving cursors sends ten thousand of these a second).
    if (message.type === 'awareness') {
      try {
        this.#presence(message);
      } catch (error) {
        this.#refuse(error);
      }
      return;
    }
    void this.#o.room.queue.run(() => this.#handle(message)).catch((error: unknown) => this.#refuse(error));
  }

  /** A document update joins the room's next group commit (an update that arrived before a close is still stored). */
  #update(update: Uint8Array): void {
    const { room, author } = this.#o;
    if (!WRITER_ROLES.includes(author.role)) {
      notify(this.#o.plugins, 'onDropUpdate', { roomId: room.id, role: author.role, bytes: update.length }, (e) => this.#logError(e));
      return;
    }
    room.submit(update, author, this).catch((error: unknown) => this.#refuse(error));
  }

  async #handle(message: ClientMessage): Promise<void> {
    // Anything needing an answer is not handled after the close.
    if (this.#closed) return;
    const { room } = this.#o;
    switch (message.type) {
      case 'sync-step1':
        this.send(room.syncStep2(message.stateVector));
        return;
      case 'sync-update':
        this.#update(message.update);
        return;
      case 'awareness':
        this.#presence(message);
        return;
      case 'query-awareness':
        this.send(awarenessMessage(room.awareness, [...room.awareness.getStates().keys()]));
        return;
    }
  }

  /**
   * Applies the presence this connection may speak for: the client ids it holds, and new ones up to a few per
   * connection and a room's worth per room. Entries for ids held elsewhere are left out without a word: the stock
   * client echoes every state it hears back to the server. Past its byte rate a connection's presence waits for the
   * next frame (a cursor is sent again soon; nothing is lost but a few positions).
   */
  #presence({ update, entries }: { update: Uint8Array; entries: readonly AwarenessEntry[] }): void {
    const states = this.#o.room.awareness.getStates();
    const kept: AwarenessEntry[] = [];
    let held = this.#awarenessIds.size;
    let bytes = 0;
    for (const entry of entries) {
      if (!this.#awarenessIds.has(entry.clientId)) {
        if (entry.removed || states.has(entry.clientId)) continue;
        if (held >= PRESENCE_LIMITS.maxIdsPerConnection || states.size >= PRESENCE_LIMITS.maxStatesPerRoom) continue;
        held++;
      }
      kept.push(entry);
      bytes += entry.bytes.length;
    }
    if (kept.length === 0 || !this.#presenceBytes.take(bytes)) return;
    // Nothing left out (a client's own cursor, the usual frame): the update as received, not written anew.
    awarenessProtocol.applyAwarenessUpdate(this.#o.room.awareness, kept.length === entries.length ? update : awarenessUpdateOf(kept), this);
  }

  #refuse(error: unknown): void {
    if (error instanceof FrameError) {
      this.close(error.closeCode, error.message);
      return;
    }
    if ((error as { code?: unknown } | null)?.code === 'storage_unavailable') {
      // Not stored, so not applied or sent on: the client keeps the change and sends it again after reconnecting.
      this.#o.logger.warn({ err: error, roomId: this.#o.room.id }, 'storage unavailable: refused a change');
      this.close(CLOSE.TRY_AGAIN_LATER, 'The database is unreachable, so your change was not stored; reconnect in a moment.');
      return;
    }
    this.#logError(error);
    this.close(CLOSE.INTERNAL_ERROR, 'The server could not handle that message; reconnect.');
  }

  #logError(error: unknown): void {
    this.#o.logger.error({ err: error, roomId: this.#o.room.id }, 'sync connection error');
  }

  /** Called by the room for awareness changes this connection made (it is their origin). */
  ownAwareness(added: readonly number[], removed: readonly number[]): void {
    for (const id of added) this.#awarenessIds.add(id);
    for (const id of removed) this.#awarenessIds.delete(id);
  }

  #end(): void {
    if (this.#closed) return;
    this.#closed = true;
    const { room } = this.#o;
    room.peers.delete(this);
    if (this.#awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(room.awareness, [...this.#awarenessIds], null);
    this.#o.onEnd();
  }
}
