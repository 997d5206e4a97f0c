import * as Y from 'yjs';
import { featuresMap, PI_ROOTS, PLAN_ROOTS, readMeta, replacePlanEntry, toPlain, type PlanRoot } from '@ladder/board-doc';
import type { HistoryEvent } from '../storage/types';
import { featureMapOf } from './fixes';
import { BOOKKEEPING, same, stamp, type EditedBy } from './restore';
import { featureProblem, plainValue, type Plain } from './rules';

/** One change a revert makes. */
export type RevertChange =
  | { op: 'set'; featureId: string; field: string; value: unknown }
  | { op: 'delete'; featureId: string; field: string }
  | { op: 'deleteFeature'; featureId: string }
  | { op: 'recreateFeature'; featureId: string; fields: Plain }
  /** An entry of the planning board put back as it was (null: removed). `featureId` is the event's (a dependency's `to`). */
  | { op: 'plan'; featureId: string; root: PlanRoot; key: string; value: Plain | null };

/** `iterations.<id>`, `objectives.<id>` … → the entry's root and key, or null for any other field. */
function planTarget(field: string | null): { root: PlanRoot; key: string } | null {
  if (field === null) return null;
  const dot = field.indexOf('.');
  const root = field.slice(0, dot) as PlanRoot;
  return dot > 0 && ([...PLAN_ROOTS, ...PI_ROOTS] as readonly string[]).includes(root) ? { root, key: field.slice(dot + 1) } : null;
}

/** A change of the participant that stays, because someone else changed the same thing later. */
export interface RevertConflict {
  featureId: string;
  field: string | null;
  seq: number;
  by: string;
  reason: string;
}

export interface RevertPlan {
  changes: RevertChange[];
  conflicts: RevertConflict[];
}

const EDITS = new Set(['created', 'deleted', 'changed']);

/** Puts a field back to `value`: it is removed when it had none. */
function backTo(featureId: string, field: string, value: unknown): RevertChange {
  return value === null || value === undefined ? { op: 'delete', featureId, field } : { op: 'set', featureId, field, value };
}

/**
 * What undoing every change of `participantId` among `events` (those in the window, oldest first) takes, given the
 * current `doc`: each field goes back to its value before their first change unless someone else changed it later.
 */
export function planRevert(doc: Y.Doc, events: readonly HistoryEvent[], participantId: string): RevertPlan {
  // A restore or a revert is the facilitator's action on the board, not a competing edit of every field it touched:
  // the changes stored with one are left out.
  const recoveries = new Set(events.filter((e) => e.kind === 'restored' || (e.kind === 'reverted' && e.featureId === '')).map((e) => e.seq));
  const edits = events.filter((e) => EDITS.has(e.kind) && !recoveries.has(e.seq));
  const laterByOther = (featureId: string, field: string | null, afterSeq: number): HistoryEvent | undefined =>
    edits.find((e) => e.seq > afterSeq && e.participantId !== participantId && e.featureId === featureId
      && (field === null || e.field === null || e.field === field));
  const features = featuresMap(doc);
  const { scale } = readMeta(doc);
  const changes: RevertChange[] = [];
  const conflicts: RevertConflict[] = [];
  const conflict = (e: HistoryEvent, other: HistoryEvent, what: string): void => {
    conflicts.push({ featureId: e.featureId, field: e.field, seq: other.seq, by: other.name, reason: `${other.name} ${what} later (update ${other.seq}).` });
  };
  const created = new Set<string>();
  const seenFields = new Set<string>();
  const recreated = new Set<string>();
  const mine = edits.filter((e) => e.participantId === participantId);
  const deletedByThem = new Set(mine.filter((e) => e.kind === 'deleted').map((e) => e.featureId));
  // Their first change of each feature in the window: only a feature whose first is `created` is one they created (a
  // later `created` is a deleted feature brought back, as an undo does).
  const first = new Map<string, string>();
  for (const e of mine) if (!first.has(e.featureId)) first.set(e.featureId, e.kind);
  const fieldKey = (featureId: string, field: string) => `${featureId}\u0000${field}`;
  for (const e of mine) {
    if (e.kind === 'created') {
      if (first.get(e.featureId) !== 'created' || created.has(e.featureId)) continue;
      created.add(e.featureId);
      const other = laterByOther(e.featureId, null, e.seq);
      if (other) conflict(e, other, 'changed this feature');
      else if (features.has(e.featureId)) changes.push({ op: 'deleteFeature', featureId: e.featureId });
      continue;
    }
    if (created.has(e.featureId)) continue;
    if (e.kind === 'deleted') {
      if (recreated.has(e.featureId)) continue;
      recreated.add(e.featureId);
      const before = (e.from ?? {}) as Plain;
      const live = features.get(e.featureId) as unknown;
      if (!(live instanceof Y.Map)) {
        changes.push({ op: 'recreateFeature', featureId: e.featureId, fields: before });
        continue;
      }
      const back = edits.find((x) => x.seq > e.seq && x.featureId === e.featureId && x.kind === 'created');
      if (back && back.participantId !== participantId) {
        conflicts.push({ featureId: e.featureId, field: null, seq: back.seq, by: back.name, reason: `${back.name} brought the feature back later (update ${back.seq}).` });
        continue;
      }
      // They brought it back themselves (an undo): its fields go back to what they were before the delete.
      for (const field of new Set([...Object.keys(before), ...live.keys()])) {
        if (BOOKKEEPING.has(field) || seenFields.has(fieldKey(e.featureId, field))) continue;
        seenFields.add(fieldKey(e.featureId, field));
        if (same(plainValue(live.get(field)) ?? null, before[field] ?? null)) continue;
        const other = laterByOther(e.featureId, field, e.seq);
        if (other) {
          conflict({ ...e, field }, other, other.kind === 'changed' ? `changed ${field}` : `${other.kind} the feature`);
          continue;
        }
        changes.push(backTo(e.featureId, field, before[field]));
      }
      continue;
    }
    const field = e.field as string;
    const key = fieldKey(e.featureId, field);
    if (seenFields.has(key)) continue;
    seenFields.add(key);
    const other = laterByOther(e.featureId, field, e.seq);
    if (other) {
      conflict(e, other, other.kind === 'changed' ? `changed ${field}` : `${other.kind} the feature`);
      continue;
    }
    const exists = features.get(e.featureId) instanceof Y.Map || deletedByThem.has(e.featureId);
    if (!exists) continue;
    // The value before theirs broke the rules (an invalid change the server reverted later): it is not written back.
    if (e.from !== null && e.from !== undefined && featureProblem(e.featureId, field, e.from, scale) !== null) {
      conflicts.push({ featureId: e.featureId, field, seq: e.seq, by: '', reason: `The value before (${JSON.stringify(e.from).slice(0, 40)}) breaks the board's rules.` });
      continue;
    }
    // The field already holds its value from before (they changed it and back): there is nothing to undo.
    const live = features.get(e.featureId) as unknown;
    if (live instanceof Y.Map && same(plainValue(live.get(field)) ?? null, e.from ?? null)) continue;
    changes.push(backTo(e.featureId, field, e.from));
  }
  // The planning board's entries they changed go back to what they were before their first change, unless someone
  // else changed the same entry later.
  const plan = events.filter((e) => e.kind === 'planned' && !recoveries.has(e.seq));
  const seenEntries = new Set<string>();
  for (const e of plan) {
    const target = planTarget(e.field);
    if (e.participantId !== participantId || !target || seenEntries.has(e.field as string)) continue;
    seenEntries.add(e.field as string);
    const other = plan.find((x) => x.seq > e.seq && x.field === e.field && x.participantId !== participantId);
    if (other) {
      conflict(e, other, `changed ${e.field}`);
      continue;
    }
    const before = typeof e.from === 'object' && e.from !== null ? e.from as Plain : null;
    const live = doc.getMap<unknown>(target.root).get(target.key);
    if (same(live === undefined ? null : toPlain(live), before)) continue;
    changes.push({ op: 'plan', featureId: e.featureId, root: target.root, key: target.key, value: before });
  }
  return { changes, conflicts };
}

