import { consensusOf, type Component, type Vote } from '@ladder/wsjf';
import { roundKeys, targetOf, type Round, type RoundDiscussEntry, type RoundResult, type RoundVote } from '@ladder/board-doc';

/**
 * The outcome of a round from its votes: per vote key (component, or feature id in a column round) the median
 * snapped to the scale, the spread in scale steps, who voted lowest and highest, and the product and portfolio means.
 * Each key is decided by `consensusOf` on its own, so a column round gets the same rules per feature.
 */
export function outcomeOf(round: Pick<Round, 'kind' | 'featureIds' | 'components'>, votes: readonly RoundVote[], scale: readonly number[]): RoundResult {
  const result: RoundResult = { votes: [...votes], consensus: {}, spread: {}, discuss: {}, byRole: { product: {}, portfolio: {} } };
  const names = new Map(votes.map((v) => [v.participantId, v.name]));
  for (const key of roundKeys(round)) {
    const slot: Component = targetOf(round, key).component;
    const cast: Vote[] = [];
    for (const v of votes) {
      const value = v.values[key];
      if (value !== undefined) cast.push({ participantId: v.participantId, name: v.name, role: v.role, values: { [slot]: value } });
    }
    const outcome = consensusOf(cast, scale);
    const c = outcome.components[slot];
    if (!c) continue;
    const valueOf = (id: string): number => cast.find((v) => v.participantId === id)?.values[slot] as number;
    const named = (ids: readonly string[]) => ids.map((participantId) => ({ participantId, name: names.get(participantId) ?? '', value: valueOf(participantId) }));
    const entry: RoundDiscussEntry = { discuss: c.discuss, spread: c.spread, lowest: named(c.lowest), highest: named(c.highest) };
    result.consensus[key] = c.value;
    result.spread[key] = c.spread;
    result.discuss[key] = entry;
    for (const role of ['product', 'portfolio'] as const) {
      const mean = outcome.byRole[role][slot];
      if (mean !== undefined) result.byRole[role][key] = mean;
    }
  }
  return result;
}
