import * as Y from 'yjs';
import type { ChangeEvent, RankingRow, RecoveryMark, Round } from '@ladder/board-doc';
import { COMPONENTS, type Component } from '@ladder/wsjf';
import { COMPONENT_SHORT, fieldLabel } from './labels';

export interface RankMove {
  featureId: string;
  title: string;
  from: number | null;
  to: number | null;
}

export interface ActivityItem {
  id: number;
  at: number;
  /** Participant id of the author when known (the updatedBy the change wrote, else createdBy of a new feature). */
  whoId: string | null;
  text: string;
  moves: RankMove[];
}

/** Features whose rank changed between two rankings, best new rank first. */
export function movesBetween(before: readonly RankingRow[], after: readonly RankingRow[]): RankMove[] {
  const old = new Map(before.map((r) => [r.id, r.rank]));
  const moves: RankMove[] = [];
  for (const row of after) {
    if (!old.has(row.id)) continue;
    const from = old.get(row.id) ?? null;
    if (from !== row.rank) moves.push({ featureId: row.id, title: row.title, from, to: row.rank });
  }
  return moves.sort((a, b) => (a.to ?? Infinity) - (b.to ?? Infinity));
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'string') return value.length > 40 ? `“${value.slice(0, 37)}…”` : `“${value}”`;
  return String(value);
}

/** A facilitator's restore or revert, as the change's line says it (the author's name goes before it). */
export function recoveryText(mark: RecoveryMark): string {
  const note = mark.note.trim() === '' ? '' : ` — “${mark.note.trim()}”`;
  return mark.kind === 'restored'
    ? `restored the board to update ${mark.toSeq}${note}`
    : `reverted ${mark.target.name}'s changes since update ${mark.sinceSeq}${note}`;
}

/** A placement on the planning board in words: "planned X in Iteration 2", "moved X from … to …", "took X off the plan". */
function placementText(e: ChangeEvent, title: string, iterationName: (id: string) => string): string {
  const from = typeof e.from === 'string' ? iterationName(e.from) : null;
  const to = typeof e.to === 'string' ? iterationName(e.to) : null;
  if (to === null) return `took ${title} off the plan${from ? ` (was ${from})` : ''}`;
  return from === null ? `planned ${title} in ${to}` : `moved ${title} from ${from} to ${to}`;
}

/** One line that says what a transaction did to the backlog (`iterationName` names a placement's iteration). */
export function describeEvents(events: readonly ChangeEvent[], titleOf: (id: string) => string, iterationName: (id: string) => string = (id) => id): string {
  const created = events.filter((e) => e.kind === 'created');
  const deleted = events.filter((e) => e.kind === 'deleted');
  const changed = events.filter((e) => e.kind === 'changed' && e.field !== null);
  // A placement (the feature's iteration, and with it perhaps its team's row) says where it went.
  const placed = changed.filter((e) => e.field === 'iteration');
  if (created.length === 0 && deleted.length === 0 && placed.length === 1 && changed.every((e) => e.featureId === placed[0]!.featureId && (e.field === 'iteration' || e.field === 'team'))) {
    return placementText(placed[0]!, titleOf(placed[0]!.featureId), iterationName);
  }
  if (created.length > 0) {
    // An import adds some features and updates others in one change: both are said.
    const added = created.length > 1 ? `added ${created.length} features` : `added ${titleOf(created[0]!.featureId)}`;
    const createdIds = new Set(created.map((e) => e.featureId));
    const edited = [...new Set(changed.filter((e) => !createdIds.has(e.featureId)).map((e) => e.featureId))];
    if (edited.length === 0) return added;
    return `${added} and edited ${edited.length === 1 ? titleOf(edited[0]!) : `${edited.length} features`}`;
  }
  if (deleted.length > 1) return `deleted ${deleted.length} features`;
  if (deleted.length === 1) {
    const from = deleted[0]!.from as { title?: unknown } | null;
    return `deleted ${typeof from?.title === 'string' ? from.title : deleted[0]!.featureId}`;
  }
  const features = new Set(changed.map((e) => e.featureId));
  const commitment = changed.filter((e) => e.field === 'committed');
  if (commitment.length === changed.length && features.size === 1 && typeof commitment.at(-1)?.to === 'boolean') {
    return `${commitment.at(-1)!.to ? 'committed' : 'uncommitted'} ${titleOf(changed[0]!.featureId)}`;
  }
  if (changed.length === 1) {
    const e = changed[0]!;
    return `set ${fieldLabel(e.field as string)} of ${titleOf(e.featureId)} ${show(e.from)} → ${show(e.to)}`;
  }
  if (features.size === 1) {
    const title = titleOf(changed[0]!.featureId);
    const parts = changed.filter(hasValues).sort((a, b) => fieldOrder(a) - fieldOrder(b)).map(fieldChange);
    if (parts.length === 0) return `edited ${title}`;
    const shown = parts.length > MAX_FIELDS ? [...parts.slice(0, MAX_FIELDS - 1), `${parts.length - MAX_FIELDS + 1} more`] : parts;
    return `edited ${title}: ${shown.join(', ')}`;
  }
  return `edited ${features.size} features`;
}

