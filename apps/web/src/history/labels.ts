import type { Round } from '@ladder/board-doc';
import { COMPONENT_LABEL } from '../room/labels';
import { valueText } from './format';

/** Fields the history names in words of their own (the four estimates are named by COMPONENT_LABEL). */
const FIELD_LABEL: Readonly<Record<string, string>> = {
  committed: 'committed to the PI',
  costPerWeek: 'cost of delay per week',
  durationWeeks: 'duration (weeks)',
  iteration: 'planned iteration',
};

/** The planning board's entries as the history names them. */
const PLAN_ENTRY: Readonly<Record<string, string>> = { iterations: 'iteration', teams: 'team', dependencies: 'dependency', milestones: 'milestone' };

type Entry = Record<string, unknown> | null;
const entryOf = (value: unknown): Entry => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : null);

/**
 * A `planned` event in words: "added dependency D-1 (API → UI)", "changed team Payments: capacity", "removed milestone
 * Beta". `field` is `<root>.<key>`; `from` and `to` the entry before and after (null when absent).
 */
export function plannedText(field: string | null, from: unknown, to: unknown): string {
  const dot = (field ?? '').indexOf('.');
  const root = dot > 0 ? (field as string).slice(0, dot) : '';
  const key = dot > 0 ? (field as string).slice(dot + 1) : field ?? '';
  const what = PLAN_ENTRY[root] ?? 'plan entry';
  const before = entryOf(from);
  const after = entryOf(to);
  const shown = after ?? before;
  const name = root === 'dependencies' && shown ? `${key} (${String(shown.from)} → ${String(shown.to)})` : typeof shown?.name === 'string' ? shown.name : key;
  if (!before) return `added ${what} ${name}`;
  if (!after) return `removed ${what} ${name}`;
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
  return `changed ${what} ${name}${changed.length ? `: ${changed.join(', ')}` : ''}`;
}

/** A feature field as the history names it. */
export function fieldLabel(field: string | null): string {
  if (field === null) return 'the feature';
  return FIELD_LABEL[field] ?? (COMPONENT_LABEL as Record<string, string>)[field]?.toLowerCase() ?? field;
}

/** A field's value as the history shows it: a commitment as yes / no (never set reads as no), the rest as valueText. */
export function fieldValueText(field: string | null, value: unknown): string {
  if (field === 'committed' && (value === null || value === undefined || typeof value === 'boolean')) return value === true ? 'yes' : 'no';
  return valueText(value);
}

/**
 * The estimation round a change came from, in words: the component of a column round or the feature of a feature
 * round when the room still knows the round, else "an estimation round" (never the raw round id).
 */
export function roundLabel(roundId: string, rounds: readonly Round[], titles: ReadonlyMap<string, string>): string {
  const round = rounds.find((r) => r.id === roundId);
  if (!round) return 'an estimation round';
  if (round.kind === 'column') {
    const component = round.components[0];
    return `${component ? COMPONENT_LABEL[component] : 'Column'} round across ${round.featureIds.length} features`;
  }
  const id = round.featureIds[0];
  if (!id) return 'an estimation round';
  const title = titles.get(id);
  return `round on ${id}${title ? ` ${title}` : ''}`;
}
