import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { MESSAGE_AWARENESS, updateMessage } from './protocol';

/** What the broadcaster needs from a peer: a way to send, and how much it has not yet written. */
export interface BroadcastPeer {
  send(frame: Uint8Array): void;
  /** Bytes queued for this peer and not yet written (0 or absent when unknown). */
  readonly backlog?: number;
  /** Awareness client ids this peer set itself: never sent back to it. */
  readonly awarenessIds?: ReadonlySet<number>;
}

/**
 * How much presence (awareness) one room may send. The frame rate drops for everyone as the room grows, down to one
 * frame per `maxIntervalMs`; past the byte budget a frame carries only the longest-waiting cursors, and the others
 * follow in the next frames (each cursor then travels at a lower rate, the frames do not).
 */
export interface PresenceBudget {
  /** Presence frames are sent at most this often, whatever the room size. */
  minIntervalMs: number;
  /** Presence frames are sent at least this often while presence changes, whatever the room size. */
  maxIntervalMs: number;
  /** Presence frames per second over all peers of the room (until the interval reaches `maxIntervalMs`). */
  sendsPerSecond: number;
  /** Presence bytes per second over all peers of the room: caps how many cursor states one frame carries. */
  bytesPerSecond: number;
  /** A peer with more than this many bytes unwritten skips presence frames (it gets what it missed later). */
  maxBacklogBytes: number;
}

export interface BroadcastOptions {
  /** Document updates that arrive within one tick are committed together and go out as one merged update per peer. */
  tickMs: number;
  /**
   * Adaptive ticks: an update that finds the room idle (nothing sent for a tick) goes out at once, after the other
   * messages already read; under load, updates go out at most once per tick. When false, every update waits a tick.
   */
  adaptive: boolean;
  presence: PresenceBudget;
}

export const DEFAULT_BROADCAST: BroadcastOptions = {
  // Measured at 100 clients (10 and 20 edits/s): adaptive 10 ms gave the lowest p50 and p99; fixed ticks of 5–20 ms
  // add up to a tick to every edit.
  tickMs: 10,
  adaptive: true,
  // 6,000 frames a second over the room: a frame every 100 ms at 600 people, 167 ms at 1,000; never slower than every
  // 180 ms, so a client always gets 5 or more a second while cursors move. At 10,000 (and 200 ms) presence frames cost
  // as much as the edits in a room of hundreds (profile of a 3-node room at a quarter core each: 17 % of busy time).
  presence: { minIntervalMs: 20, maxIntervalMs: 180, sendsPerSecond: 6_000, bytesPerSecond: 64 * 1024 * 1024, maxBacklogBytes: 1024 * 1024 },
};

interface Pending {
  update: Uint8Array;
  sender: BroadcastPeer | null;
}

const merge = (updates: readonly Uint8Array[]): Uint8Array =>
  updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates as Uint8Array[]);

/**
 * Batches a room's outgoing traffic. Document updates of one tick are merged and encoded once; a sender gets the
 * merge of everyone else's updates (never its own back). Presence changes are merged per flush and sent at an
 * interval that grows with the room, always after the document updates waiting at that moment.
 */
export class RoomBroadcaster {
  #updates: Pending[] = [];
  #updateTimer: NodeJS.Timeout | null = null;
  readonly #changed = new Set<number>();
  /** Peers that skipped presence frames, with the client ids they missed. */
  readonly #missed = new Map<BroadcastPeer, Set<number>>();
  #presenceTimer: NodeJS.Timeout | null = null;
  #lastPresenceAt = 0;
  /** When document updates last went out (performance.now()). */
  #lastUpdatesAt = -Infinity;
  /** Commits in progress: their updates are applied but must not go out before the commit. */
  #held = 0;
  #destroyed = false;

  constructor(
    private readonly peers: ReadonlySet<BroadcastPeer>,
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly options: BroadcastOptions = DEFAULT_BROADCAST,
    /** What went wrong in a timer of this broadcaster (logged by the room): a timer never throws out. */
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Runs a timer's work: whatever it throws goes to `onError`, never out of the timer (it would end the process). */
  #guarded(work: () => void): () => void {
    return () => {
      try {
        work();
      } catch (error) {
        this.onError(error);
      }
    };
  }