/**
 * An accepted estimation round in one line: how many votes it had and what it changed, e.g.
 * "accepted round (4 votes): BV 13 → 5, JS 3 → 2 on Checkout"; a column round names each feature it changed.
 */
export function acceptedRoundText(round: Pick<Round, 'kind' | 'result'>, events: readonly ChangeEvent[], titleOf: (id: string) => string): string {
  const votes = round.result?.votes.length ?? 0;
  const head = `accepted round (${votes} vote${votes === 1 ? '' : 's'})`;
  const changed = events.filter((e) => e.kind === 'changed' && (COMPONENTS as readonly (string | null)[]).includes(e.field)).sort((a, b) => fieldOrder(a) - fieldOrder(b));
  if (changed.length === 0) return `${head}: no value changed`;
  const part = (e: ChangeEvent) => `${COMPONENT_SHORT[e.field as Component]} ${show(e.from)} → ${show(e.to)}`;
  const features = [...new Set(changed.map((e) => e.featureId))];
  if (features.length === 1) return `${head}: ${changed.map(part).join(', ')} on ${titleOf(features[0] as string)}`;
  const each = changed.map((e) => `${part(e)} on ${titleOf(e.featureId)}`);
  const shown = each.length > MAX_FIELDS ? [...each.slice(0, MAX_FIELDS - 1), `${each.length - MAX_FIELDS + 1} more`] : each;
  return `${head}: ${shown.join(', ')}`;
}

/** Field changes listed in one line before the rest is counted. */
const MAX_FIELDS = 4;

/** Fields listed in the order the card shows them: the four estimates first, then the rest as they came. */
const FIELD_ORDER: readonly string[] = [...COMPONENTS, 'title', 'description', 'team', 'theme', 'committed'];

function fieldOrder(e: ChangeEvent): number {
  const i = FIELD_ORDER.indexOf(e.field ?? '');
  return i === -1 ? FIELD_ORDER.length : i;
}

/** Whether a change record carries the values it changed (older records and some writers do not). */
function hasValues(e: ChangeEvent): boolean {
  return e.from !== undefined || e.to !== undefined;
}

function fieldChange(e: ChangeEvent): string {
  if (e.field === 'committed' && typeof e.to === 'boolean') return e.to ? 'committed' : 'uncommitted';
  return `${fieldLabel(e.field as string)} ${show(e.from)} → ${show(e.to)}`;
}

type TxnKey = Parameters<Y.Transaction['changed']['get']>[0];

/**
 * A shared map as the key of `txn.changed` and `txn.changedParentTypes`. Yjs types those by its internal
 * `AbstractType<YEvent<any>>`, which a typed `Y.Map<T>` does not match: the one cast lives here.
 */
export function txnKey<T>(type: Y.Map<T>): TxnKey {
  return type as unknown as TxnKey;
}

/**
 * The participant a transaction credits as the editor of one feature: its `updatedBy` when the
 * transaction wrote it (a feature map created or replaced in the transaction was written whole),
 * otherwise null. A restore or undo keeps the original `createdBy` but writes `updatedBy`.
 */
export function updatedByWritten(map: Y.Map<unknown> | undefined, txn: Y.Transaction): string | null {
  if (!(map instanceof Y.Map)) return null;
  const by = map.get('updatedBy');
  if (typeof by !== 'string') return null;
  const keys = txn.changed.get(txnKey(map));
  return keys === undefined || keys.has('updatedBy') ? by : null;
}

/**
 * The author of a change: the `updatedBy` the change wrote (created and changed alike), else, for a
 * new feature, its creator. An edit that did not say who made it has no author rather than a stale one.
 */
export function authorOf(events: readonly ChangeEvent[], updatedByOf: (featureId: string) => string | null): string | null {
  for (const e of events) {
    if (e.kind !== 'created' && e.kind !== 'changed') continue;
    const by = updatedByOf(e.featureId);
    if (by !== null) return by;
  }
  for (const e of events) {
    if (e.kind !== 'created') continue;
    const to = e.to as { createdBy?: unknown } | null;
    if (typeof to?.createdBy === 'string') return to.createdBy;
  }
  return null;
}
