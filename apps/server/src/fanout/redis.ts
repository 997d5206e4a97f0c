import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { LoadRoomContext, Plugin } from '../plugins';
import { applySnapshot } from '../storage/snapshot-codec';
import type { Storage, StoredUpdate } from '../storage/types';
import { checkAwarenessUpdate } from '../sync/protocol';
import { decodeFanout, encodeFanout, FANOUT_AWARENESS, FANOUT_QUERY_AWARENESS, FANOUT_REVOKE, FANOUT_UPDATE, type FanoutKind } from './codec';
import { SeqTracker } from './seq-tracker';

export interface RedisFanoutOptions {
  /** `redis://host:port/db` */
  url: string;
  /** Channel names start with this; default `ladder:`. Nodes of one cluster share it. */
  prefix?: string;
  logger: Logger;
  /** Awareness changes are batched and published once per this many ms (default 20). */
  awarenessFlushMs?: number;
  /** How long opening a room waits for the subscription before it goes on without it (default 2000 ms). */
  subscribeTimeoutMs?: number;
  /** An update missing this long (its node died before publishing it) is read from storage (default 1000 ms). */
  gapFillMs?: number;
  /** Another node removed a participant from a room open here: close their sockets on this node. */
  onRevoke?: (roomId: string, participantId: string) => void;
}

export interface RedisFanout {
  /** The hook object to give the server. */
  plugin: Plugin;
  nodeId: string;
  /** Whether both Redis connections are up. */
  connected(): boolean;
  /** Tells the nodes that have the room open that a participant was removed from it. */
  revoke(roomId: string, participantId: string): void;
  close(): Promise<void>;
}

/** The origin of every change this node applies on behalf of another node: never published again, never stored. */
export const FANOUT_ORIGIN = Symbol('fanout');

