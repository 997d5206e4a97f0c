import { describe, expect, it } from 'vitest';
import { placeFeature, addDependency } from '@ladder/board-doc';
import { focusedDependencies, focusOf, focusValue, isIpIteration, milestonePlace, planGrid } from './grid';
import { testBoard } from './test-support';

describe('the planning grid', () => {
  it('has a row per team and a column per iteration, with the cards, loads and capacities of each cell', () => {
    const board = testBoard();
    const grid = planGrid(board.plan(), board.ranking());
    expect(grid.iterations.map((i) => i.id)).toEqual(['I1', 'I2', 'IP']);
    expect(grid.rows.map((r) => r.team)).toEqual(['Payments', 'Platform']);
    const [payments, platform] = grid.rows;
    expect(payments!.cells[0]).toMatchObject({ iteration: 'I1', load: 5, capacity: 4, over: 1 });
    expect(payments!.cells[0]!.cards.map((c) => c.id)).toEqual(['A']);
    expect(payments!.cells[1]).toMatchObject({ load: 0, capacity: 8, over: 0 });
    expect(platform!.cells[1]).toMatchObject({ load: 8, capacity: null, over: 0 });
    // Cards by rank: B (ranked) before C (no job size, unranked).
    expect(platform!.cells[1]!.cards.map((c) => [c.id, c.rank === null])).toEqual([['B', false], ['C', true]]);
    expect(payments).toMatchObject({ load: 5, capacity: 12, late: 0, risky: 0, known: true });
    expect(platform).toMatchObject({ load: 8, capacity: 10 });
    expect(grid.backlog.map((c) => c.id)).toEqual(['D']);
    expect(grid.statuses.get('D-1')).toBe('ok');
  });

  it('moving the delivering feature after the needing one makes the string late and counts it for both teams', () => {
    const board = testBoard();
    placeFeature(board.doc, 'A', 'IP');
    const grid = planGrid(board.plan(), board.ranking());
    expect(grid.statuses.get('D-1')).toBe('late');
    expect(grid.rows.map((r) => [r.team, r.late, r.risky])).toEqual([['Payments', 1, 0], ['Platform', 1, 0]]);
    placeFeature(board.doc, 'A', 'I2');
    expect(planGrid(board.plan(), board.ranking()).statuses.get('D-1')).toBe('risky');
  });

  it('adds a row for a team named only by a placed feature, and one for features without a team, last', () => {
    const board = testBoard();
    placeFeature(board.doc, 'D', 'I1', 'Mobile');
    const grid = planGrid(board.plan(), board.ranking());
    expect(grid.rows.map((r) => [r.team, r.known])).toEqual([['Payments', true], ['Platform', true], ['Mobile', false]]);
    expect(grid.rows[2]).toMatchObject({ load: 3, capacity: null });
    placeFeature(board.doc, 'D', 'I1', '');
    expect(planGrid(board.plan(), board.ranking()).rows.map((r) => r.team)).toEqual(['Payments', 'Platform', '']);
  });

  it('places milestones at the end of their iteration or on their day; one outside every dated iteration is listed apart', () => {
    const board = testBoard();
    const grid = planGrid(board.plan(), board.ranking());
    expect(grid.milestones.map((m) => [m.milestone.id, m.column, Number(m.at.toFixed(2))])).toEqual([['M-1', 0, 1], ['M-2', 1, 0.38]]);
    expect(grid.unplaced.map((m) => m.id)).toEqual(['M-3']);
    expect(milestonePlace({ id: 'M', name: 'x', iteration: null, date: '2027-01-04' }, grid.iterations)).toEqual({ column: 0, at: 0.5 / 12 });
  });

  it('the IP iteration is the last one named so', () => {
    const { iterations } = planGrid(testBoard().plan(), []);
    expect(iterations.map((_, i) => isIpIteration(iterations, i))).toEqual([false, false, true]);
    expect(isIpIteration([{ id: 'x', name: 'Iteration 7', start: null, end: null, order: 1 }], 0)).toBe(false);
  });

  it('focus shows one feature\'s strings, or those touching a team\'s features', () => {
    const board = testBoard();
    addDependency(board.doc, { id: 'D-2', from: 'C', to: 'D' });
    const grid = planGrid(board.plan(), board.ranking());
    const ids = (f: ReturnType<typeof focusOf>) => focusedDependencies(grid, f).map((d) => d.id);
    expect(ids(null)).toEqual(['D-1', 'D-2']);
    expect(ids(focusOf('feature:A'))).toEqual(['D-1']);
    expect(ids(focusOf('team:Platform'))).toEqual(['D-1', 'D-2']);
    expect(ids(focusOf('team:Payments'))).toEqual(['D-1']);
    expect(focusOf(focusValue({ kind: 'team', id: 'A: B' }))).toEqual({ kind: 'team', id: 'A: B' });
    expect(focusOf('')).toBeNull();
  });
});