/** What each change's target holds now (JSON): a revert applies a change only while its target still holds that. */
export type Seen = ReadonlyMap<RevertChange, string>;

function targetOf(doc: Y.Doc, c: RevertChange): string {
  if (c.op === 'plan') return JSON.stringify(toPlain(doc.getMap<unknown>(c.root).get(c.key)) ?? null);
  const entry = featuresMap(doc).get(c.featureId) as unknown;
  const value = c.op === 'set' || c.op === 'delete' ? (entry instanceof Y.Map ? entry.get(c.field) : undefined) : entry;
  return JSON.stringify(toPlain(value) ?? null);
}

/** What the targets of `changes` hold in `doc` (the document the plan was made on). */
export function seenBy(doc: Y.Doc, changes: readonly RevertChange[]): Seen {
  return new Map(changes.map((c) => [c, targetOf(doc, c)]));
}

/**
 * Applies a plan's changes to `doc` (inside the caller's transaction); recreations first, then field values. Each
 * feature it changes or brings back is marked as updated by `by`. With `seen`, a change whose target someone changed
 * after the plan was made is skipped (their change stays) and answered under `skipped`.
 */
export function applyRevert(doc: Y.Doc, changes: readonly RevertChange[], by: EditedBy, seen?: Seen): { applied: RevertChange[]; skipped: RevertChange[] } {
  const features = featuresMap(doc);
  const touched = new Set<Y.Map<unknown>>();
  const holds = (c: RevertChange) => !seen || !seen.has(c) || seen.get(c) === targetOf(doc, c);
  const applied: RevertChange[] = [];
  const skipped: RevertChange[] = [];
  for (const c of changes) (holds(c) ? applied : skipped).push(c);
  for (const c of applied) {
    if (c.op === 'recreateFeature') features.set(c.featureId, featureMapOf(c.fields) as Y.Map<unknown>);
    if (c.op === 'deleteFeature') features.delete(c.featureId);
  }
  for (const c of applied) {
    if (c.op === 'plan') {
      replacePlanEntry(doc, c.root, c.key, c.value);
      continue;
    }
    const map = features.get(c.featureId) as unknown;
    if (!(map instanceof Y.Map)) continue;
    if (c.op === 'set') map.set(c.field, c.value);
    if (c.op === 'delete') map.delete(c.field);
    if (c.op !== 'deleteFeature') touched.add(map);
  }
  for (const map of touched) stamp(map, by);
  return { applied, skipped };
}
