import * as Y from 'yjs';
import { addDependency, createFeature, placeFeature, rankingOf, readPlan, setIteration, setMilestone, setTeam } from '@ladder/board-doc';

/**
 * A small planning board for the unit tests: Payments and Platform over two iterations and IP; A (Payments, job size 5)
 * and B (Platform, 8) planned, C (Platform, no job size) planned, D unplanned; A delivers to B.
 */
export function testBoard() {
  const doc = new Y.Doc();
  const ctx = { participantId: 'p', now: 1 };
  const features = [['A', 'Checkout', 'Payments', 5, 13], ['B', 'Search', 'Platform', 8, 8], ['C', 'Audit, "v2"', 'Platform', null, 3], ['D', '=SUM(1)', 'Payments', 3, 2]] as const;
  for (const [id, title, team, jobSize, bv] of features) {
    createFeature(doc, { id, title, team, jobSize, userBusinessValue: bv, timeCriticality: 1, riskReduction: 1 }, ctx);
  }
  setIteration(doc, { id: 'I1', name: 'Iteration 1', order: 1, start: '2027-01-04', end: '2027-01-15' });
  setIteration(doc, { id: 'I2', name: 'Iteration 2', order: 2, start: '2027-01-18', end: '2027-01-29' });
  setIteration(doc, { id: 'IP', name: 'IP', order: 3 });
  setTeam(doc, 'Payments', { I1: 4, I2: 8 });
  setTeam(doc, 'Platform', { I1: 10 });
  placeFeature(doc, 'A', 'I1');
  placeFeature(doc, 'B', 'I2');
  placeFeature(doc, 'C', 'I2');
  addDependency(doc, { id: 'D-1', from: 'A', to: 'B', note: 'API, then UI' });
  setMilestone(doc, { id: 'M-1', name: 'Beta', iteration: 'I1' });
  setMilestone(doc, { id: 'M-2', name: 'Trade show', date: '2027-01-22' });
  setMilestone(doc, { id: 'M-3', name: 'Board meeting', date: '2027-03-01' });
  return { doc, plan: () => readPlan(doc), ranking: () => rankingOf(doc) };
}
