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

/** What `other` holds that `doc` lacks: per client, the clocks missing from `doc`, and the features whose content differs. */
export function describeMissing(doc: Y.Doc, other: Y.Doc): string {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  const lines: string[] = [];
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(other))) {
    const own = have.get(client) ?? 0;
    if (clock > own) lines.push(`client ${client}: clocks ${own}..${clock - 1} missing`);
  }
  const merged = new Y.Doc();
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(doc));
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(other));
  const mine = featuresMap(doc).toJSON() as Record<string, unknown>;
  for (const [id, value] of Object.entries(featuresMap(merged).toJSON() as Record<string, unknown>)) {
    if (JSON.stringify(sortKeys(value)) !== JSON.stringify(sortKeys(mine[id]))) lines.push(`feature ${id}: has ${JSON.stringify(mine[id])}, with the other ${JSON.stringify(value)}`);
  }
  if (doc.store.pendingStructs) lines.push(`this doc holds updates it could not integrate (missing ${JSON.stringify([...doc.store.pendingStructs.missing])})`);
  if (doc.store.pendingDs || other.store.pendingDs) lines.push('pending delete sets present');
  const chain = (d: Y.Doc, id: string, key: string) => {
    const map = featuresMap(d).get(id) as unknown as { _map: Map<string, Y.Item> } | undefined;
    const out: string[] = [];
    for (let item: Y.Item | null = map?._map.get(key) ?? null; item && out.length < 4; item = item.left) {
      out.push(`${item.id.client}:${item.id.clock}${item.deleted ? ' deleted' : ''} ${JSON.stringify(item.content.getContent()).slice(0, 40)}`);
    }
    return out.join(' <- ');
  };
  for (const line of [...lines]) {
    const m = /^feature (\S+):/.exec(line);
    if (m) lines.push(`  ${m[1]} description: this ${chain(doc, m[1] as string, 'description')} | other ${chain(other, m[1] as string, 'description')}`);
  }
  const pending = other.store.pendingStructs;
  if (pending) lines.push(`the other holds updates it could not integrate (missing ${JSON.stringify([...pending.missing])})`);
  if (merged.store.pendingStructs) lines.push(`merged, still not integrable: missing ${JSON.stringify([...merged.store.pendingStructs.missing])}`);
  merged.destroy();
  return lines.join('\n') || 'nothing';
}
