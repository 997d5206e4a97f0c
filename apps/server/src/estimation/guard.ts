import * as Y from 'yjs';
import { featuresMap, isComponent, readRounds, roundsMap } from '@ladder/board-doc';
import { valueBefore } from '../sync/before';
import { docStruct } from '../sync/structure';

type Place = 'rounds' | 'elsewhere' | 'unknown';

const key = (id: Y.ID): string => `${id.client}:${id.clock}`;

/** Where an item of the live document lives: inside `rounds` or not. */
function placeOfDocItem(doc: Y.Doc, item: Y.Item, root = 'rounds'): Place {
  const rounds = root === 'rounds' ? roundsMap(doc) : doc.getMap(root);
  let type = item.parent as Y.AbstractType<unknown> | null;
  for (let depth = 0; type && depth < 64; depth++) {
    if (type === rounds) return 'rounds';
    const holder = type._item;
    if (!holder) return 'elsewhere';
    type = holder.parent as Y.AbstractType<unknown> | null;
  }
  return 'unknown';
}

function docItem(doc: Y.Doc, id: Y.ID): Y.Item | null {
  const struct = docStruct(doc, id);
  return struct instanceof Y.Item ? struct : null;
}

/**
 * True when an update would change the `rounds` map (add, change or delete anything in it). Only the server writes
 * the public state of rounds; a client that tries is refused. What the server already has (items it knows, deletions
 * it made) does not count: clients resend it when they connect. Items whose parent is not known yet (waiting for a
 * missing part) are judged when that part arrives, since the part that links them in is checked too.
 */
export function touchesRounds(doc: Y.Doc, update: Uint8Array): boolean {
  return touchesRoot(doc, update, 'rounds');
}

/** The same for any top-level map only the server writes (`rounds`, `confidence`). */
export function touchesRoot(doc: Y.Doc, update: Uint8Array, root: string): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  const inUpdate = new Map<string, Y.Item>();
  for (const s of structs) if (s instanceof Y.Item) inUpdate.set(key(s.id), s);
  const placeOf = (item: Y.Item, depth: number): Place => {
    if (depth > 64) return 'unknown';
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return parent === root ? 'rounds' : 'elsewhere';
    if (parent instanceof Y.ID) {
      const holder = inUpdate.get(key(parent)) ?? docItem(doc, parent);
      if (!holder) return 'unknown';
      return inUpdate.has(key(parent)) ? placeOfHolder(holder, depth + 1) : placeOfHolderInDoc(holder);
    }
    // No parent written: it is the parent of its neighbour.
    for (const near of [item.origin, item.rightOrigin]) {
      if (!near) continue;
      const sibling = inUpdate.get(key(near)) ?? docItem(doc, near);
      if (!sibling) continue;
      return inUpdate.has(key(near)) ? placeOf(sibling, depth + 1) : placeOfDocItem(doc, sibling, root);
    }
    return 'unknown';
  };
  // An item that holds a type: the type is inside `rounds` when the item is, or when the item is the round map itself.
  const placeOfHolder = (holder: Y.Item, depth: number): Place => placeOf(holder, depth);
  const placeOfHolderInDoc = (holder: Y.Item): Place => {
    if (holder.parent === (root === 'rounds' ? roundsMap(doc) : doc.getMap(root))) return 'rounds';
    return placeOfDocItem(doc, holder, root);
  };
  // What the server has already is skipped by Yjs: a client that resends it (its whole state on connect) is fine.
  const known = (id: Y.ID, length: number): boolean => id.clock + length <= Y.getState(doc.store, id.client);
  for (const s of structs) if (s instanceof Y.Item && !known(s.id, s.length) && placeOf(s, 0) === 'rounds') return true;
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len;) {
        const item = docItem(doc, Y.createID(client, clock));
        if (!item) break;
        // A client's update always carries its whole delete set: only a deletion the server has not made counts.
        if (!item.deleted && placeOfDocItem(doc, item, root) === 'rounds') return true;
        clock = item.id.clock + item.length;
      }
    }
  }
  return false;
}

/** A change of a component a live round estimates, refused: the feature, the field, the value sent, the value kept. */
export interface LockedChange {
  featureId: string;
  field: string;
  value: unknown;
  before: unknown;
  reason: string;
}

/**
 * Inside a transaction still in progress: the components it changed that a live round (open or revealed, not yet
 * accepted) estimates, each set back to what it held before the transaction. Answers what it set back.
 */
export function lockedChanges(doc: Y.Doc, txn: Y.Transaction): LockedChange[] {
  const live = readRounds(doc).filter((r) => r.status === 'open' || r.status === 'revealed');
  if (live.length === 0) return [];
  const features = featuresMap(doc);
  const out: LockedChange[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the type of txn.changed keys in yjs
  const changed: [Y.AbstractType<Y.YEvent<any>>, (string | null)[]][] = [];
  txn.changed.forEach((keys, type) => changed.push([type, [...keys]]));
  for (const [type, keys] of changed) {
    const featureId = type._item?.parentSub;
    if (type._item?.parent !== features || typeof featureId !== 'string' || !(type instanceof Y.Map)) continue;
    for (const field of keys) {
      if (field === null || !isComponent(field)) continue;
      const round = live.find((r) => r.featureIds.includes(featureId) && r.components.includes(field));
      if (!round) continue;
      const map = type as Y.Map<unknown>;
      const before = valueBefore(txn, map, field);
      const value = map.get(field);
      if (before.had && JSON.stringify(before.value) === JSON.stringify(value)) continue;
      if (before.had) map.set(field, before.value);
      else map.delete(field);
      out.push({ featureId, field, value, before: before.value, reason: `a round is ${round.status === 'open' ? 'open' : 'revealed'} on ${field} of this feature: only its accept sets it.` });
    }
  }
  return out;
}
