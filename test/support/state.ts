import * as Y from 'yjs';
import { featuresMap, metaMap, rankingOf } from '@ladder/board-doc';

// Comparing replicas: canonical content, rebuilt bytes, containment, and the ranking in the API's shape.

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** `features` and `meta` as JSON with sorted keys: equal for converged replicas whatever the arrival order. */
export function canonicalState(doc: Y.Doc): string {
  return JSON.stringify(sortKeys({ features: featuresMap(doc).toJSON(), meta: metaMap(doc).toJSON() }));
}

/** The document's full update after rebuilding it from its own state, so replicas encode alike. */
export function rebuiltUpdate(doc: Y.Doc): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const update = Y.encodeStateAsUpdate(copy);
  copy.destroy();
  return update;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** A document holding every update in `updates` (e.g. all a client received from the server). */
export function docFromUpdates(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** True when `doc` already holds everything in `other`: applying `other` changes neither its state vector nor its content. */
export function containsState(doc: Y.Doc, other: Y.Doc): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = { sv: Y.encodeStateVector(copy), state: canonicalState(copy) };
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(other));
  const same = sameBytes(before.sv, Y.encodeStateVector(copy)) && before.state === canonicalState(copy);
  copy.destroy();
  return same;
}

/** The fields of a ranking row that `GET …/ranking` and `history/state` answer with. */
export const RANKING_FIELDS = ['id', 'title', 'rank', 'wsjf', 'costOfDelay', 'userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const;

export type ApiRankingRow = Record<(typeof RANKING_FIELDS)[number], unknown>;

/** Picks the contract's ranking fields from rows (client- or server-side), for comparison. */
export function rankingFields(rows: readonly object[]): ApiRankingRow[] {
  return rows.map((row) => Object.fromEntries(RANKING_FIELDS.map((field) => [field, (row as Record<string, unknown>)[field] ?? null])) as ApiRankingRow);
}

/** The ranking a client derives locally, in the API's shape. */
export function clientRanking(doc: Y.Doc): ApiRankingRow[] {
  return rankingFields(rankingOf(doc));
}