  /** Updates waiting for the next tick (for tests and metrics). */
  get pendingUpdates(): number {
    return this.#updates.length;
  }

  /**
   * The room's size for the presence budget: its peers on this node, or its presence entries when there are more —
   * a room spread over several nodes has the other nodes' clients in its awareness, not among these peers. Sized by
   * the whole room, each node of a cluster sends frames at the rate one node would: the cluster's budget is the
   * room's, not the room's times the nodes.
   */
  #presenceRoomSize(): number {
    return Math.max(this.peers.size, this.awareness.getStates().size);
  }

  /** The current interval between presence frames for this room, in ms. */
  presenceIntervalMs(): number {
    const { minIntervalMs, maxIntervalMs, sendsPerSecond } = this.options.presence;
    return Math.min(maxIntervalMs, Math.max(minIntervalMs, (1000 * this.#presenceRoomSize()) / sendsPerSecond));
  }

  /** Bytes of cursor states one presence frame may carry: the byte budget of one interval, shared by every peer. */
  presenceFrameBytes(): number {
    return (this.options.presence.bytesPerSecond * this.presenceIntervalMs()) / 1000 / Math.max(1, this.#presenceRoomSize());
  }

  /** How long an update arriving now waits before it goes out: 0 when idle (adaptive), else until the next tick. */
  nextDelayMs(): number {
    const { tickMs, adaptive } = this.options;
    if (!adaptive) return tickMs;
    return Math.max(0, this.#lastUpdatesAt + tickMs - performance.now());
  }

  /** An update that was applied; `sender` does not get it back. While a commit holds the broadcaster, it waits. */
  queueUpdate(update: Uint8Array, sender: BroadcastPeer | null): void {
    if (this.#destroyed) return;
    this.#updates.push({ update, sender });
    if (this.#held > 0 || this.#updateTimer) return;
    this.#updateTimer = setTimeout(this.#guarded(() => this.flushUpdates()), this.nextDelayMs());
  }

  /** A commit starts: updates applied from now on wait for `release`. */
  hold(): void {
    this.#held++;
  }

  /** The commit is stored: what waits goes out now. */
  release(): void {
    this.#held = Math.max(0, this.#held - 1);
    if (this.#held === 0) this.flushUpdates();
  }

  /** The commit failed after its updates were applied: they are never sent. */
  discard(): void {
    this.#held = Math.max(0, this.#held - 1);
    if (this.#updateTimer) clearTimeout(this.#updateTimer);
    this.#updateTimer = null;
    this.#updates = [];
  }

  /** Awareness states that changed (added, updated or removed). */
  queuePresence(clients: Iterable<number>): void {
    if (this.#destroyed) return;
    for (const id of clients) this.#changed.add(id);
    if (this.#presenceTimer) return;
    const due = this.#lastPresenceAt + this.presenceIntervalMs() - performance.now();
    this.#presenceTimer = setTimeout(this.#guarded(() => this.flushPresence()), Math.max(this.options.tickMs, due));
  }

  flushUpdates(): void {
    if (this.#held > 0) return;
    if (this.#updateTimer) clearTimeout(this.#updateTimer);
    this.#updateTimer = null;
    const batch = this.#updates;
    this.#updates = [];
    if (batch.length === 0 || this.#destroyed) return;
    this.#lastUpdatesAt = performance.now();
    // Groups in arrival order of their first update; the null group holds updates nobody connected here sent.
    const groups = new Map<BroadcastPeer | null, Uint8Array[]>();
    for (const { update, sender } of batch) {
      const key = sender && this.peers.has(sender) ? sender : null;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(update);
    }
    const merged = [...groups.values()].map(merge);
    const all = updateMessage(merge(merged));
    const senders = [...groups.keys()];
    const own = new Map<BroadcastPeer, Uint8Array | null>();
    if (senders.some((s) => s !== null)) {
      // The merge of everything except group i, from prefix and suffix merges: linear in the number of senders.
      const prefix: (Uint8Array | null)[] = [null];
      for (const m of merged) prefix.push(prefix[prefix.length - 1] ? merge([prefix[prefix.length - 1] as Uint8Array, m]) : m);
      const suffix: (Uint8Array | null)[] = new Array<Uint8Array | null>(merged.length + 1).fill(null);
      for (let i = merged.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1] ? merge([merged[i] as Uint8Array, suffix[i + 1] as Uint8Array]) : (merged[i] as Uint8Array);
      senders.forEach((sender, i) => {
        if (!sender) return;
        const parts = [prefix[i], suffix[i + 1]].filter((p): p is Uint8Array => p !== null);
        own.set(sender, parts.length === 0 ? null : updateMessage(merge(parts)));
      });
    }
    for (const peer of this.peers) {
      const frame = own.has(peer) ? own.get(peer) : all;
      if (frame) peer.send(frame);
    }
  }

  flushPresence(): void {
    if (this.#presenceTimer) clearTimeout(this.#presenceTimer);
    this.#presenceTimer = null;
    if (this.#destroyed) return;
    // Document updates go first.
    if (this.#updates.length > 0) this.flushUpdates();
    this.#lastPresenceAt = performance.now();
    for (const peer of this.#missed.keys()) if (!this.peers.has(peer)) this.#missed.delete(peer);
    if (this.#changed.size === 0 && this.#missed.size === 0) return;
    const entries = new Map<number, Uint8Array>();
    const entry = (id: number) => {
      let bytes = entries.get(id);
      if (!bytes) entries.set(id, (bytes = awarenessEntry(this.awareness, id)));
      return bytes;
    };
    const frameOf = (ids: Iterable<number>, skip: ReadonlySet<number> | undefined) => {
      const parts: Uint8Array[] = [];
      for (const id of ids) if (!skip?.has(id) && this.awareness.meta.has(id)) parts.push(entry(id));
      return parts.length === 0 ? null : awarenessFrame(parts);
    };
    // The longest-waiting changes first (a Set keeps insertion order), as many as the frame's byte budget allows.
    const changed: number[] = [];
    const budget = this.presenceFrameBytes();
    let bytes = 0;
    for (const id of this.#changed) {
      if (changed.length > 0 && bytes >= budget) break;
      changed.push(id);
      this.#changed.delete(id);
      if (this.awareness.meta.has(id)) bytes += entry(id).length;
    }
    if (this.#changed.size > 0) this.#presenceTimer = setTimeout(this.#guarded(() => this.flushPresence()), this.presenceIntervalMs());
    const selected = new Set(changed);
    const shared = frameOf(changed, undefined);
    const { maxBacklogBytes } = this.options.presence;
    for (const peer of this.peers) {
      const missed = this.#missed.get(peer);
      if ((peer.backlog ?? 0) > maxBacklogBytes) {
        if (changed.length === 0) continue;
        if (missed) for (const id of changed) missed.add(id);
        else this.#missed.set(peer, new Set(changed));
        continue;
      }
      const own = peer.awarenessIds;
      let frame = shared;
      if (missed) {
        this.#missed.delete(peer);
        for (const id of changed) missed.add(id);
        frame = frameOf(missed, own);
      } else if (own && own.size > 0 && holdsAny(selected, own)) frame = frameOf(changed, own);
      if (frame) peer.send(frame);
    }
  }

  destroy(): void {
    this.#destroyed = true;
    if (this.#updateTimer) clearTimeout(this.#updateTimer);
    if (this.#presenceTimer) clearTimeout(this.#presenceTimer);
    this.#updateTimer = null;
    this.#presenceTimer = null;
    this.#updates = [];
    this.#changed.clear();
    this.#missed.clear();
  }
}

function holdsAny(set: ReadonlySet<number>, ids: ReadonlySet<number>): boolean {
  for (const id of ids) if (set.has(id)) return true;
  return false;
}

/** A state as JSON; one that cannot be written (states are bounded at the door, so never expected) goes as removed. */
function stateJson(state: unknown): string {
  try {
    return JSON.stringify(state ?? null);
  } catch {
    return 'null';
  }
}

/** One entry of an awareness update, encoded as y-protocols does: client id, clock, state as JSON (null: removed). */
function awarenessEntry(awareness: awarenessProtocol.Awareness, id: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, id);
  encoding.writeVarUint(encoder, awareness.meta.get(id)?.clock ?? 0);
  encoding.writeVarString(encoder, stateJson(awareness.getStates().get(id)));
  return encoding.toUint8Array(encoder);
}

/** One awareness message from encoded entries. */
function awarenessFrame(entries: readonly Uint8Array[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const bytes of entries) encoding.writeUint8Array(inner, bytes);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}