interface LiveRoom {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  storage: Storage;
  /** Presence entries whose latest change came from a client of this node. */
  local: Set<number>;
  changed: Set<number>;
  timer: NodeJS.Timeout | null;
  /** Which stored updates the document holds. */
  seqs: SeqTracker;
  gapTimer: NodeJS.Timeout | null;
  onAwareness: (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void;
}

/**
 * Fan-out between server nodes through Redis pub/sub, one channel per room. Each node publishes the updates it
 * stored and the presence of its own clients; it applies what the others publish (broadcast to its clients, not
 * stored again). A room is subscribed before it is read from storage a second time, so nothing stored in between is
 * missed; after a lost Redis connection every open room catches up from storage the same way. Each update carries
 * its seq: before a node's own update finishes (and before any snapshot it then writes), the updates below it that
 * have not arrived are read from storage, so a snapshot at seq N always holds every update up to N.
 */
export function redisFanout(options: RedisFanoutOptions): RedisFanout {
  const prefix = options.prefix ?? 'ladder:';
  const { logger } = options;
  const nodeId = randomUUID();
  const channelOf = (roomId: string) => `${prefix}room:${roomId}`;
  const roomOf = (channel: string) => (channel.startsWith(`${prefix}room:`) ? channel.slice(prefix.length + 5) : null);
  const rooms = new Map<string, LiveRoom>();
  const pub = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: null });
  const sub = pub.duplicate();
  let closed = false;
  let lostSubscriber = false;
  for (const [name, client] of [['publisher', pub], ['subscriber', sub]] as const) {
    client.on('error', (error: Error) => logger.warn({ err: error, client: name }, 'Redis fan-out connection error'));
  }

  const publish = (roomId: string, kind: FanoutKind, payload: Uint8Array, seq = 0) => {
    if (closed) return;
    const bytes = encodeFanout({ kind, nodeId, seq, payload });
    pub.publish(channelOf(roomId), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      .catch((error: unknown) => logger.warn({ err: error, roomId }, 'publishing to Redis failed'));
  };

  /** Applies everything storage has for the room (idempotent): covers whatever pub/sub may have missed. */
  const catchUp = async (roomId: string, room: LiveRoom) => {
    const loaded = await room.storage.loadRoom(roomId);
    if (!loaded || rooms.get(roomId) !== room) return;
    room.doc.transact(() => {
      if (loaded.snapshot) applySnapshot(room.doc, loaded.snapshot);
      applyStored(roomId, room, loaded.updates);
    }, FANOUT_ORIGIN);
    room.seqs.markThrough(loaded.snapshot?.seq ?? 0);
    for (const stored of loaded.updates) room.seqs.mark(stored.seq);
  };

  const applyStored = (roomId: string, room: LiveRoom, updates: readonly StoredUpdate[]) => {
    for (const stored of updates) {
      try {
        Y.applyUpdate(room.doc, stored.update, FANOUT_ORIGIN);
      } catch (error) {
        logger.error({ err: error, roomId, seq: stored.seq }, 'skipped a stored update that does not apply');
      }
      room.seqs.mark(stored.seq);
    }
  };

  /** Reads the updates up to `upTo` that have not arrived from storage and applies them. */
  const fillGaps = async (roomId: string, room: LiveRoom, upTo: number) => {
    if (room.seqs.through >= upTo) return;
    const missing = await room.storage.updatesInRange(roomId, room.seqs.through, upTo);
    if (rooms.get(roomId) !== room) return;
    applyStored(roomId, room, missing);
  };

  const scheduleGapFill = (roomId: string, room: LiveRoom) => {
    if (room.gapTimer || !room.seqs.hasGap) return;
    room.gapTimer = setTimeout(() => {
      room.gapTimer = null;
      if (!room.seqs.hasGap || rooms.get(roomId) !== room) return;
      fillGaps(roomId, room, room.seqs.highest).then(
        () => scheduleGapFill(roomId, room),
        (error: unknown) => {
          logger.warn({ err: error, roomId }, 'reading missing updates from storage failed; retrying');
          scheduleGapFill(roomId, room);
        },
      );
    }, options.gapFillMs ?? 1000);
  };

  // A timer: nothing it does with client data may throw out of it.
  const flushAwareness = (roomId: string, room: LiveRoom) => {
    room.timer = null;
    if (room.changed.size === 0 || rooms.get(roomId) !== room) return;
    const ids = [...room.changed];
    room.changed.clear();
    try {
      publish(roomId, FANOUT_AWARENESS, awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids));
    } catch (error) {
      logger.error({ err: error, roomId }, 'publishing presence to the other nodes failed');
    }
  };

  sub.on('messageBuffer', (channel: Buffer, data: Buffer) => {
    const roomId = roomOf(channel.toString());
    const room = roomId === null ? undefined : rooms.get(roomId);
    if (!room || roomId === null) return;
    const message = decodeFanout(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (!message || message.nodeId === nodeId) return;
    try {
      if (message.kind === FANOUT_UPDATE) {
        Y.applyUpdate(room.doc, message.payload, FANOUT_ORIGIN);
        room.seqs.mark(message.seq);
        scheduleGapFill(roomId, room);
      } else if (message.kind === FANOUT_AWARENESS) {
        // Checked at the other node's door; checked again here, so no node takes in presence it could not send on.
        checkAwarenessUpdate(message.payload);
        awarenessProtocol.applyAwarenessUpdate(room.awareness, message.payload, FANOUT_ORIGIN);
      } else if (message.kind === FANOUT_REVOKE) {
        options.onRevoke?.(roomId, new TextDecoder().decode(message.payload));
      } else if (room.local.size > 0) {
        publish(roomId, FANOUT_AWARENESS, awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.local]));
      }
    } catch (error) {
      logger.warn({ err: error, roomId, from: message.nodeId }, 'ignored a fan-out message that does not apply');
    }
  });
  sub.on('close', () => { lostSubscriber = true; });
  sub.on('ready', () => {
    if (!lostSubscriber || rooms.size === 0) return;
    lostSubscriber = false;
    // Subscribed again first (Redis answers in order, so the subscription is live once this resolves), then what was
    // published while the connection was away is read from storage.
    const open = [...rooms];
    sub.subscribe(...open.map(([roomId]) => channelOf(roomId)))
      .then(() => Promise.all(open.map(([roomId, room]) => catchUp(roomId, room))))
      .catch((error: unknown) => {
        lostSubscriber = true;
        logger.warn({ err: error }, 'catching up the open rooms after Redis returned failed; retrying at the next reconnect');
      });
  });

  const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
    Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref())]);

  const forget = async (roomId: string, room: LiveRoom) => {
    if (room.timer) clearTimeout(room.timer);
    if (room.gapTimer) clearTimeout(room.gapTimer);
    room.awareness.off('update', room.onAwareness);
    if (rooms.get(roomId) !== room) return;
    rooms.delete(roomId);
    if (!closed) await withTimeout(sub.unsubscribe(channelOf(roomId)).catch(() => undefined), 1000);
  };

  const plugin: Plugin = {
    name: 'redis-fanout',
    async onLoadRoom({ roomId, doc, awareness, storage }: LoadRoomContext) {
      const room: LiveRoom = {
        doc, awareness, storage, local: new Set(), changed: new Set(), timer: null, seqs: new SeqTracker(), gapTimer: null,
        onAwareness: ({ added, updated, removed }, origin) => {
          if (origin === FANOUT_ORIGIN) {
            for (const id of [...added, ...updated, ...removed]) room.local.delete(id);
            return;
          }
          for (const id of [...added, ...updated]) room.local.add(id);
          for (const id of removed) room.local.delete(id);
          for (const id of [...added, ...updated, ...removed]) room.changed.add(id);
          room.timer ??= setTimeout(() => flushAwareness(roomId, room), options.awarenessFlushMs ?? 20);
        },
      };
      rooms.set(roomId, room);
      awareness.on('update', room.onAwareness);
      try {
        const subscribed = await withTimeout(sub.subscribe(channelOf(roomId)), options.subscribeTimeoutMs ?? 2000);
        if (subscribed === 'timeout') {
          lostSubscriber = true;
          logger.warn({ roomId }, 'Redis is not answering: the room opens now and catches up when Redis is back');
        }
        await catchUp(roomId, room);
      } catch (error) {
        // The room does not open (storage failed): it gets no unload, so forget it here.
        await forget(roomId, room);
        throw error;
      }
      publish(roomId, FANOUT_QUERY_AWARENESS, new Uint8Array(0));
    },
    async onUpdate({ roomId, update, seq, afterCommit }) {
      // Other nodes get the update once it is committed (a group commit runs this hook before its commit).
      afterCommit(() => publish(roomId, FANOUT_UPDATE, update, seq));
      const room = rooms.get(roomId);
      if (!room) return;
      room.seqs.mark(seq);
      // Updates of other nodes below this one that have not arrived yet: read them now, so that a snapshot the room
      // writes at this seq holds all of them.
      await fillGaps(roomId, room, seq);
    },
    async onUnloadRoom({ roomId }) {
      const room = rooms.get(roomId);
      if (!room) return;
      if (room.timer) clearTimeout(room.timer);
      flushAwareness(roomId, room);
      await forget(roomId, room);
    },
  };

  return {
    plugin,
    nodeId,
    connected: () => pub.status === 'ready' && sub.status === 'ready',
    revoke: (roomId, participantId) => publish(roomId, FANOUT_REVOKE, new TextEncoder().encode(participantId)),
    async close() {
      if (closed) return;
      closed = true;
      for (const room of rooms.values()) {
        if (room.timer) clearTimeout(room.timer);
        if (room.gapTimer) clearTimeout(room.gapTimer);
        room.awareness.off('update', room.onAwareness);
      }
      rooms.clear();
      await Promise.all([pub, sub].map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}
