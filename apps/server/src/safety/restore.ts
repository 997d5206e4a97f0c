import * as Y from 'yjs';
import { canvasArray, featuresMap, metaMap, PI_ROOTS, PLAN_ROOTS, readMeta, RECOVERY_KEY } from '@ladder/board-doc';

/** Where the decision notes live in `meta` (board-doc's `addNote`). */
const NOTES_KEY = 'notes';
import { featureMapOf } from './fixes';
import { featureProblem, metaProblem, plainOf, plainValue, type Plain } from './rules';

/** Equal as plain values (compared as JSON). */
export function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** What a restore changed: features created, deleted or changed, settings changed, and whether the canvas was replaced. */
export interface RestoreSummary {
  created: number;
  deleted: number;
  changed: number;
  meta: number;
  /** Writes to the entries of the planning board, the objectives and the risks. */
  plan: number;
  canvas: boolean;
}

/** Who a server change is made for: written as a changed feature's `updatedBy`/`updatedAt`, as any edit does. */
export interface EditedBy {
  participantId: string;
  now: number;
}

/** Who touched a feature last: not part of its content, and stamped anew by a restore or revert itself. */
export const BOOKKEEPING: ReadonlySet<string> = new Set(['updatedBy', 'updatedAt']);

export function stamp(map: Y.Map<unknown>, by: EditedBy): void {
  map.set('updatedBy', by.participantId);
  map.set('updatedAt', by.now);
}

/** A past entry as it is written into the live document: a nested shared type becomes a fresh one of the same kind. */
function copyOf(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.clone() : value;
}

/** Both plain values, or shared types of the same kind (a Y.Map is never "the same" as the plain object it reads as). */
function sameKind(a: unknown, b: unknown): boolean {
  const typeA = a instanceof Y.AbstractType;
  const typeB = b instanceof Y.AbstractType;
  return typeA === typeB && (!typeA || (a as object).constructor === (b as object).constructor);
}

/**
 * Makes `map[key]` what `past` is, writing only what differs: a nested Y.Map is synced key by key (so an entry that
 * did not change is not rewritten and a concurrent client's entry merges into the same map), a nested Y.Array gets
 * the past items in place; anything else is set. Answers how many writes it made.
 */
function syncEntry(map: Y.Map<unknown>, key: string, past: unknown): number {
  const current = map.get(key);
  if (map.has(key) && sameKind(current, past)) {
    if (current instanceof Y.Map) return syncMap(current, past as Y.Map<unknown>);
    if (same(plainValue(current), plainValue(past))) return 0;
    if (current instanceof Y.Array) {
      current.delete(0, current.length);
      current.insert(0, (past as Y.Array<unknown>).toArray().map(copyOf));
      return 1;
    }
  }
  map.set(key, copyOf(past));
  return 1;
}

/** Makes one map's entries equal those of `source` (only what differs is written; `skip` keys are left alone). */
function syncMap(map: Y.Map<unknown>, source: Y.Map<unknown>, skip: ReadonlySet<string> = new Set()): number {
  let writes = 0;
  for (const key of [...map.keys()]) {
    if (skip.has(key)) continue;
    if (!source.has(key)) {
      map.delete(key);
      writes++;
    }
  }
  for (const [key, value] of source.entries()) {
    if (skip.has(key)) continue;
    writes += syncEntry(map, key, value);
  }
  return writes;
}

/** A map's entries as they are (nested shared types included, so the rules can refuse them in a feature). */
function entriesOf(map: Y.Map<unknown>): Plain {
  return Object.fromEntries(map.entries());
}

/** The entries of `entries` that pass `problem`, and the keys of those that do not. */
function validPart(entries: Plain, problem: (key: string, value: unknown) => string | null): { valid: Plain; invalid: Set<string> } {
  const valid: Plain = {};
  const invalid = new Set<string>();
  for (const [key, value] of Object.entries(entries)) {
    if (problem(key, value) === null) valid[key] = value;
    else invalid.add(key);
  }
  return { valid, invalid };
}

/**
 * Turns `doc`'s features, settings, planning board and canvas into what they are in `past`, writing only the differences
 * (to be run inside one transaction, so the restore is one change). Each feature it changes or brings back is
 * marked as updated by `by`. A value that breaks the board's rules in `past` (a point between an invalid change and
 * the server's revert of it) is never written back: the current value stays.
 */
export function restoreInto(doc: Y.Doc, past: Y.Doc, by: EditedBy): RestoreSummary {
  const summary: RestoreSummary = { created: 0, deleted: 0, changed: 0, meta: 0, plan: 0, canvas: false };
  const features = featuresMap(doc);
  const pastFeatures = featuresMap(past);
  for (const id of [...features.keys()]) {
    if (!(pastFeatures.get(id) instanceof Y.Map)) {
      features.delete(id);
      summary.deleted++;
    }
  }
  const { scale } = readMeta(past);
  pastFeatures.forEach((pastMap, id) => {
    if (!(pastMap instanceof Y.Map)) return;
    const { valid: target, invalid } = validPart(entriesOf(pastMap), (field, value) => featureProblem(id, field, value, scale));
    const current = features.get(id) as unknown;
    if (current instanceof Y.Map) {
      if (syncMap(current, pastMap, new Set([...BOOKKEEPING, ...invalid])) > 0) {
        stamp(current, by);
        summary.changed++;
      }
    } else {
      const map = featureMapOf(target);
      features.set(id, map as Y.Map<unknown>);
      stamp(map, by);
      summary.created++;
    }
  });
  // Settings are checked as plain values, but written as what they are: `notes` stays a Y.Map of notes.
  const meta = validPart(plainOf(metaMap(past)), metaProblem);
  // The last recovery mark is not a setting: it stays as it is (the restore writes its own). Nor are the decision
  // notes: a restore changes features and settings, never the record of why.
  summary.meta = syncMap(metaMap(doc), metaMap(past), new Set([...meta.invalid, RECOVERY_KEY, NOTES_KEY]));
  // The planning board, the objectives and the risks: their entries as they were (placements came back with the
  // features' `iteration`). Confidence votes are the server's record of what was voted: they stay.
  for (const root of [...PLAN_ROOTS, ...PI_ROOTS]) summary.plan += syncMap(doc.getMap<unknown>(root), past.getMap<unknown>(root));
  const canvas = canvasArray(doc);
  const pastCanvas = canvasArray(past).toArray();
  if (!same(canvas.toArray(), pastCanvas)) {
    canvas.delete(0, canvas.length);
    canvas.insert(0, pastCanvas.map((entry) => JSON.parse(JSON.stringify(entry)) as { key: string; val: unknown }));
    summary.canvas = true;
  }
  return summary;
}
