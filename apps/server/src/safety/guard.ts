import type * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { writePermissionDenied } from 'y-protocols/auth';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { CLOSE } from '../close-codes';
import type { Author, CommitContext, Plugin } from '../plugins';
import type { HistoryEvent, Storage } from '../storage/types';
import type { RoomPeer } from '../sync/room';
import type { RoomManager } from '../sync/rooms';
import { applyFixes } from './fixes';
import { metaRequired, summarise, type Plain, type Violation } from './rules';
import { ValidityTracker, type Offence } from './tracker';

/** Reverting updates a connection may send before it is closed. */
export const MAX_VIOLATIONS = 3;
/** Participants whose strikes are remembered, at most (the least recent offenders are forgotten first). */
const MAX_STRIKE_ENTRIES = 100_000;

/** The server, when it reverts an invalid change on its own. */
export const GUARD_AUTHOR: Author = Object.freeze({ participantId: null, name: 'Ladder (reverted an invalid change)', role: null });

export interface Guard {
  plugin: Plugin;
  /** Marks authors whose changes are not checked (the server's own reverts and restores). */
  trust(author: Author): Author;
}

interface Closable {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

function isClosable(peer: unknown): peer is Closable {
  return typeof (peer as Closable | null)?.close === 'function' && typeof (peer as Closable | null)?.send === 'function';
}

/** The y-websocket message type of auth messages (y-protocols/auth). */
const MESSAGE_AUTH = 2;

/**
 * Tells the sender why its change was reverted, as a y-protocols auth "permission denied" message: the stock
 * y-websocket client reports the reason (console.warn) and stays connected.
 */
export function revertedNotice(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** What the sender is told: which values were refused, and why. */
export function noticeOf(violations: readonly Violation[]): string {
  const parts = violations.slice(0, 5).map((v) => `${[v.featureId ?? 'meta', v.field].filter((p) => p !== null && p !== '').join('.')}: ${v.reason}`);
  const more = violations.length > 5 ? ` and ${violations.length - 5} more` : '';
  return `Ladder reverted your change: ${parts.join(' ')}${more}`;
}

/** A close reason within the WebSocket limit of 123 bytes, cut at a character boundary. */
export function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** History events (kind `reverted`) that record an offence: the offending value, the value put back and why. */
export function offenceEvents(offence: Offence, at: number): HistoryEvent[] {
  return offence.violations.map((v: Violation) => ({
    seq: offence.seq, at, participantId: offence.author.participantId, name: offence.author.name, kind: 'reverted',
    featureId: v.featureId ?? '', field: v.featureId === null ? `meta.${v.field ?? ''}` : v.field,
    from: summarise(v.value),
    to: { value: v.fix.op === 'set' ? v.fix.value : v.fix.op === 'feature' ? v.fix.fields : null, reason: v.reason },
  }));
}

/**
 * The fixes for values found invalid at load whose revert was recorded but never made (a `reverted` event with no later
 * change of that field): the value that event meant to put back. Other invalid values (an estimate left off the scale
 * by a later change of the scale) are left to the readers, which skip them.
 */
async function pendingFixes(storage: Storage, roomId: string, stale: readonly Violation[]): Promise<Violation[]> {
  const events = await storage.history(roomId);
  const out: Violation[] = [];
  for (const v of stale) {
    const featureId = v.featureId ?? '';
    const field = v.featureId === null ? `meta.${v.field ?? ''}` : v.field;
    const same = events.filter((e) => e.featureId === featureId && (e.field === field || e.field === null || v.field === null));
    const last = same.findLast((e) => e.kind === 'reverted' && e.field === field);
    if (!last || same.some((e) => e.seq > last.seq)) continue;
    const to = (last.to as { value?: unknown } | null)?.value;
    if (v.fix.op === 'feature') out.push({ ...v, fix: { op: 'feature', fields: typeof to === 'object' && to !== null ? to as Plain : null } });
    else if (to !== null && to !== undefined) out.push({ ...v, fix: { op: 'set', value: to } });
    else if (v.featureId !== null || !metaRequired(v.field ?? '')) out.push(v);
  }
  return out;
}

/**
 * Semantic validation: after every applied update, what it changed in `features` and `meta` is checked against the
 * board's rules; an invalid change is reverted at once by a server change of its own, recorded in history as
 * `reverted` with the reason and counted; a participant who keeps sending such changes is closed with 4409, and after
 * a reconnect at their next one (strikes count per participant of the room, not per connection).
 */
export function guard(registry: Registry, deps: { rooms: RoomManager; logger: Logger }): Guard {
  const trackers = new WeakMap<Y.Doc, ValidityTracker>();
  const trusted = new WeakSet<Author>([GUARD_AUTHOR]);
  // Strikes per participant of a room, not per connection: a reconnect does not wipe them. The oldest go first past a
  // bound (participants are created by joining), so the map cannot grow without end.
  const strikes = new Map<string, number>();
  const strike = (roomId: string, author: Author): number => {
    const key = `${roomId} ${author.participantId ?? ''}`;
    const count = (strikes.get(key) ?? 0) + 1;
    strikes.delete(key);
    strikes.set(key, count);
    if (strikes.size > MAX_STRIKE_ENTRIES) strikes.delete(strikes.keys().next().value as string);
    return count;
  };
  const reverted = new Counter({
    name: 'ladder_reverted_changes_total',
    help: 'Invalid changes to features or room settings that the server reverted',
    labelNames: ['target'] as const,
    registers: [registry],
  });

  const revert = (roomId: string, violations: Violation[]): void => {
    const { rooms, logger } = deps;
    void rooms.withRoom(roomId, (room) => room.change(GUARD_AUTHOR, (doc) => applyFixes(doc, violations)))
      .catch((error: unknown) => logger.error({ err: error, roomId }, 'reverting an invalid change failed'));
  };

  /** Records an offence in history and metrics, tells its sender after the commit, and closes a repeat offender. */
  const refuse = (offence: Offence, ctx: CommitContext): void => {
    for (const v of offence.violations) reverted.inc({ target: v.featureId === null ? 'meta' : 'feature' });
    ctx.record(offenceEvents(offence, ctx.at));
    const sender = offence.sender;
    if (!sender || !isClosable(sender)) return;
    const count = strike(ctx.roomId, offence.author);
    const first = offence.violations[0] as Violation;
    ctx.afterCommit(() => {
      sender.send(revertedNotice(noticeOf(offence.violations)));
      if (count >= MAX_VIOLATIONS) {
        sender.close(CLOSE.INVALID_CHANGES, closeReason(`Changes were reverted ${count} times (last: ${first.reason}); fix the client, then reload.`));
      }
    });
  };

  const plugin: Plugin = {
    name: 'safety',
    async onLoadRoom({ roomId, doc, storage }) {
      const tracker = new ValidityTracker(doc, (author) => trusted.has(author));
      trackers.set(doc, tracker);
      const stale = tracker.invalidAtLoad();
      if (stale.length === 0) return;
      // The server stopped between an invalid change and its revert: the `reverted` events stored with the invalid
      // change say what to put back; the revert is made now.
      const fixes = await pendingFixes(storage, roomId, stale);
      if (fixes.length > 0) revert(roomId, fixes);
    },
    // Decided in the commit itself: what an update changed that breaks the rules is changed back in the same
    // transaction, so no peer, no stored state and no ranking ever holds the refused value.
    onDecide(ctx) {
      const tracker = trackers.get(ctx.doc);
      if (!tracker || trusted.has(ctx.author)) return;
      const violations = tracker.violationsIn(ctx.txn, ctx.author.role);
      if (violations.length > 0) {
        applyFixes(ctx.doc, violations);
        ctx.compensate();
        refuse({ seq: ctx.seq, author: ctx.author, sender: ctx.sender as RoomPeer | null, violations }, ctx);
      }
      tracker.decided(ctx.txn);
    },
    // What a decision could not put right (a fix that no longer applied) is reverted by a change of the server's own.
    onUpdate(ctx) {
      const offences = trackers.get(ctx.doc)?.take() ?? [];
      for (const found of offences) {
        refuse({ ...found, seq: ctx.seq }, ctx);
        revert(ctx.roomId, found.violations);
      }
    },
    onUnloadRoom({ doc }) {
      trackers.get(doc)?.stop();
      trackers.delete(doc);
    },
  };
  return {
    plugin,
    trust(author) {
      trusted.add(author);
      return author;
    },
  };
}
