import type * as Y from 'yjs';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { CLOSE } from '../close-codes';
import type { Author, Plugin } from '../plugins';
import type { HistoryEvent } from '../storage/types';
import type { RoomManager } from '../sync/rooms';
import { applyFixes } from './fixes';
import { summarise, type Violation } from './rules';
import { ValidityTracker, type Offence } from './tracker';

/** Reverting updates a connection may send before it is closed. */
export const MAX_VIOLATIONS = 3;

/** The server, when it reverts an invalid change on its own. */
export const GUARD_AUTHOR: Author = Object.freeze({ participantId: null, name: 'Ladder (reverted an invalid change)', role: null });

export interface Guard {
  plugin: Plugin;
  /** Marks authors whose changes are not checked (the server's own reverts and restores). */
  trust(author: Author): Author;
  attach(deps: { rooms: RoomManager; logger: Logger }): void;
}

interface Closable {
  close(code: number, reason: string): void;
}

function isClosable(peer: unknown): peer is Closable {
  return typeof (peer as Closable | null)?.close === 'function';
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
 * Semantic validation: after every applied update, what it changed in `features` and `meta` is checked against the
 * board's rules; an invalid change is reverted at once by a server change of its own, recorded in history as
 * `reverted` with the reason and counted; a connection that keeps sending such changes is closed with 4409.
 */
export function guard(registry: Registry): Guard {
  const trackers = new WeakMap<Y.Doc, ValidityTracker>();
  const trusted = new WeakSet<Author>([GUARD_AUTHOR]);
  const strikes = new WeakMap<object, number>();
  let deps: { rooms: RoomManager; logger: Logger } | null = null;
  const reverted = new Counter({
    name: 'ladder_reverted_changes_total',
    help: 'Invalid changes to features or room settings that the server reverted',
    labelNames: ['target'] as const,
    registers: [registry],
  });

  const revert = (roomId: string, violations: Violation[]): void => {
    if (!deps) return;
    const { rooms, logger } = deps;
    void rooms.withRoom(roomId, (room) => room.edit(GUARD_AUTHOR, (doc) => applyFixes(doc, violations)))
      .catch((error: unknown) => logger.error({ err: error, roomId }, 'reverting an invalid change failed'));
  };

  const plugin: Plugin = {
    name: 'safety',
    onLoadRoom({ doc }) {
      trackers.set(doc, new ValidityTracker(doc, (author) => trusted.has(author)));
    },
    async onUpdate({ roomId, doc, storage, at }) {
      const offences = trackers.get(doc)?.take() ?? [];
      if (offences.length === 0) return;
      for (const offence of offences) {
        for (const v of offence.violations) reverted.inc({ target: v.featureId === null ? 'meta' : 'feature' });
        await storage.appendHistory(roomId, offenceEvents(offence, at));
        revert(roomId, offence.violations);
        const sender = offence.sender;
        if (sender && isClosable(sender)) {
          const count = (strikes.get(sender) ?? 0) + 1;
          strikes.set(sender, count);
          if (count >= MAX_VIOLATIONS) {
            const first = offence.violations[0] as Violation;
            sender.close(CLOSE.INVALID_CHANGES, closeReason(`Changes were reverted ${count} times (last: ${first.reason}); fix the client, then reload.`));
          }
        }
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
    attach(given) {
      deps = given;
    },
  };
}
