import * as Y from 'yjs';
import { CLOSE } from '../close-codes';
import type { UpdateEncoding } from '../storage/types';
import { FrameError } from './protocol';

// What the server agrees to store: the shape of the board's document (CONTRACT.md, "The shared document"), checked on
// the encoded update before it is stored, applied or sent on. A structure the server cannot handle (a chain of nested
// maps that overflows the stack when read, a value nested thousands deep, a megabyte field) never reaches the log.

export const STRUCTURE_LIMITS = {
  /** Entries one client update may add (map sets and array elements). A 300-card board written at once is ~4,000. */
  maxEntriesPerUpdate: 10_000,
  /** Bytes of one plain value as JSON: a feature field, a room setting, a canvas record, a round's state. */
  maxValueBytes: 64 * 1024,
  /** Bytes of one feature field as JSON (a description of 5,000 characters is under 20 KB). */
  maxFeatureValueBytes: 16 * 1024,
  /** Nesting of one plain value: objects and arrays inside each other (a tldraw record needs under 10). */
  maxValueDepth: 32,
  /** Fields of one feature (the contract names 13; the board adds a few). */
  maxFieldsPerFeature: 64,
  /** Bytes of a room's document; past it, client updates are refused (`LADDER_MAX_ROOM_BYTES`). */
  maxRoomBytes: 32 * 1024 * 1024,
} as const;

/** The document's top-level types and their kind; any other root is refused. */
const ROOTS: Readonly<Record<string, 'map' | 'array'>> = {
  features: 'map', meta: 'map', rounds: 'map', canvas: 'array',
  // The ART planning board (CONTRACT.md, "Planning").
  iterations: 'map', teams: 'map', dependencies: 'map', milestones: 'map',
  // PI objectives, risks, and the public state of confidence votes (the server's only).
  objectives: 'map', risks: 'map', confidence: 'map',
};

/** Roots whose entries are maps (a feature, a round, an entry of the planning board). */
const MAP_OF_MAPS: ReadonlySet<string> = new Set(['features', 'rounds', 'iterations', 'teams', 'dependencies', 'milestones', 'objectives', 'risks', 'confidence']);

/** Where a shared type lives: a root (depth 0), or a map inside a root under `key` (depth 1). */
interface Placement {
  root: string;
  depth: number;
  /** The key of the root under which a depth-1 type hangs (a feature id, a round id, `notes`). */
  key: string | null;
}

/** Where an item lives: its parent type, and the map key it is set under (null in an array). */
interface Where {
  parent: Placement;
  sub: string | null;
}

/** Why an item cannot be placed: its parent was collected (Yjs drops the item itself), or it is unknown here. */
type Unplaced = 'gone' | 'missing' | 'too-deep';

type Resolved = Where | Unplaced;

/** What an update carries: items, and collected ranges (GC) that stand for deleted content. */
type Struct = Y.Item | Y.GC;

/** A checked update, as `StructureCheck.accept` takes it. */
export interface Accepted {
  readonly byClient: Map<number, Struct[]>;
}

/**
 * Shared types may hang only here, and only as maps: a feature, a round, an entry of the planning board, the decision
 * notes; one level further only a team's capacity (iteration id → number).
 */
function typeAllowed(where: Where, type: Y.AbstractType<unknown>): boolean {
  if (!(type instanceof Y.Map) || where.sub === null) return false;
  if (where.parent.depth === 1) return where.parent.root === 'teams' && where.sub === 'capacity';
  if (where.parent.depth !== 0) return false;
  return MAP_OF_MAPS.has(where.parent.root) || (where.parent.root === 'meta' && where.sub === 'notes');
}

/** Plain values may be written two levels down only into a team's capacity (the one map allowed there). */
const deepWriteAllowed = (parent: Placement) => parent.depth === 2 && parent.root === 'teams';

/**
 * The code of a refusal for an update that builds on items the server does not have (yet): its sender's earlier
 * update may still be on its way (an edit sent before the answer to the server's sync step 1, or items another node
 * stored that this one has not received), so the room lets it wait for them a little before refusing it.
 */
export const UNKNOWN_DEPENDENCY = 'unknown_dependency';

const refused = (message: string) => new FrameError(CLOSE.BAD_UPDATE, 'refused_update', `Ladder refused a change: ${message}`);

/** The JSON size of `value` when it nests no deeper than `maxDepth` (read without recursion), or null. */
export function boundedJsonBytes(value: unknown, maxDepth: number): number | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) return null;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return Buffer.byteLength(JSON.stringify(value) ?? 'null');
}

