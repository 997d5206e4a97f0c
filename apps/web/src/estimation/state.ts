import type { RankingRow, Role, Round, RoundKind, RoundVoter } from '@ladder/board-doc';
import { COMPONENTS, type Component } from '@ladder/wsjf';
import { COMPONENT_LABEL } from '../room/labels';
import type { OpenRound } from './api';

// What the estimation panel shows, as plain functions of the round and the form: the components only render it.

const VOTER_ROLES: readonly Role[] = ['facilitator', 'product', 'portfolio'];

/** The round the panel shows: the newest one still open or revealed, else the newest accepted one. */
export function currentRound(rounds: readonly Round[]): Round | null {
  for (let i = rounds.length - 1; i >= 0; i--) {
    const r = rounds[i] as Round;
    if (r.status === 'open' || r.status === 'revealed') return r;
  }
  for (let i = rounds.length - 1; i >= 0; i--) if ((rounds[i] as Round).status === 'accepted') return rounds[i] as Round;
  return null;
}

/**
 * The result a re-vote replaces, kept in view while the new round is open: the newest revealed-then-closed round on the
 * same features and components, started before it. Null once the new round is revealed (its own result shows then).
 */
export function previousResult(rounds: readonly Round[], round: Round | null): Round | null {
  if (round?.status !== 'open') return null;
  let found: Round | null = null;
  for (const r of rounds) {
    if (r.id === round.id || r.status !== 'closed' || r.result === null || r.createdAt > round.createdAt) continue;
    const same = r.kind === round.kind && r.featureIds.some((f) => round.featureIds.includes(f)) && r.components.some((c) => round.components.includes(c));
    if (same && (found === null || r.createdAt >= found.createdAt)) found = r;
  }
  return found;
}

/** What the panel offers one viewer for the round it shows (null: no round yet). */
export interface PanelView {
  /** A round is open or revealed: the panel stays expanded. */
  live: boolean;
  isFacilitator: boolean;
  canVote: boolean;
  /** The form to start a round: the facilitator's, once there are features and no round is running. */
  showStart: boolean;
  /** Who voted (and the countdown): while the round is not accepted. */
  showVoters: boolean;
  /** The value pickers of my vote: an open round, for a voter. */
  showVote: boolean;
  /** Reveal: an open round, for the facilitator. */
  showReveal: boolean;
  /** The values to accept, Accept and Re-vote: a revealed round, for the facilitator. */
  showAccept: boolean;
}

export function panelOf(round: Round | null, role: Role, featureCount: number): PanelView {
  const isFacilitator = role === 'facilitator';
  const canVote = VOTER_ROLES.includes(role);
  const status = round?.status ?? null;
  return {
    live: status === 'open' || status === 'revealed',
    isFacilitator,
    canVote,
    showStart: isFacilitator && featureCount > 0 && (round === null || status === 'accepted'),
    showVoters: round !== null && status !== 'accepted',
    showVote: status === 'open' && canVote,
    showReveal: status === 'open' && isFacilitator,
    showAccept: status === 'revealed' && isFacilitator,
  };
}

/** A feature as the picker and the round header name it: its id with its title, so two equal titles differ. */
export function featureName(f: Pick<RankingRow, 'id' | 'title'>): string {
  return `${f.id} · ${f.title}`;
}

/** What the round is about, as its header says it: the feature, or the component across how many features. */
export function subjectOf(round: Pick<Round, 'kind' | 'featureIds' | 'components'>, nameOf: (featureId: string) => string): string {
  return round.kind === 'column'
    ? `${COMPONENT_LABEL[round.components[0] as Component]} across ${round.featureIds.length} features`
    : nameOf(round.featureIds[0] ?? '');
}

/** The same round again — same items, same options — for a re-vote. */
export function againOf(round: Round): OpenRound {
  const options = {
    ...(round.autoReveal ? { autoReveal: true } : {}),
    ...(round.deadline !== null ? { timerSeconds: Math.max(1, Math.round((round.deadline - round.createdAt) / 1000)) } : {}),
  };
  return round.kind === 'column'
    ? { featureIds: round.featureIds, component: round.components[0] as Component, ...options }
    : { featureId: round.featureIds[0] ?? '', components: round.components, ...options };
}

const sameValues = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** The facilitator's values against the consensus: whether they differ (Accept chosen values) and in how many keys. */
export function adjustmentOf(chosen: Record<string, number>, consensus: Record<string, number> | undefined): { adjusted: boolean; changed: number } {
  if (consensus === undefined) return { adjusted: false, changed: 0 };
  const changed = new Set([...Object.keys(chosen), ...Object.keys(consensus)].filter((k) => chosen[k] !== consensus[k])).size;
  return { adjusted: !sameValues(chosen, consensus), changed };
}

