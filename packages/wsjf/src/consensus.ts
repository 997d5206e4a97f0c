import { COMPONENTS, isUsable, type Component } from './components';
import { compareIds, idKey } from './order';
import { DEFAULT_SCALE, scaleSteps, snapMidpointIndex, validateScale, type Scale } from './scale';

export type VoterRole = 'facilitator' | 'product' | 'portfolio';

export interface Vote {
  participantId: string;
  name?: string;
  role: VoterRole;
  values: Partial<Record<Component, number>>;
}

export interface ComponentConsensus {
  value: number;
  spread: number;
  discuss: boolean;
  /** participantIds of the voters who gave the lowest value */
  lowest: string[];
  /** participantIds of the voters who gave the highest value */
  highest: string[];
  count: number;
}

export interface Consensus {
  components: Partial<Record<Component, ComponentConsensus>>;
  consensus: Partial<Record<Component, number>>;
  spread: Partial<Record<Component, number>>;
  byRole: { product: Partial<Record<Component, number>>; portfolio: Partial<Record<Component, number>> };
}

/** [WSJF15] Spread above this many scale steps asks the room to discuss before accepting. */
export const DISCUSS_ABOVE_STEPS = 2;

/**
 * [WSJF13] The median snapped to the scale: the middle vote of an odd count, the midpoint of the two
 * middle votes of an even count, decided exactly (the midpoint is never rounded before snapping).
 */
function snappedMedian(sorted: readonly number[], scale: Scale): number {
  const mid = sorted.length >> 1;
  const high = sorted[mid] as number;
  const low = sorted.length % 2 === 1 ? high : (sorted[mid - 1] as number);
  return scale[snapMidpointIndex(low, high, scale)] as number;
}

/** [WSJF17] One vote per participant: a later vote replaces an earlier one. */
function lastVotes(votes: readonly Vote[]): Vote[] {
  const byParticipant = new Map<string, Vote>();
  if (!Array.isArray(votes)) return [];
  for (const vote of votes) {
    if (typeof vote !== 'object' || vote === null || typeof vote.values !== 'object' || vote.values === null) continue;
    const id = idKey(vote.participantId);
    byParticipant.delete(id);
    byParticipant.set(id, vote);
  }
  return [...byParticipant.values()];
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * [WSJF13]–[WSJF17] The outcome of a blind estimation round: per component the median vote snapped
 * to the scale, the spread in scale steps, whether to discuss, and the lowest and highest voters;
 * per role (product, portfolio) the unsnapped mean. Components nobody voted on are absent.
 */
export function consensusOf(votes: readonly Vote[], scale: Scale = DEFAULT_SCALE): Consensus {
  const steps = validateScale(scale);
  const result: Consensus = { components: {}, consensus: {}, spread: {}, byRole: { product: {}, portfolio: {} } };
  const counted = lastVotes(votes);
  for (const component of COMPONENTS) {
    const cast: { id: string; value: number; role: unknown }[] = [];
    for (const vote of counted) {
      const value: unknown = vote.values[component];
      if (isUsable(value)) cast.push({ id: idKey(vote.participantId), value, role: vote.role });
    }
    if (cast.length === 0) continue;
    const sorted = cast.map((c) => c.value).sort((a, b) => a - b);
    const low = sorted[0] as number;
    const high = sorted[sorted.length - 1] as number;
    const value = snappedMedian(sorted, steps);
    const spread = scaleSteps(low, high, steps);
    const votersAt = (v: number): string[] => cast.filter((c) => c.value === v).map((c) => c.id).sort(compareIds);
    result.components[component] = {
      value,
      spread,
      discuss: spread > DISCUSS_ABOVE_STEPS,
      lowest: votersAt(low),
      highest: votersAt(high),
      count: cast.length,
    };
    result.consensus[component] = value;
    result.spread[component] = spread;
    for (const role of ['product', 'portfolio'] as const) {
      const mine = cast.filter((c) => c.role === role).map((c) => c.value);
      if (mine.length > 0) result.byRole[role][component] = mean(mine);
    }
  }
  return result;
}
