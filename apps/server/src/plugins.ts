import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '@ladder/board-doc';
import type { TokenSigner } from './auth/tokens';
import type { HistoryEvent, Storage } from './storage/types';
import type { RoomManager } from './sync/rooms';

/**
 * The server's parts a plugin is made with. The room manager reads the server's plugin list when it uses it, so a
 * plugin can hold the manager from the start: nothing is attached later, nothing is nullable.
 */
export interface PluginDeps {
  storage: Storage;
  rooms: RoomManager;
  signer: TokenSigner;
  logger: Logger;
}

/** Who an update is attributed to. participantId null: the server itself, on nobody's behalf. */
export interface Author {
  participantId: string | null;
  name: string;
  role: Role | null;
  /** Set when the change comes from an estimation round (its accept): history events then name the round. */
  roundId?: string;
  /** Set when the server writes a confidence vote's public state (only the server writes `confidence`). */
  confidenceId?: string;
}

export interface RoomContext {
  roomId: string;
  doc: Y.Doc;
  storage: Storage;
}

/** A room just loaded: also its presence (awareness), e.g. for a fan-out to other server nodes. */
export interface LoadRoomContext extends RoomContext {
  awareness: Awareness;
}

export interface AuthenticateContext {
  roomId: string;
  participantId: string;
  name: string;
  role: Role;
}

export interface StoreUpdateContext extends RoomContext {
  update: Uint8Array;
  author: Author;
}

/** The connection an update came from, as the commit pipeline sees it. */
export interface CommitSender {
  send(frame: Uint8Array): void;
  close?(code: number, reason: string): void;
}

/** What every step of one commit shares: the room, who and when, and the commit's own history and after-work. */
export interface CommitContext {
  roomId: string;
  doc: Y.Doc;
  author: Author;
  /** The connection that sent the update; null for the server's own changes. */
  sender: CommitSender | null;
  seq: number;
  at: number;
  /** History events, stored in the same transaction as the update. */
  record(events: readonly HistoryEvent[]): void;
  /** Runs once the commit is stored, before its update is acknowledged (what other nodes or clients see). */
  afterCommit(fn: () => void): void;
}

/**
 * Inside the Yjs transaction that applies an update, before anything is stored or sent: `txn.changed` names what it
 * changed. A hook that refuses part of it changes the document back in this same transaction and calls `compensate`:
 * peers then receive, and storage keeps, the transaction's net effect, in which the refused value never appears.
 */
export interface DecideContext extends CommitContext {
  txn: Y.Transaction;
  compensate(): void;
}

/** After the update is applied, inside the storage transaction of its commit. */
export interface UpdateContext extends CommitContext {
  storage: Storage;
  /** The update as stored and sent on (the net effect when it was compensated). */
  update: Uint8Array;
}

export interface CloseContext {
  roomId: string | null;
  code: number;
  reason: string;
}

/**
 * A server plugin: hooks run in the order the plugins are given; a hook that throws rejects the action
 * (the connection, the load, the update). Notification hooks (`onConnect`, `onDisconnect`, `onClose`, `onDropUpdate`) cannot reject.
 */
export interface Plugin {
  name: string;
  /** A connection with a genuine participant token, before it joins the room. */
  onAuthenticate?(ctx: AuthenticateContext): void | Promise<void>;
  /** A room's document was loaded from storage (before any client sees it). */
  onLoadRoom?(ctx: LoadRoomContext): void | Promise<void>;
  /** Before an update is stored: throw to refuse it. */
  onStoreUpdate?(ctx: StoreUpdateContext): void | Promise<void>;
  /** Synchronous, inside the transaction applying an update: refuse what breaks the rules by compensating it. */
  onDecide?(ctx: DecideContext): void;
  /**
   * After the update got its seq and was applied, inside its group commit: `ctx.record` stores history in the same
   * transaction as the update; `ctx.afterCommit` for anything other nodes or clients see.
   */
  onUpdate?(ctx: UpdateContext): void | Promise<void>;
  /** The last client left and the room is being unloaded. */
  onUnloadRoom?(ctx: RoomContext): void | Promise<void>;
  onConnect?(ctx: { roomId: string; role: Role; participantId: string; name: string }): void;
  /** A connection that `onConnect` announced has left its room. */
  onDisconnect?(ctx: { roomId: string; role: Role; participantId: string }): void;
  /** A connection ended; `byServer` when the server closed it (a refusal, an error or a shutdown). */
  onClose?(ctx: CloseContext & { byServer: boolean }): void;
  /** An update from a role that may not write was dropped. */
  onDropUpdate?(ctx: { roomId: string; role: Role; bytes: number }): void;
  /** The plugin's HTTP routes, registered with the server's own before it listens. */
  routes?(app: FastifyInstance): void;
  /** The server is shutting down: stop timers. */
  stop?(): void;
}

type HookName = 'onAuthenticate' | 'onLoadRoom' | 'onStoreUpdate' | 'onUpdate' | 'onUnloadRoom';
type HookArg<K extends HookName> = Parameters<NonNullable<Plugin[K]>>[0];

/** Runs one hook of every plugin in order; the first throw propagates. */
export async function runHook<K extends HookName>(plugins: readonly Plugin[], hook: K, ctx: HookArg<K>): Promise<void> {
  for (const plugin of plugins) {
    const fn = plugin[hook] as ((arg: HookArg<K>) => void | Promise<void>) | undefined;
    if (fn) await fn.call(plugin, ctx);
  }
}

/**
 * Runs every plugin's `onDecide` in order inside the applying transaction. A hook that throws is reported to `onError`
 * and the others still run: a policy check must never leave a transaction half done.
 */
export function decide(plugins: readonly Plugin[], ctx: DecideContext, onError: (error: unknown) => void): void {
  for (const plugin of plugins) {
    if (!plugin.onDecide) continue;
    try {
      plugin.onDecide(ctx);
    } catch (error) {
      onError(error);
    }
  }
}

/** Calls a notification hook of every plugin; a throw there is logged by the caller's `onError`, never propagated. */
export function notify<K extends 'onConnect' | 'onDisconnect' | 'onClose' | 'onDropUpdate'>(
  plugins: readonly Plugin[], hook: K, ctx: Parameters<NonNullable<Plugin[K]>>[0], onError: (error: unknown) => void,
): void {
  for (const plugin of plugins) {
    const fn = plugin[hook] as ((arg: typeof ctx) => void) | undefined;
    if (!fn) continue;
    try {
      fn.call(plugin, ctx);
    } catch (error) {
      onError(error);
    }
  }
}
