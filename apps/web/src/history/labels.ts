import type { Round } from '@ladder/board-doc';
import { COMPONENT_LABEL } from '../room/labels';
import { valueText } from './format';

/** Fields the history names in words of their own (the four estimates are named by COMPONENT_LABEL). */
const FIELD_LABEL: Readonly<Record<string, string>> = {
  committed: 'committed to the PI',
  costPerWeek: 'cost of delay per week',
  durationWeeks: 'duration (weeks)',
};

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
