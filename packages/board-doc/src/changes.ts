import * as Y from 'yjs';
import { featuresMap } from './keys';
import { toPlain } from './plain';

export type ChangeKind = 'created' | 'deleted' | 'changed';

/** A semantic change of one feature: created/deleted carry the whole feature, changed one field. */
export interface ChangeEvent {
  kind: ChangeKind;
  featureId: string;
  field: string | null;
  from: unknown;
  to: unknown;
}

/** Bookkeeping fields that say who touched a feature; they change with every edit and are not events of their own. */
const BOOKKEEPING = new Set(['updatedBy', 'updatedAt']);

type Plain = Record<string, unknown>;

function plainOf(value: unknown): Plain | undefined {
  if (!(value instanceof Y.Map)) return undefined;
  const out: Plain = {};
  for (const [k, v] of value.entries()) out[k] = toPlain(v);
  return out;
}

function withoutBookkeeping(p: Plain): Plain {
  return Object.fromEntries(Object.entries(p).filter(([k]) => !BOOKKEEPING.has(k)));
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b)) || (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && JSON.stringify(a) === JSON.stringify(b));
}

/** The events that turn `before` into `after` for one feature. */
export function diffFeature(id: string, before: Plain | undefined, after: Plain | undefined): ChangeEvent[] {
  if (!before && !after) return [];
  if (!before) return [{ kind: 'created', featureId: id, field: null, from: null, to: withoutBookkeeping(after as Plain) }];
  if (!after) return [{ kind: 'deleted', featureId: id, field: null, from: withoutBookkeeping(before), to: null }];
  const events: ChangeEvent[] = [];
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => !BOOKKEEPING.has(f)).sort();
  for (const field of fields) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (!same(from, to)) events.push({ kind: 'changed', featureId: id, field, from, to });
  }
  return events;
}

/**
 * Keeps a plain copy of every feature and reports, after each transaction, what it changed in `features`.
 * Works the same for local and remote transactions; returns a function that stops tracking.
 */
export function trackFeatureChanges(doc: Y.Doc, onChanges: (events: ChangeEvent[], txn: Y.Transaction) => void): () => void {
  const features = featuresMap(doc);
  const copy = new Map<string, Plain>();
  features.forEach((map, id) => {
    const plain = plainOf(map);
    if (plain) copy.set(id, plain);
  });
  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], txn: Y.Transaction): void => {
    const touched = new Set<string>();
    for (const event of events) {
      if (event.target === features) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) touched.add(key);
      else {
        const first = event.path[0];
        if (typeof first === 'string') touched.add(first);
      }
    }
    const out: ChangeEvent[] = [];
    for (const id of [...touched].sort()) {
      const after = plainOf(features.get(id));
      out.push(...diffFeature(id, copy.get(id), after));
      if (after) copy.set(id, after);
      else copy.delete(id);
    }
    if (out.length > 0) onChanges(out, txn);
  };
  features.observeDeep(observer);
  return () => features.unobserveDeep(observer);
}
