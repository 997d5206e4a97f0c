import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  createFeature, rankingOf, readRound, readRounds, writeRoundState, type RankingRow, type Round, type RoundState, type RoundVoter,
} from '@ladder/board-doc';
import type { Component } from '@ladder/wsjf';
import {
  adjustmentOf, againOf, clock, currentRound, defaultColumnPick, differsText, panelOf, previousResult, secondsLeft, START_DEFAULTS, startFormOf,
  subjectOf, votersOf, type StartDraft,
} from './state';

// Rounds and rankings are written into a real Y.Doc and read back through board-doc, as the panel reads them.

const T0 = Date.UTC(2026, 11, 6, 9, 0, 0);
const ann: RoundVoter = { participantId: 'ann', name: 'Ann', role: 'product' };
const bob: RoundVoter = { participantId: 'bob', name: 'Bob', role: 'portfolio' };
const fay: RoundVoter = { participantId: 'fay', name: 'Fay', role: 'facilitator' };

function roundIn(doc: Y.Doc, state: Partial<RoundState> & Pick<RoundState, 'id'>): Round {
  writeRoundState(doc, {
    kind: 'feature', featureIds: ['F-1'], components: ['userBusinessValue'], status: 'open', autoReveal: false, deadline: null,
    createdAt: T0, createdBy: 'fay', voted: [], expected: [ann, bob], revealedAt: null, result: null, accepted: null, acceptedAt: null,
    closedAt: null, ...state,
  });
  const round = readRound(doc, state.id);
  if (!round) throw new Error(`round ${state.id} did not read back`);
  return round;
}

const revealed = (consensus: Record<string, number>): Partial<RoundState> => ({
  status: 'revealed', revealedAt: T0 + 60_000,
  result: { votes: [], consensus, spread: {}, discuss: {}, byRole: { product: {}, portfolio: {} } },
});

/** A backlog with the given estimates on business value (null: not estimated), oldest first. */
function backlog(values: (number | null)[], extra: Partial<Record<Component, number>> = {}): RankingRow[] {
  const doc = new Y.Doc();
  values.forEach((userBusinessValue, i) => {
    createFeature(doc, { id: `F-${i + 1}`, title: `Feature ${i + 1}`, userBusinessValue, ...extra }, { participantId: 'fay', now: T0 + i });
  });
  return rankingOf(doc);
}

const draft = (patch: Partial<StartDraft>): StartDraft => ({ ...START_DEFAULTS, ...patch });

describe('which round the panel shows', () => {
  it('the newest round still open or revealed, even when a later one was accepted', () => {
    const doc = new Y.Doc();
    roundIn(doc, { id: 'r1', createdAt: T0 });
    roundIn(doc, { id: 'r2', createdAt: T0 + 1, ...revealed({ userBusinessValue: 5 }) });
    roundIn(doc, { id: 'r3', createdAt: T0 + 2, status: 'accepted', accepted: { userBusinessValue: 3 }, acceptedAt: T0 + 3 });
    expect(currentRound(readRounds(doc))?.id).toBe('r2');
  });

  it('with none running, the newest accepted round; a closed round is never shown', () => {
    const doc = new Y.Doc();
    expect(currentRound(readRounds(doc))).toBeNull();
    roundIn(doc, { id: 'r1', createdAt: T0, status: 'accepted' });
    roundIn(doc, { id: 'r2', createdAt: T0 + 1, status: 'accepted' });
    roundIn(doc, { id: 'r3', createdAt: T0 + 2, status: 'closed', closedAt: T0 + 3 });
    expect(currentRound(readRounds(doc))?.id).toBe('r2');
  });
});

describe('a re-vote keeps the previous result in view until its own reveal', () => {
  it('the newest closed round with a result on the same feature and components, while the new one is open', () => {
    const doc = new Y.Doc();
    roundIn(doc, { id: 'r1', createdAt: T0, ...revealed({ userBusinessValue: 8 }), status: 'closed', closedAt: T0 + 5 });
    roundIn(doc, { id: 'r2', createdAt: T0 + 5, ...revealed({ userBusinessValue: 5 }), status: 'closed', closedAt: T0 + 10 });
    // Closed before any reveal (cancelled): nothing to show.
    roundIn(doc, { id: 'r3', createdAt: T0 + 10, status: 'closed', closedAt: T0 + 12 });
    // Another feature's result is not this round's.
    roundIn(doc, { id: 'other', createdAt: T0 + 11, featureIds: ['F-9'], ...revealed({ userBusinessValue: 1 }), status: 'closed', closedAt: T0 + 12 });
    const again = roundIn(doc, { id: 'r4', createdAt: T0 + 12 });
    expect(previousResult(readRounds(doc), again)?.id).toBe('r2');
    const shown = roundIn(doc, { id: 'r4', createdAt: T0 + 12, ...revealed({ userBusinessValue: 3 }) });
    expect(previousResult(readRounds(doc), shown)).toBeNull();
  });
});

