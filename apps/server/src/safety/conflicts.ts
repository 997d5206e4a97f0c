import * as Y from 'yjs';
import { featuresMap } from '@ladder/board-doc';
import { CONFLICT_NOTICE } from '@ladder/wire';
import type { Plugin } from '../plugins';
import { clientsWrittenIn, itemBefore, madeIn, valueOf, type WrittenClient } from '../sync/before';
import { revertedNotice } from './guard';
import { summarise } from './rules';

/** An arriving value the room did not take: the one it had stays. */
export interface Conflict {
  featureId: string;
  field: string;
  /** The value the room had, which stays. */
  kept: unknown;
  /** The Yjs item holding it (its client and clock say who wrote it). */
  keptItem: Y.ID;
  /** The value the sender wrote, on top of an older one. */
  arriving: unknown;
}

/**
 * Inside a transaction still in progress: the feature fields it wrote on top of a value other than the one the room
 * held before it — the sender had not seen a newer change (an edit made offline meeting a newer live one). The value
 * the room held is set back, whatever the Yjs client ids made win; a field nobody else changed is no conflict.
 */
export function conflictsIn(doc: Y.Doc, txn: Y.Transaction, written: readonly WrittenClient[]): Conflict[] {
  const features = featuresMap(doc);
  // Per feature field and writing client: the first and the last item this transaction wrote (a client's items of one
  // field form a chain, each written on top of the one before).
  const fields = new Map<string, { featureId: string; map: Y.Map<unknown>; field: string; first: Y.Item; last: Y.Item }>();
  for (const { client, structs, from } of written) {
    for (let i = structs.length - 1; i >= 0; i--) {
      const struct = structs[i] as Y.Item | Y.GC;
      if (struct.id.clock + struct.length <= from) break;
      if (!(struct instanceof Y.Item) || typeof struct.parentSub !== 'string') continue;
      const map = struct.parent as Y.AbstractType<unknown> | null;
      const featureId = map?._item?.parentSub;
      if (!(map instanceof Y.Map) || !map._item || map._item.parent !== features || typeof featureId !== 'string' || madeIn(txn, map._item)) continue;
      const key = `${featureId}\u0000${struct.parentSub}\u0000${client}`;
      const known = fields.get(key);
      // Walking back: each item found is earlier than the ones before it.
      if (!known) fields.set(key, { featureId, map: map as Y.Map<unknown>, field: struct.parentSub, first: struct, last: struct });
      else known.first = struct;
    }
  }
  const out: Conflict[] = [];
  for (const { featureId, map, field, first, last } of fields.values()) {
    // The item the field held before the transaction.
    const current = itemBefore(txn, map, field);
    if (current === null || current.id.client === first.id.client) continue;
    // Written on top of what the room held: an ordinary edit.
    if (first.origin !== null && Y.compareIDs(first.origin, current.id)) continue;
    // What the room held is the server's compensation of this sender's own refused write: not someone else's change.
    if (current.id.client === doc.clientID && current.origin?.client === first.id.client) continue;
    const kept = valueOf(current);
    const arriving = valueOf(last);
    if (JSON.stringify(arriving) === JSON.stringify(kept)) continue;
    if (JSON.stringify(map.get(field)) !== JSON.stringify(kept)) map.set(field, kept);
    out.push({ featureId, field, kept, keptItem: current.id, arriving });
  }
  return out;
}

type Writer = { participantId: string | null; name: string };

/** Yjs clients remembered per room, and runs of authors per client (the server's own client writes for many people). */
const MAX_CLIENTS = 4096;
const MAX_RUNS = 64;

/**
 * Who wrote which Yjs items of one room since it loaded: per client id, runs of clocks by author. Bounded: the oldest
 * clients and runs are forgotten, and an item nobody is remembered for is credited to the feature's `updatedBy`.
 */
class Writers {
  readonly #runs = new Map<number, { from: number; who: Writer }[]>();

  note(written: readonly WrittenClient[], who: Writer): void {
    for (const { client, from } of written) {
      let runs = this.#runs.get(client);
      if (!runs) {
        if (this.#runs.size >= MAX_CLIENTS) this.#runs.delete(this.#runs.keys().next().value as number);
        runs = [];
        this.#runs.set(client, runs);
      }
      const last = runs.at(-1);
      if (last && last.who.participantId === who.participantId && last.who.name === who.name) continue;
      runs.push({ from, who });
      if (runs.length > MAX_RUNS) runs.shift();
    }
  }

  of(id: Y.ID): Writer | null {
    const runs = this.#runs.get(id.client);
    if (!runs) return null;
    for (let i = runs.length - 1; i >= 0; i--) if ((runs[i] as { from: number }).from <= id.clock) return (runs[i] as { who: Writer }).who;
    return null;
  }
}

/**
 * Conflicts, decided in the commit: an arriving value written on top of a value older than the room's current one
 * does not overwrite it; it is recorded as a `conflict` event (the value that stays in `from`, the arriving one in
 * `to`, its author) and its sender is told, so they can look and write it again if they still mean it.
 */
export function conflictsPlugin(): Plugin {
  const writers = new WeakMap<Y.Doc, Writers>();
  const writersOf = (doc: Y.Doc): Writers => {
    let known = writers.get(doc);
    if (!known) writers.set(doc, (known = new Writers()));
    return known;
  };
  const keptBy = (doc: Y.Doc, c: Conflict): Writer => {
    const known = writersOf(doc).of(c.keptItem);
    if (known) return known;
    // Written before this node loaded the room: the feature's last editor, as it says itself.
    const by = featuresMap(doc).get(c.featureId)?.get('updatedBy');
    return { participantId: typeof by === 'string' ? by : null, name: '' };
  };
  return {
    name: 'conflicts',
    onDecide(ctx) {
      const sender = ctx.sender;
      // The clients this update wrote for, read once: for the conflicts and for who wrote what.
      const written = clientsWrittenIn(ctx.txn);
      const conflicts = sender === null ? [] : conflictsIn(ctx.doc, ctx.txn, written);
      const named = conflicts.map((c) => ({ ...c, by: keptBy(ctx.doc, c) }));
      writersOf(ctx.doc).note(written, { participantId: ctx.author.participantId, name: ctx.author.name });
      if (sender === null || named.length === 0) return;
      ctx.compensate();
      ctx.record(named.map((c) => ({
        seq: ctx.seq, at: ctx.at, participantId: ctx.author.participantId, name: ctx.author.name, kind: 'conflict' as const,
        featureId: c.featureId, field: c.field, from: summarise(c.kept), to: summarise(c.arriving), keptBy: c.by,
      })));
      const text = named.slice(0, 3).map((c) => `${c.featureId}.${c.field}: ${c.by.name || 'someone'} changed it to ${JSON.stringify(c.kept)} after you last saw it; your ${JSON.stringify(c.arriving)} was kept aside.`).join(' ');
      ctx.afterCommit(() => sender.send(revertedNotice(`${CONFLICT_NOTICE} ${text} Apply yours anyway from the board, or set it again.`)));
    },
  };
}
