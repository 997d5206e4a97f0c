import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createFeature } from './features';
import { planMap } from './keys';
import {
  addDependency, placeFeature, planFigures, readPlan, removeIteration, setIteration, setMilestone, setTeam, updateDependency,
} from './plan';

function board() {
  const doc = new Y.Doc();
  const ctx = { participantId: 'p', now: 1 };
  for (const [id, team, jobSize] of [['A', 'Payments', 5], ['B', 'Platform', 8], ['C', 'Platform', null]] as const) {
    createFeature(doc, { id, title: id, team, jobSize }, ctx);
  }
  setIteration(doc, { id: 'I2', name: 'Iteration 2', order: 2, start: '2027-01-18', end: '2027-01-29' });
  setIteration(doc, { id: 'I1', name: 'Iteration 1', order: 1 });
  setIteration(doc, { id: 'IP', name: 'IP', order: 9 });
  return doc;
}

describe('the planning board in the document', () => {
  it('places features, sets capacity, draws dependencies and milestones; reads them back in board order', () => {
    const doc = board();
    setTeam(doc, 'Payments', { I1: 10, I2: 8 });
    setTeam(doc, 'Platform', { I1: 5 });
    placeFeature(doc, 'A', 'I2');
    placeFeature(doc, 'B', 'I1');
    placeFeature(doc, 'C', 'I1', 'Platform');
    const late = addDependency(doc, { from: 'A', to: 'B', note: 'API first' });
    const ok = addDependency(doc, { id: 'D-ok', from: 'B', to: 'A' });
    setMilestone(doc, { id: 'M-1', name: 'Beta', iteration: 'I2' });
    const plan = readPlan(doc);
    expect(plan.iterations.map((i) => i.id)).toEqual(['I1', 'I2', 'IP']);
    expect(plan.teams).toEqual([{ name: 'Payments', capacity: { I1: 10, I2: 8 } }, { name: 'Platform', capacity: { I1: 5 } }]);
    expect(plan.placements).toEqual([{ id: 'A', team: 'Payments', iteration: 'I2' }, { id: 'B', team: 'Platform', iteration: 'I1' }, { id: 'C', team: 'Platform', iteration: 'I1' }]);
    expect(plan.milestones).toEqual([{ id: 'M-1', name: 'Beta', iteration: 'I2', date: null }]);
    const figures = planFigures(plan, new Map([['A', 5], ['B', 8], ['C', null]]));
    expect(figures.statuses.get(late)).toBe('late');
    expect(figures.statuses.get(ok)).toBe('ok');
    expect(Object.fromEntries(figures.loads.get('Platform') ?? [])).toEqual({ I1: 8 });
    // Needed by the IP iteration: delivered in time.
    updateDependency(doc, late, { neededBy: 'IP' });
    expect(planFigures(readPlan(doc), new Map()).statuses.get(late)).toBe('ok');
    // Off the board: unplanned.
    placeFeature(doc, 'A', null);
    expect(planFigures(readPlan(doc), new Map()).statuses.get(late)).toBe('unplanned');
  });

  it('refuses what the board cannot hold, and reads past entries a client wrote wrong', () => {
    const doc = board();
    expect(() => placeFeature(doc, 'A', 'nowhere')).toThrow(/No iteration nowhere/);
    expect(() => addDependency(doc, { from: 'A', to: 'A' })).toThrow(/itself/);
    expect(() => addDependency(doc, { from: 'A', to: 'Z' })).toThrow(/does not exist/);
    expect(() => setIteration(doc, { id: 'I3', name: 'x'.repeat(200), order: 3 })).toThrow(/name/);
    expect(() => setIteration(doc, { id: 'I3', name: 'x', order: 3, start: '2027-02-10', end: '2027-02-01' })).toThrow(/ends on or after/);
    // A capacity for an iteration set up later is kept (the board shows the iterations it knows).
    setTeam(doc, 'Payments', { later: 3 });
    expect(() => setTeam(doc, 'Payments', { I1: -1 })).toThrow(/capacity/);
    expect(() => setMilestone(doc, { name: 'Go-live' })).toThrow(/iteration or a date/);
    // Written past the checks: skipped by readers.
    const raw = new Y.Map<unknown>();
    planMap(doc, 'dependencies').set('D-bad', raw);
    raw.set('id', 'D-bad');
    raw.set('from', 'A');
    raw.set('to', 'A');
    planMap(doc, 'iterations').set('junk', 42 as never);
    expect(readPlan(doc).dependencies).toEqual([]);
    expect(readPlan(doc).iterations.map((i) => i.id)).toEqual(['I1', 'I2', 'IP']);
  });

  it('removing an iteration takes its placements, capacities, needed-by and milestones with it', () => {
    const doc = board();
    setTeam(doc, 'Payments', { I1: 10, I2: 8 });
    placeFeature(doc, 'A', 'I2');
    placeFeature(doc, 'B', 'I1');
    const dep = addDependency(doc, { from: 'B', to: 'A', neededBy: 'I2' });
    setMilestone(doc, { id: 'M-1', name: 'Beta', iteration: 'I2' });
    removeIteration(doc, 'I2');
    const plan = readPlan(doc);
    expect(plan.iterations.map((i) => i.id)).toEqual(['I1', 'IP']);
    expect(plan.placements.map((p) => p.id)).toEqual(['B']);
    expect(plan.teams[0]?.capacity).toEqual({ I1: 10 });
    expect(plan.dependencies.find((d) => d.id === dep)?.neededBy).toBeNull();
    expect(plan.milestones).toEqual([]);
  });

  it('takes entries written the contract\'s way without the optional fields, and ISO dates with a time', () => {
    const doc = board();
    const raw = (root: 'iterations' | 'teams' | 'dependencies', key: string, fields: Record<string, unknown>) => {
      const entry = new Y.Map<unknown>();
      planMap(doc, root).set(key, entry);
      for (const [k, v] of Object.entries(fields)) entry.set(k, v);
    };
    raw('iterations', 'sprint 4', { order: 4, start: '2027-03-01T00:00:00.000Z', end: '2027-03-12T00:00:00Z' });
    raw('teams', 'Search', { capacity: { 'sprint 4': 6 } });
    placeFeature(doc, 'A', 'sprint 4');
    placeFeature(doc, 'B', 'I1');
    raw('dependencies', 'D-9', { from: 'B', to: 'A', neededBy: 'gone' });
    const plan = readPlan(doc);
    expect(plan.iterations.find((i) => i.id === 'sprint 4')).toEqual({ id: 'sprint 4', name: 'sprint 4', start: '2027-03-01T00:00:00.000Z', end: '2027-03-12T00:00:00Z', order: 4 });
    expect(plan.teams.find((t) => t.name === 'Search')?.capacity).toEqual({ 'sprint 4': 6 });
    // Needed by an iteration not on the board: unplanned, as a feature off the board is.
    expect(planFigures(plan, new Map()).statuses.get('D-9')).toBe('unplanned');
  });
});
