import * as Y from 'yjs';
import { z } from 'zod';
import { COMPONENTS, type Component } from '@ladder/wsjf';
import { roundsMap } from './keys';
import { toPlain } from './plain';

// The public state of blind estimation rounds (`rounds` in the document). Only the server writes it. Before the
// reveal it says who has voted, never what; after the reveal it also carries the votes and their outcome.

export type RoundStatus = 'open' | 'revealed' | 'accepted' | 'closed';
export const ROUND_STATUSES: readonly RoundStatus[] = ['open', 'revealed', 'accepted', 'closed'];
/** `feature`: one feature, some of its components. `column`: one component across several features (relative). */
export type RoundKind = 'feature' | 'column';
export type VoterRole = 'facilitator' | 'product' | 'portfolio';

export interface RoundVoter {
  participantId: string;
  name: string;
  role: VoterRole;
  /** In `voted`: how many of the round's values this voter's vote has, when not all of them (a partial vote). */
  parts?: number;
}

export interface RoundVote extends RoundVoter {
  /** Keyed by component (feature round) or by feature id (column round). */
  values: Record<string, number>;
}

export interface RoundDiscussEntry {
  discuss: boolean;
  spread: number;
  lowest: { participantId: string; name: string; value: number }[];
  highest: { participantId: string; name: string; value: number }[];
}

/** What the reveal made public; every map is keyed like the votes' values. */
export interface RoundResult {
  votes: RoundVote[];
  consensus: Record<string, number>;
  spread: Record<string, number>;
  discuss: Record<string, RoundDiscussEntry>;
  byRole: { product: Record<string, number>; portfolio: Record<string, number> };
}

export interface Round {
  id: string;
  kind: RoundKind;
  featureIds: string[];
  /** Feature round: the components voted on; column round: the one component. */
  components: Component[];
  status: RoundStatus;
  autoReveal: boolean;
  /** ms epoch when the countdown reveals the round; null without a timer. */
  deadline: number | null;
  createdAt: number;
  createdBy: string;
  /** Who has voted (never a value), in the order of their first vote. */
  voted: RoundVoter[];
  /** Who is expected to vote: voters connected when the round opened, plus anyone who voted since. */
  expected: RoundVoter[];
  counts: { voted: number; expected: number };
  revealedAt: number | null;
  result: RoundResult | null;
  /** The values written into the feature(s) on accept, keyed like the votes. */
  accepted: Record<string, number> | null;
  acceptedAt: number | null;
  closedAt: number | null;
}

const voterRole = z.enum(['facilitator', 'product', 'portfolio']);
const voter = z.object({ participantId: z.string(), name: z.string(), role: voterRole, parts: z.number().int().nonnegative().optional() });
const numbers = z.record(z.string(), z.number());
const named = z.array(z.object({ participantId: z.string(), name: z.string(), value: z.number() }));
const result = z.object({
  votes: z.array(voter.extend({ values: numbers })),
  consensus: numbers,
  spread: numbers,
  discuss: z.record(z.string(), z.object({ discuss: z.boolean(), spread: z.number(), lowest: named, highest: named })),
  byRole: z.object({ product: numbers, portfolio: numbers }),
});
const roundSchema = z.object({
  id: z.string(),
  kind: z.enum(['feature', 'column']),
  featureIds: z.array(z.string()).min(1),
  components: z.array(z.enum(COMPONENTS)).min(1),
  status: z.enum(['open', 'revealed', 'accepted', 'closed']),
  autoReveal: z.boolean().catch(false),
  deadline: z.number().nullable().catch(null),
  createdAt: z.number(),
  createdBy: z.string().catch(''),
  voted: z.array(voter).catch([]),
  expected: z.array(voter).catch([]),
  revealedAt: z.number().nullable().catch(null),
  result: result.nullable().catch(null),
  accepted: numbers.nullable().catch(null),
  acceptedAt: z.number().nullable().catch(null),
  closedAt: z.number().nullable().catch(null),
});

/** What a writer gives for a round; `counts` is derived from `voted` and `expected` and written alongside. */
export type RoundState = Omit<Round, 'counts'>;

function plainOf(map: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of map.entries()) out[k] = toPlain(v);
  return out;
}

function toRound(id: string, value: unknown): Round | null {
  if (!(value instanceof Y.Map)) return null;
  const parsed = roundSchema.safeParse({ ...plainOf(value as Y.Map<unknown>), id });
  if (!parsed.success) return null;
  const state = parsed.data;
  return { ...state, counts: { voted: state.voted.length, expected: state.expected.length } };
}

/** One round's public state, or null when there is none (or it is unreadable). */
export function readRound(doc: Y.Doc, roundId: string): Round | null {
  return toRound(roundId, roundsMap(doc).get(roundId));
}

/** Every readable round, oldest first. */
export function readRounds(doc: Y.Doc): Round[] {
  const out: Round[] = [];
  roundsMap(doc).forEach((value, id) => {
    const round = toRound(id, value);
    if (round) out.push(round);
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The keys a vote's `values` use: components for a feature round, feature ids for a column round. */
export function roundKeys(round: Pick<Round, 'kind' | 'featureIds' | 'components'>): string[] {
  return round.kind === 'column' ? [...round.featureIds] : [...round.components];
}

/** Where a vote key lands: which feature, which component. */
export function targetOf(round: Pick<Round, 'kind' | 'featureIds' | 'components'>, key: string): { featureId: string; component: Component } {
  if (round.kind === 'column') return { featureId: key, component: round.components[0] as Component };
  return { featureId: round.featureIds[0] as string, component: key as Component };
}

/** The round open, or revealed and not yet accepted, that covers this feature's component; null when none. */
export function currentRoundFor(doc: Y.Doc, featureId: string, component?: Component): Round | null {
  const live = readRounds(doc).filter((r) => (r.status === 'open' || r.status === 'revealed') && r.featureIds.includes(featureId)
    && (component === undefined || r.components.includes(component)));
  return live[live.length - 1] ?? null;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Writes a round's public state (creating its map when new), in one transaction, touching only the fields that
 * changed. The state is checked first: a value that would leak before the reveal (a result on an open round)
 * is refused.
 */
export function writeRoundState(doc: Y.Doc, state: RoundState): void {
  const checked = roundSchema.parse(state);
  if (checked.status === 'open' && checked.result !== null) throw new Error('An open round must not carry a result: reveal it first.');
  const rounds = roundsMap(doc);
  doc.transact(() => {
    let map = rounds.get(checked.id);
    if (!(map instanceof Y.Map)) {
      map = new Y.Map<unknown>();
      rounds.set(checked.id, map);
    }
    const target = map;
    const fields = { ...checked, counts: { voted: checked.voted.length, expected: checked.expected.length } };
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'id') continue;
      if (!same(target.get(key), value)) target.set(key, value);
    }
    if (target.get('id') !== checked.id) target.set('id', checked.id);
  });
}