export function differsText(changed: number): string {
  return changed === 1 ? '1 value differs' : `${changed} values differ`;
}

/** Who has voted and who is still to vote (never a value): voters first, in the order of their first vote. */
export function votersOf(round: Pick<Round, 'voted' | 'expected' | 'counts'>): { voted: ReadonlySet<string>; waiting: RoundVoter[]; total: number; complete: number } {
  // A partial vote (some of the round's values, not all) is not done: its voter is still to vote.
  const done = round.voted.filter((v) => v.parts === undefined);
  const voted = new Set(done.map((v) => v.participantId));
  const partial = round.voted.filter((v) => v.parts !== undefined);
  const waiting = [...partial, ...round.expected.filter((e) => !round.voted.some((v) => v.participantId === e.participantId))];
  return { voted, waiting, total: Math.max(round.counts.expected, round.counts.voted), complete: done.length };
}

/** Whole seconds left until `deadline` (never below 0); null without a deadline. */
export function secondsLeft(deadline: number | null, now: number): number | null {
  return deadline === null ? null : Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** A countdown as m:ss. */
export function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The features a column round on `component` starts with: those not estimated on it yet, or all when under two are. */
export function defaultColumnPick(ranking: readonly RankingRow[], component: Component): string[] {
  const unscored = unscoredOn(ranking, component);
  return unscored.length >= 2 ? unscored : ranking.map((f) => f.id);
}

/** The feature a one-feature round starts on: the first unscored one (they rank last, oldest first), else rank #1. */
export function defaultFeaturePick(ranking: readonly RankingRow[]): string {
  return (ranking.find((f) => f.rank === null) ?? ranking[0])?.id ?? '';
}

function unscoredOn(ranking: readonly RankingRow[], component: Component): string[] {
  return ranking.filter((f) => f[component] === null || f[component] === undefined).map((f) => f.id);
}

/** What the facilitator has set in the start form; `featureId` '' and `picked` null mean "the default". */
export interface StartDraft {
  kind: RoundKind;
  featureId: string;
  components: readonly Component[];
  column: Component;
  picked: readonly string[] | null;
  autoReveal: boolean;
  /** The countdown as typed: '' for none. */
  seconds: string;
}

/** A new form: one feature, every component, no auto-reveal, no countdown. */
export const START_DEFAULTS: StartDraft = {
  kind: 'feature', featureId: '', components: COMPONENTS, column: 'userBusinessValue', picked: null, autoReveal: false, seconds: '',
};

/** Longest countdown, in seconds (a day). */
export const MAX_TIMER_SECONDS = 86_400;

export interface StartForm {
  /** The feature of a one-feature round (a deleted choice falls back to the default). */
  selected: string;
  /** The features ticked for a column round (deleted ones dropped). */
  chosen: string[];
  /** The features not yet estimated on the column's component. */
  unscored: string[];
  timerValid: boolean;
  /** Start round is enabled. */
  ready: boolean;
  /** What Start round sends; null while the form is not ready. */
  request: OpenRound | null;
}

/** What the start form shows and sends for a draft, over the current ranking. */
export function startFormOf(ranking: readonly RankingRow[], draft: StartDraft): StartForm {
  const { kind, featureId, components, column, picked, autoReveal, seconds } = draft;
  const selected = (featureId && ranking.some((f) => f.id === featureId) ? featureId : '') || defaultFeaturePick(ranking);
  const chosen = (picked ?? defaultColumnPick(ranking, column)).filter((id) => ranking.some((f) => f.id === id));
  const unscored = unscoredOn(ranking, column);
  const timer = Number(seconds);
  const timerValid = seconds.trim() === '' || (Number.isInteger(timer) && timer >= 1 && timer <= MAX_TIMER_SECONDS);
  const ready = timerValid && (kind === 'feature' ? selected !== '' && components.length > 0 : chosen.length >= 2);
  if (!ready) return { selected, chosen, unscored, timerValid, ready, request: null };
  const options = { ...(autoReveal ? { autoReveal: true } : {}), ...(seconds.trim() !== '' ? { timerSeconds: timer } : {}) };
  // Keep the scale's order of components whatever order they were ticked in; all of them is said by saying none.
  const ordered = COMPONENTS.filter((c) => components.includes(c));
  const request: OpenRound = kind === 'feature'
    ? { featureId: selected, ...(ordered.length < COMPONENTS.length ? { components: ordered } : {}), ...options }
    : { featureIds: ranking.map((f) => f.id).filter((id) => chosen.includes(id)), component: column, ...options };
  return { selected, chosen, unscored, timerValid, ready, request };
}