describe('what the panel offers each role', () => {
  const doc = new Y.Doc();
  const open = roundIn(doc, { id: 'open' });
  const shown = roundIn(doc, { id: 'shown', ...revealed({ userBusinessValue: 5 }) });
  const done = roundIn(doc, { id: 'done', status: 'accepted' });

  it('the facilitator gets the start form when there are features and no round is running', () => {
    expect(panelOf(null, 'facilitator', 3)).toMatchObject({ showStart: true, live: false });
    expect(panelOf(done, 'facilitator', 3)).toMatchObject({ showStart: true, live: false, showVoters: false });
    expect(panelOf(null, 'facilitator', 0).showStart).toBe(false);
    expect(panelOf(open, 'facilitator', 3).showStart).toBe(false);
    expect(panelOf(null, 'product', 3).showStart).toBe(false);
  });

  it('an open round: every voter votes, only the facilitator reveals, everyone sees who voted', () => {
    expect(panelOf(open, 'product', 3)).toMatchObject({ live: true, showVote: true, showReveal: false, showVoters: true, showAccept: false });
    expect(panelOf(open, 'facilitator', 3)).toMatchObject({ showVote: true, showReveal: true });
    expect(panelOf(open, 'observer', 3)).toMatchObject({ live: true, canVote: false, showVote: false, showReveal: false, showVoters: true });
  });

  it('a revealed round: no more votes; the facilitator accepts or re-votes', () => {
    expect(panelOf(shown, 'facilitator', 3)).toMatchObject({ live: true, showVote: false, showReveal: false, showAccept: true });
    expect(panelOf(shown, 'portfolio', 3)).toMatchObject({ showAccept: false, showVoters: true });
  });
});

describe('the round header and a re-vote', () => {
  it('names the feature of a feature round, and the component and count of a column round', () => {
    const doc = new Y.Doc();
    const feature = roundIn(doc, { id: 'f', featureIds: ['F-7'] });
    const column = roundIn(doc, { id: 'c', kind: 'column', featureIds: ['F-1', 'F-2', 'F-3'], components: ['timeCriticality'] });
    expect(subjectOf(feature, (id) => `${id} · Login`)).toBe('F-7 · Login');
    expect(subjectOf(column, () => 'unused')).toBe('Time criticality across 3 features');
  });

  it('a re-vote asks for the same items with the same options, the countdown in whole seconds', () => {
    const doc = new Y.Doc();
    const feature = roundIn(doc, {
      id: 'f', featureIds: ['F-7'], components: ['userBusinessValue', 'jobSize'], autoReveal: true, deadline: T0 + 89_600,
    });
    const column = roundIn(doc, { id: 'c', kind: 'column', featureIds: ['F-1', 'F-2'], components: ['riskReduction'] });
    expect(againOf(feature)).toEqual({ featureId: 'F-7', components: ['userBusinessValue', 'jobSize'], autoReveal: true, timerSeconds: 90 });
    expect(againOf(column)).toEqual({ featureIds: ['F-1', 'F-2'], component: 'riskReduction' });
  });
});

describe('who voted and the countdown', () => {
  it('lists who voted and how many are still to vote, never a value', () => {
    const doc = new Y.Doc();
    const round = roundIn(doc, { id: 'r', voted: [bob], expected: [ann, bob, fay] });
    const { voted, waiting, total } = votersOf(round);
    expect([...voted]).toEqual(['bob']);
    expect(waiting.map((v) => v.name)).toEqual(['Ann', 'Fay']);
    expect(total).toBe(3);
  });

  it('shows a partial vote as still to vote, with how much of it is given, never as done', () => {
    const round = roundIn(new Y.Doc(), { id: 'r', voted: [{ ...bob, parts: 2 }, ann], expected: [ann, bob, fay] });
    const { voted, waiting, complete } = votersOf(round);
    expect([...voted]).toEqual(['ann']);
    expect(complete).toBe(1);
    expect(waiting.map((v) => [v.name, v.parts])).toEqual([['Bob', 2], ['Fay', undefined]]);
  });

  it('counts a voter who joined after the round opened', () => {
    const round = roundIn(new Y.Doc(), { id: 'r', voted: [ann, bob], expected: [ann] });
    expect(votersOf(round)).toMatchObject({ waiting: [], total: 2 });
  });

  it('shows the seconds left rounded up, as m:ss, and 0:00 once the deadline has passed', () => {
    expect(secondsLeft(T0 + 90_200, T0)).toBe(91);
    expect(clock(91)).toBe('1:31');
    expect(secondsLeft(T0 + 5_000, T0 + 5_000)).toBe(0);
    expect(secondsLeft(T0, T0 + 2_000)).toBe(0);
    expect(clock(0)).toBe('0:00');
    expect(secondsLeft(null, T0)).toBeNull();
  });
});