/**
 * Checks client updates against the document's shape before they are stored. One check serves one batch: what an
 * earlier update of the batch adds is known to the later ones, as it will be once applied.
 */
export class StructureCheck {
  readonly #batch: Map<number, Struct[]>[] = [];

  constructor(private readonly doc: Y.Doc) {}

  /**
   * Throws FrameError (4422) for an update that breaks the document's shape. With `quotas`, the bounds on entries and
   * sizes apply too (the server's own writes are chunked by their callers instead). Returns what `accept` takes once
   * the update is let through.
   */
  check(update: Uint8Array, quotas = true, encoding: UpdateEncoding = 'v1'): Accepted {
    const { structs } = encoding === 'v2' ? Y.decodeUpdateV2(update) : Y.decodeUpdate(update);
    const byClient = new Map<number, Struct[]>();
    for (const struct of structs) {
      if (!(struct instanceof Y.Item) && !(struct instanceof Y.GC)) continue;
      const list = byClient.get(struct.id.client);
      if (list) list.push(struct);
      else byClient.set(struct.id.client, [struct]);
    }
    const lookups = [byClient, ...this.#batch];
    const memo = new Map<Y.Item, Resolved>();
    let entries = 0;
    const newFields = new Map<string, Set<string>>();
    for (const list of byClient.values()) {
      for (const item of list) {
        if (!(item instanceof Y.Item)) continue;
        const where = this.#resolve(item, lookups, memo, 0);
        if (where === 'gone') continue;
        if (where === 'missing') {
          throw new FrameError(CLOSE.BAD_UPDATE, UNKNOWN_DEPENDENCY, 'Ladder refused a change: it builds on changes the server never accepted; reload the page to resync.');
        }
        if (where === 'too-deep') throw refused('shared types nested inside each other; the board keeps plain values there.');
        if (where.parent.depth > 1 && !deepWriteAllowed(where.parent)) throw refused('a write into a nested shared type; the board keeps plain values there.');
        const kind = ROOTS[where.parent.root];
        if (kind === undefined) throw refused(`an unknown part of the document (${where.parent.root.slice(0, 40)}).`);
        const inMap = where.parent.depth > 0 || kind === 'map';
        if (inMap !== (where.sub !== null)) throw refused(`${where.parent.root} is written the wrong way (as a ${kind === 'map' ? 'list' : 'map'}).`);
        const content = item.content;
        if (content instanceof Y.ContentDeleted) continue;
        if (content instanceof Y.ContentType) {
          if (!typeAllowed(where, content.type)) throw refused(`a nested shared type in ${where.parent.root}; the board keeps plain values there.`);
          entries++;
          continue;
        }
        if (!(content instanceof Y.ContentAny)) throw refused(`content of a kind the board does not use (${content.constructor.name}).`);
        entries += content.arr.length;
        const feature = where.parent.root === 'features' && where.parent.depth === 1;
        const maxBytes = feature ? STRUCTURE_LIMITS.maxFeatureValueBytes : STRUCTURE_LIMITS.maxValueBytes;
        for (const value of content.arr) {
          const bytes = boundedJsonBytes(value, STRUCTURE_LIMITS.maxValueDepth);
          if (bytes === null) throw refused(`a value nested deeper than ${STRUCTURE_LIMITS.maxValueDepth} levels.`);
          if (quotas && bytes > maxBytes) {
            const name = feature ? `the feature field ${where.sub ?? ''}` : `a value in ${where.parent.root}`;
            throw refused(`${name.slice(0, 80)} is ${bytes} bytes; the limit is ${maxBytes}.`);
          }
        }
        if (feature && where.parent.key !== null && where.sub !== null) {
          const fields = newFields.get(where.parent.key) ?? new Set<string>();
          fields.add(where.sub);
          newFields.set(where.parent.key, fields);
        }
      }
    }
    if (!quotas) return { byClient };
    if (entries > STRUCTURE_LIMITS.maxEntriesPerUpdate) {
      throw refused(`one change of ${entries} entries; the limit is ${STRUCTURE_LIMITS.maxEntriesPerUpdate}. Make it in parts.`);
    }
    const features = this.doc.getMap('features');
    for (const [id, fields] of newFields) {
      const existing = features.get(id);
      const count = existing instanceof Y.Map ? new Set([...existing.keys(), ...fields]).size : fields.size;
      if (count > STRUCTURE_LIMITS.maxFieldsPerFeature) {
        throw refused(`the feature ${id.slice(0, 64)} would have ${count} fields; the limit is ${STRUCTURE_LIMITS.maxFieldsPerFeature}.`);
      }
    }
    return { byClient };
  }

  /** Makes a checked update's items known to the later updates of the batch. */
  accept(checked: Accepted): void {
    this.#batch.push(checked.byClient);
  }

  /** Where `item` lives, following its origins (within the update, without recursion) and nested types (bounded). */
  #resolve(item: Y.Item, lookups: readonly Map<number, Struct[]>[], memo: Map<Y.Item, Resolved>, level: number): Resolved {
    const chain: Y.Item[] = [];
    let current = item;
    let result: Resolved;
    for (;;) {
      const known = memo.get(current);
      if (known !== undefined) {
        result = known;
        break;
      }
      chain.push(current);
      const parent = current.parent as unknown;
      if (typeof parent === 'string') {
        result = { parent: { root: parent, depth: 0, key: null }, sub: current.parentSub };
        break;
      }
      if (parent instanceof Y.ID) {
        const placement = this.#typeAt(parent, lookups, memo, level);
        result = typeof placement === 'string' ? placement : { parent: placement, sub: current.parentSub };
        break;
      }
      const origin = current.origin ?? current.rightOrigin;
      if (!origin) {
        result = 'missing';
        break;
      }
      const next = findIn(lookups, origin);
      if (next instanceof Y.GC) {
        result = 'gone';
        break;
      }
      if (next) {
        current = next;
        continue;
      }
      result = this.#inDoc(origin);
      break;
    }
    // Items placed through their origin share its parent and key.
    for (const c of chain) memo.set(c, result);
    return result;
  }

