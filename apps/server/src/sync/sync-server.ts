import type { Logger } from 'pino';
import type { TokenSigner } from '../auth/tokens';
import { CLOSE } from '../close-codes';
import { isRoomId } from '../ids';
import { notify, runHook, type Plugin } from '../plugins';
import type { Storage } from '../storage/types';
import { Connection } from './connection';
import { ParticipantBuckets, TokenBucket, type RateLimits } from './rate-limit';
import type { RoomManager } from './rooms';
import type { SyncSocket } from './socket';

export interface SyncServerOptions {
  rooms: RoomManager;
  storage: Storage;
  signer: TokenSigner;
  plugins: readonly Plugin[];
  logger: Logger;
  maxFrameBytes: number;
  limits: RateLimits;
}

/** Accepts sockets for `/sync/:roomId?token=…`: checks the token and the room, then hands the socket to its room. */
export class SyncServer {
  readonly #o: SyncServerOptions;
  readonly #participantBuckets: ParticipantBuckets;
  /** Each live connection with its room and participant (to close a removed participant's). */
  readonly #connections = new Map<Connection, { roomId: string; participantId: string }>();
  readonly #pendingSockets = new Set<SyncSocket>();
  #stopping = false;

  constructor(options: SyncServerOptions) {
    this.#o = options;
    this.#participantBuckets = new ParticipantBuckets(options.limits);
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Takes an open socket. Frames that arrive while it is being checked are kept and handled in order. */
  handle(socket: SyncSocket, roomId: string, token: string | null): void {
    const pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let gone = false;
    let buffering = true;
    this.#pendingSockets.add(socket);
    socket.on('message', (frame) => {
      if (buffering) {
        pending.push(frame);
        pendingBytes += frame.length;
      }
    });
    socket.on('close', () => { gone = true; });
    const refuse = (code: number, reason: string) => {
      this.#pendingSockets.delete(socket);
      socket.close(code, reason);
      notify(this.#o.plugins, 'onClose', { roomId: isRoomId(roomId) ? roomId : null, code, reason, byServer: true }, (e) => this.#logError(e));
    };
    void this.#admit(roomId, token).then(
      async (admitted) => {
        if (typeof admitted === 'string') return refuse(...this.#refusal(admitted));
        if (gone) return;
        if (this.#stopping) return refuse(CLOSE.SERVICE_RESTART, 'The server is restarting; reconnect in a moment.');
        if (pendingBytes > this.#o.maxFrameBytes * 4) return refuse(CLOSE.RATE_LIMITED, 'Too much data before the connection was ready.');
        const room = await this.#o.rooms.acquire(roomId);
        if (!room) return refuse(...this.#refusal('room'));
        this.#pendingSockets.delete(socket);
        const participantBucket = this.#participantBuckets.acquire(admitted.participantId);
        const { limits } = this.#o;
        const connection = new Connection({
          room,
          socket,
          author: admitted,
          maxFrameBytes: this.#o.maxFrameBytes,
          buckets: [new TokenBucket(limits.connectionBurst, limits.connectionPerSecond), participantBucket],
          plugins: this.#o.plugins,
          logger: this.#o.logger,
          onEnd: () => {
            this.#connections.delete(connection);
            this.#participantBuckets.release(admitted.participantId);
            this.#o.rooms.release(room);
            notify(this.#o.plugins, 'onDisconnect', { roomId, role: admitted.role, participantId: admitted.participantId }, (e) => this.#logError(e));
          },
        });
        this.#connections.set(connection, { roomId, participantId: admitted.participantId });
        notify(this.#o.plugins, 'onConnect', { roomId, role: admitted.role, participantId: admitted.participantId, name: admitted.name }, (e) => this.#logError(e));
        // A removal stored after the check above and told to this node before the connection was listed found nothing
        // to close: read the participant once more now that it is listed (a removal after this read finds it).
        this.#recheck(connection, roomId, admitted.participantId);
        // Frames that arrive from now on go straight to the connection.
        socket.on('message', (frame) => connection.receive(frame));
        buffering = false;
        const backlog = pending.splice(0);
        connection.start(backlog);
        if (gone) connection.close(CLOSE.SERVICE_RESTART, 'gone');
      },
    ).catch((error: unknown) => {
      this.#logError(error);
      refuse(CLOSE.INTERNAL_ERROR, 'The server could not open this room; reconnect.');
    });
  }

  /** The WebSocket layer closed a socket itself (1009 for a frame over `maxPayload`, 4400 for a text frame): counted like our own closes. */
  closedByTransport(code: number, reason: string): void {
    notify(this.#o.plugins, 'onClose', { roomId: null, code, reason, byServer: true }, (e) => this.#logError(e));
  }

  /**
   * Closes every connection of a participant the facilitator removed from `roomId`, on this node (the fan-out tells the
   * other nodes). New connections of theirs are refused at the door.
   */
  revoke(roomId: string, participantId: string): void {
    for (const [connection, who] of [...this.#connections]) {
      if (who.roomId === roomId && who.participantId === participantId) connection.close(...this.#refusal('revoked'));
    }
  }

  #recheck(connection: Connection, roomId: string, participantId: string): void {
    this.#o.storage.getParticipant(roomId, participantId).then(
      (participant) => { if (participant?.revokedAt !== undefined) connection.close(...this.#refusal('revoked')); },
      (error: unknown) => this.#o.logger.warn({ err: error, roomId }, 'reading a participant again after connecting failed'),
    );
  }

  #refusal(why: 'token' | 'room' | 'forbidden' | 'denied' | 'revoked'): [number, string] {
    switch (why) {
      case 'revoked': return [CLOSE.REVOKED, 'The facilitator removed you from this room.'];
      case 'token': return [CLOSE.UNAUTHORIZED, 'Missing or invalid participant token: join the room again.'];
      case 'forbidden': return [CLOSE.FORBIDDEN, 'This token belongs to another room: join this room to get one.'];
      case 'room': return [CLOSE.ROOM_NOT_FOUND, 'This room does not exist: check the link.'];
      case 'denied': return [CLOSE.FORBIDDEN, 'This connection was refused.'];
    }
  }

  async #admit(roomId: string, token: string | null) {
    const claims = this.#o.signer.verify(token);
    if (!claims || claims.kind !== 'participant') return 'token' as const;
    if (!isRoomId(roomId)) return 'room' as const;
    if (claims.roomId !== roomId) return 'forbidden' as const;
    const participant = await this.#o.storage.getParticipant(roomId, claims.participantId);
    if (!participant) {
      return (await this.#o.storage.getRoom(roomId)) ? ('token' as const) : ('room' as const);
    }
    if (participant.revokedAt !== undefined) return 'revoked' as const;
    try {
      await runHook(this.#o.plugins, 'onAuthenticate', { roomId, participantId: participant.id, name: participant.name, role: participant.role });
    } catch {
      return 'denied' as const;
    }
    return { participantId: participant.id, name: participant.name, role: participant.role };
  }

  #logError(error: unknown): void {
    this.#o.logger.error({ err: error }, 'sync server error');
  }

  /** Stops admitting and closes every socket with `code` (1012 on shutdown: clients reconnect). */
  closeAll(code: number, reason: string): void {
    this.#stopping = true;
    for (const connection of [...this.#connections.keys()]) connection.close(code, reason);
    for (const socket of [...this.#pendingSockets]) socket.close(code, reason);
    this.#pendingSockets.clear();
  }
}
