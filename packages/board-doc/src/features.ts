import * as Y from 'yjs';
import { BoardDocError } from './errors';
import { featuresMap } from './keys';
import { readMeta } from './meta';
import type { Feature, FeatureInput, FeatureIssue, FeaturePatch } from './types';
import { checkFeatureField } from './validate';

const TEXT_FIELDS = ['title', 'description', 'team', 'theme'] as const;
const NUMBER_FIELDS = ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize', 'costPerWeek', 'durationWeeks'] as const;

/** Reads one feature map into a sanitised Feature, reporting every value it had to ignore. */
function sanitise(id: string, map: Y.Map<unknown>, scale: readonly number[], issues: FeatureIssue[]): Feature {
  const read = <T>(field: string, fallback: T): T => {
    if (!map.has(field)) return fallback;
    const value = map.get(field);
    const check = checkFeatureField(field, value, scale);
    if (check.ok) return (check.value ?? fallback) as T;
    issues.push({ featureId: id, field, value, reason: check.message });
    return fallback;
  };
  const feature = { id } as Feature;
  for (const field of TEXT_FIELDS) feature[field] = read(field, '');
  for (const field of NUMBER_FIELDS) feature[field] = read<number | null>(field, null);
  feature.createdAt = read('createdAt', 0);
  feature.createdBy = read('createdBy', '');
  feature.committed = read('committed', false);
  if (!feature.title) feature.title = id;
  return feature;
}

/** Every feature, sanitised, in creation order (then id), with the values readers had to ignore. */
export function readFeatures(doc: Y.Doc): { features: Feature[]; issues: FeatureIssue[] } {
  const { scale } = readMeta(doc);
  const issues: FeatureIssue[] = [];
  const features: Feature[] = [];
  featuresMap(doc).forEach((map, id) => {
    if (map instanceof Y.Map) features.push(sanitise(id, map, scale, issues));
    else issues.push({ featureId: id, field: '', value: map, reason: 'A feature must be a map of fields.' });
  });
  features.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { features, issues };
}

export function readFeature(doc: Y.Doc, id: string): Feature | null {
  const map = featuresMap(doc).get(id);
  if (!(map instanceof Y.Map)) return null;
  return sanitise(id, map, readMeta(doc).scale, []);
}

/** Validates each field of a write; throws BoardDocError on the first bad one. */
function cleanFields(fields: Record<string, unknown>, scale: readonly number[]): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const check = checkFeatureField(field, value, scale);
    if (!check.ok) throw new BoardDocError(check.code, check.message, field);
    clean[field] = check.value;
  }
  return clean;
}

function randomId(): string {
  const bytes = new Uint8Array(5);
  crypto.getRandomValues(bytes);
  return 'F-' + Array.from(bytes, (b) => (b % 36).toString(36)).join('').toUpperCase();
}

/** Adds a feature in one transaction. The id is generated when absent; a taken id is refused. */
export function createFeature(doc: Y.Doc, input: FeatureInput, ctx: { participantId: string; now: number }): Feature {
  const { scale } = readMeta(doc);
  const features = featuresMap(doc);
  let id = input.id;
  if (id === undefined) {
    do id = randomId(); while (features.has(id));
  } else if (features.has(id)) {
    throw new BoardDocError('duplicate_id', `A feature with id ${id} exists already; choose another id or update it.`, 'id');
  }
  const clean = cleanFields({ description: '', team: '', theme: '', ...input, id, createdAt: ctx.now, createdBy: ctx.participantId }, scale);
  const map = new Y.Map<unknown>();
  doc.transact(() => {
    for (const [field, value] of Object.entries(clean)) if (value !== null) map.set(field, value);
    features.set(id, map);
  });
  return sanitise(id, map, scale, []);
}

/**
 * Updates the given fields in one transaction, writing only values that differ.
 * A null estimate clears it. `by` records who made the change (`updatedBy`, `updatedAt`).
 */
export function updateFeature(doc: Y.Doc, id: string, patch: FeaturePatch, by?: { participantId: string; now: number }): Feature {
  const map = featuresMap(doc).get(id);
  if (!(map instanceof Y.Map)) throw new BoardDocError('not_found', `There is no feature ${id}; it may have been deleted.`);
  const { scale } = readMeta(doc);
  const { id: _ignored, ...rest } = patch as FeaturePatch & { id?: unknown };
  const clean = cleanFields(rest, scale);
  doc.transact(() => {
    let changed = false;
    for (const [field, value] of Object.entries(clean)) {
      if (value === null) {
        if (map.has(field)) { map.delete(field); changed = true; }
      } else if (map.get(field) !== value) {
        map.set(field, value);
        changed = true;
      }
    }
    if (changed && by) {
      map.set('updatedBy', by.participantId);
      map.set('updatedAt', by.now);
    }
  });
  return sanitise(id, map, scale, []);
}

export function deleteFeature(doc: Y.Doc, id: string): boolean {
  const features = featuresMap(doc);
  if (!features.has(id)) return false;
  features.delete(id);
  return true;
}