  /** The placement of the shared type made by the item at `id`. */
  #typeAt(id: Y.ID, lookups: readonly Map<number, Struct[]>[], memo: Map<Y.Item, Resolved>, level: number): Placement | Unplaced {
    if (level > 2) return 'too-deep';
    const fresh = findIn(lookups, id);
    if (fresh instanceof Y.GC || fresh?.content instanceof Y.ContentDeleted) return 'gone';
    if (fresh) {
      if (!(fresh.content instanceof Y.ContentType)) return 'missing';
      const where = this.#resolve(fresh, lookups, memo, level + 1);
      if (typeof where === 'string') return where;
      return { root: where.parent.root, depth: where.parent.depth + 1, key: where.parent.depth === 0 ? where.sub : where.parent.key };
    }
    const struct = docStruct(this.doc, id);
    if (struct === null) return 'missing';
    // A deleted type (its content collected): Yjs drops what is written into it.
    if (!(struct instanceof Y.Item) || struct.content instanceof Y.ContentDeleted) return 'gone';
    if (!(struct.content instanceof Y.ContentType)) return 'missing';
    return placementOf(struct.content.type);
  }

  /** Where the integrated item at `id` lives. */
  #inDoc(id: Y.ID): Resolved {
    const struct = docStruct(this.doc, id);
    if (struct === null) return 'missing';
    if (!(struct instanceof Y.Item) || !(struct.parent instanceof Y.AbstractType)) return 'gone';
    const parent = placementOf(struct.parent);
    return typeof parent === 'string' ? parent : { parent, sub: struct.parentSub };
  }
}

/** The item of a pending update that holds `id`, if any (items of one client are in clock order). */
function findIn(lookups: readonly Map<number, Struct[]>[], id: Y.ID): Struct | null {
  for (const byClient of lookups) {
    const list = byClient.get(id.client);
    if (!list) continue;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const item = list[mid] as Struct;
      if (id.clock < item.id.clock) hi = mid - 1;
      else if (id.clock >= item.id.clock + item.length) lo = mid + 1;
      else return item;
    }
  }
  return null;
}

/** The struct of the document holding `id`, or null when the document does not have it. */
export function docStruct(doc: Y.Doc, id: Y.ID): Y.Item | Y.GC | null {
  if (id.clock >= Y.getState(doc.store, id.client)) return null;
  try {
    return Y.getItem(doc.store, id) as Y.Item | Y.GC;
  } catch {
    return null;
  }
}

/** Where an integrated shared type lives (walking up a bounded number of levels). */
function placementOf(type: Y.AbstractType<unknown>): Placement | Unplaced {
  let depth = 0;
  let key: string | null = null;
  let current: Y.AbstractType<unknown> = type;
  while (current._item !== null) {
    if (++depth > 2) return 'too-deep';
    key = current._item.parentSub;
    const parent = current._item.parent as unknown;
    if (!(parent instanceof Y.AbstractType)) return 'gone';
    current = parent;
  }
  const root = Y.findRootTypeKey(current);
  return { root, depth, key: depth === 0 ? null : key };
}
