import { describe, expect, it } from 'vitest';
import { placeFeature } from '@ladder/board-doc';
import { applyDraft, draftOf, draftProblem } from './settingsDraft';
import { testBoard } from './test-support';


describe('plan settings', () => {
  it('reads the plan as a form and writes it back unchanged', () => {
    const board = testBoard();
    const before = board.plan();
    applyDraft(board.doc, before, draftOf(before), null);
    expect(board.plan()).toEqual(before);
  });

  it('reorders, renames, adds and removes iterations; sets and clears capacities; adds a team; removes a milestone', () => {
    const board = testBoard();
    const draft = draftOf(board.plan());
    const [i1, i2, ip] = draft.iterations;
    draft.iterations = [{ ...i2!, name: 'Sprint B' }, i1!, ip!, { id: 'I4', name: 'Extra', start: '', end: '' }];
    draft.teams[0]!.capacity = { I1: '', I2: '6', I4: '3' };
    draft.teams.push({ name: ' Mobile ', existing: false, capacity: { IP: '2' } });
    draft.milestones = draft.milestones.filter((m) => m.id !== 'M-3');
    expect(draftProblem(draft)).toBeNull();
    applyDraft(board.doc, board.plan(), draft, null);
    const plan = board.plan();
    expect(plan.iterations.map((i) => [i.id, i.name, i.order])).toEqual([['I2', 'Sprint B', 1], ['I1', 'Iteration 1', 2], ['IP', 'IP', 3], ['I4', 'Extra', 4]]);
    expect(plan.teams).toEqual([{ name: 'Mobile', capacity: { IP: 2 } }, { name: 'Payments', capacity: { I2: 6, I4: 3 } }, { name: 'Platform', capacity: { I1: 10 } }]);
    expect(plan.milestones.map((m) => m.id)).toEqual(['M-1', 'M-2']);
  });

  it('removing an iteration takes its placements with it', () => {
    const board = testBoard();
    placeFeature(board.doc, 'D', 'IP');
    const draft = draftOf(board.plan());
    draft.iterations = draft.iterations.filter((i) => i.id !== 'IP');
    applyDraft(board.doc, board.plan(), draft, null);
    expect(board.plan().placements.map((p) => p.id)).toEqual(['A', 'B', 'C']);
  });

  it('says what is wrong before anything is written', () => {
    const draft = draftOf(testBoard().plan());
    expect(draftProblem({ ...draft, iterations: [{ id: 'x', name: ' ', start: '', end: '' }] })).toMatch(/Iteration 1 needs a name/);
    expect(draftProblem({ ...draft, iterations: [{ id: 'x', name: 'A', start: '2027-02-01', end: '2027-01-01' }] })).toMatch(/A ends before it starts/);
    expect(draftProblem({ ...draft, teams: [...draft.teams, { name: 'Payments', existing: false, capacity: {} }] })).toMatch(/two teams named “Payments”/);
    expect(draftProblem({ ...draft, teams: [{ name: 'Ops', existing: false, capacity: { I1: 'lots' } }] })).toMatch(/Ops's capacity in Iteration 1 is a number/);
    expect(draftProblem({ ...draft, iterations: draft.iterations.slice(1) })).toMatch(/Milestone “Beta” needs an iteration or a date/);
  });
});
