import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { piMap } from './keys';
import { continueToNextPi, namePi, raiseRisk, readConfidence, readObjectives, readPiState, readRisks, roamRisk, setObjective, setObjectiveValue, writeConfidence } from './pi';

describe('PI objectives, risks and confidence in the document', () => {
  it('objectives with their business values, risks ROAMed, a vote\'s public state', () => {
    const doc = new Y.Doc();
    const id = setObjective(doc, { id: 'O-1', team: 'Payments', text: 'Checkout in 3 countries', committed: true, featureIds: ['F-1'] });
    setObjectiveValue(doc, id, 'plannedValue', 8);
    setObjective(doc, { id: 'O-2', team: 'Payments', text: 'Try one-click pay', committed: false });
    expect(readObjectives(doc)).toEqual([
      { id: 'O-1', team: 'Payments', text: 'Checkout in 3 countries', committed: true, plannedValue: 8, actualValue: null, featureIds: ['F-1'], pi: null },
      { id: 'O-2', team: 'Payments', text: 'Try one-click pay', committed: false, plannedValue: null, actualValue: null, featureIds: [], pi: null },
    ]);
    expect(() => setObjectiveValue(doc, id, 'actualValue', 11)).toThrow(/1 to 10/);
    const risk = raiseRisk(doc, { id: 'R-1', title: 'Vendor API late', team: 'Payments', dependencyId: 'D-1' });
    expect(() => roamRisk(doc, risk, 'owned')).toThrow(/names its owner/);
    roamRisk(doc, risk, 'owned', { owner: 'Pia' });
    expect(readRisks(doc)).toEqual([{ id: 'R-1', title: 'Vendor API late', description: '', team: 'Payments', featureId: '', dependencyId: 'D-1', owner: 'Pia', status: 'owned', note: '' }]);
    // Written past the checks: skipped.
    const bad = new Y.Map<unknown>();
    piMap(doc, 'risks').set('R-2', bad);
    bad.set('id', 'R-2');
    bad.set('title', 'x');
    bad.set('status', 'ignored');
    expect(readRisks(doc).map((r) => r.id)).toEqual(['R-1']);
    writeConfidence(doc, { id: 'C-1', scope: 'ART', status: 'open', openedAt: 5, voted: ['p1'], result: null, revealedAt: null });
    expect(readConfidence(doc)).toEqual([{ id: 'C-1', scope: 'ART', status: 'open', openedAt: 5, voted: ['p1'], result: null, revealedAt: null }]);
  });

  it('continued into the next PI: the earlier objectives keep their values under their PI\'s name', () => {
    const doc = new Y.Doc();
    namePi(doc, 'PI 27.1');
    setObjective(doc, { id: 'O-1', team: 'Payments', text: 'Checkout in 3 countries', committed: true });
    setObjectiveValue(doc, 'O-1', 'plannedValue', 8);
    continueToNextPi(doc, 'PI 27.2');
    setObjective(doc, { id: 'O-2', team: 'Payments', text: 'One-click pay', committed: true });
    expect(readPiState(doc)).toEqual({ current: 'PI 27.2', past: ['PI 27.1'] });
    expect(readObjectives(doc).map((o) => [o.id, o.pi, o.plannedValue])).toEqual([['O-1', 'PI 27.1', 8], ['O-2', null, null]]);
    // The earlier PI's actual value is scored at the Inspect & Adapt, after the continuation.
    setObjectiveValue(doc, 'O-1', 'actualValue', 7);
    expect(readObjectives(doc)[0]?.actualValue).toBe(7);
    expect(() => continueToNextPi(doc, 'PI 27.1')).toThrow(/own name/);
    // A room never named starts from "PI 1".
    const other = new Y.Doc();
    continueToNextPi(other, 'PI 2');
    expect(readPiState(other)).toEqual({ current: 'PI 2', past: ['PI 1'] });
  });
});
