import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '@ladder/board-doc';
import type { Storage } from './storage/types';

/** Who an update is attributed to. participantId null: the server itself, on nobody's behalf. */
export interface Author {
  participantId: string | null;
  name: string;
  role: Role | null;
  /** Set when the change comes from an estimation round (its accept): history events then name the round. */
  roundId?: string;
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

export interface UpdateContext extends RoomContext {
  update: Uint8Array;
  author: Author;
  seq: number;
  at: number;
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
  /**
   * After the update got its seq and was applied, inside its group commit: `appendHistory` on `ctx.storage` lands in
   * the same transaction as the update; use `afterCommit(ctx.storage, fn)` (`sync/batch-storage`) for anything other
   * nodes or clients see.
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