describe('the facilitator\'s values against the consensus', () => {
  it('as revealed they are the consensus: "Accept consensus"', () => {
    expect(adjustmentOf({ userBusinessValue: 5, jobSize: 3 }, { userBusinessValue: 5, jobSize: 3 })).toEqual({ adjusted: false, changed: 0 });
  });

  it('one value changed says "1 value differs"; more say how many', () => {
    const one = adjustmentOf({ userBusinessValue: 8, jobSize: 3 }, { userBusinessValue: 5, jobSize: 3 });
    expect(one).toEqual({ adjusted: true, changed: 1 });
    expect(differsText(one.changed)).toBe('1 value differs');
    const two = adjustmentOf({ userBusinessValue: 8, jobSize: 5, riskReduction: 1 }, { userBusinessValue: 5, jobSize: 3, riskReduction: 1 });
    expect(differsText(two.changed)).toBe('2 values differ');
  });

  it('a value given where the consensus has none counts as a change', () => {
    expect(adjustmentOf({ 'F-1': 3, 'F-2': 5 }, { 'F-1': 3 })).toEqual({ adjusted: true, changed: 1 });
  });
});

describe('the start form', () => {
  it('starts as a one-feature round on the first unscored feature, with every component', () => {
    const ranking = backlog([5, null, null], { timeCriticality: 1, riskReduction: 1, jobSize: 1 });
    const form = startFormOf(ranking, START_DEFAULTS);
    expect(form).toMatchObject({ selected: 'F-2', ready: true, timerValid: true });
    // Every component is said by naming none.
    expect(form.request).toEqual({ featureId: 'F-2' });
  });

  it('with every feature scored, the one-feature round starts on rank #1', () => {
    const ranking = backlog([1, 8, 3], { timeCriticality: 1, riskReduction: 1, jobSize: 1 });
    expect(startFormOf(ranking, START_DEFAULTS).selected).toBe('F-2');
  });

  it('keeps the scale\'s order of the components whatever order they were ticked in; none ticked cannot start', () => {
    const ranking = backlog([null]);
    expect(startFormOf(ranking, draft({ components: ['jobSize', 'userBusinessValue'] })).request)
      .toEqual({ featureId: 'F-1', components: ['userBusinessValue', 'jobSize'] });
    expect(startFormOf(ranking, draft({ components: [] }))).toMatchObject({ ready: false, request: null });
  });

  it('a column round ticks the features not yet estimated on that component', () => {
    const ranking = backlog([5, null, 3, null, null]);
    expect(startFormOf(ranking, draft({ kind: 'column' })).chosen.sort()).toEqual(['F-2', 'F-4', 'F-5']);
  });

  it('a column round ticks every feature when fewer than two are unscored on that component', () => {
    const ranking = backlog([5, null, 3]);
    expect(defaultColumnPick(ranking, 'userBusinessValue').sort()).toEqual(['F-1', 'F-2', 'F-3']);
    // On another component all are unscored: all of them, again.
    expect(startFormOf(ranking, draft({ kind: 'column', column: 'jobSize' })).chosen.sort()).toEqual(['F-1', 'F-2', 'F-3']);
  });

  it('a column round needs at least two features', () => {
    const ranking = backlog([null, null, null]);
    expect(startFormOf(ranking, draft({ kind: 'column', picked: ['F-1'] }))).toMatchObject({ chosen: ['F-1'], ready: false, request: null });
    expect(startFormOf(ranking, draft({ kind: 'column', picked: ['F-3', 'F-1'], column: 'riskReduction' })).request)
      .toEqual({ featureIds: ['F-1', 'F-3'], component: 'riskReduction' });
  });

  it('a feature deleted meanwhile drops out of the choice', () => {
    const ranking = backlog([null, null, null]);
    expect(startFormOf(ranking, draft({ featureId: 'F-GONE' })).selected).toBe('F-1');
    expect(startFormOf(ranking, draft({ kind: 'column', picked: ['F-GONE', 'F-2'] }))).toMatchObject({ chosen: ['F-2'], ready: false });
  });

  it('the countdown is off when empty, else a whole number of seconds from 1 to 86400', () => {
    const ranking = backlog([null]);
    expect(startFormOf(ranking, draft({ seconds: '  ' })).request).toEqual({ featureId: 'F-1' });
    expect(startFormOf(ranking, draft({ seconds: '90', autoReveal: true })).request).toEqual({ featureId: 'F-1', autoReveal: true, timerSeconds: 90 });
    expect(startFormOf(ranking, draft({ seconds: '86400' })).timerValid).toBe(true);
    for (const seconds of ['0', '1.5', '86401', 'soon', '-5']) {
      expect(startFormOf(ranking, draft({ seconds })), seconds).toMatchObject({ timerValid: false, ready: false, request: null });
    }
  });

  it('with no features there is nothing to start', () => {
    expect(startFormOf([], START_DEFAULTS)).toMatchObject({ selected: '', ready: false, request: null });
  });
});
