import { describe, expect, it } from 'vitest';
import { placeFeature } from '@ladder/board-doc';
import { csvCell, dependenciesCsv, planCsv } from './csv';
import { planGrid } from './grid';
import { testBoard } from './test-support';

describe('plan CSV files', () => {
  it('the plan: one row per planned feature in board order, titles quoted and formulas neutralised', () => {
    const board = testBoard();
    placeFeature(board.doc, 'D', 'I1');
    const plan = board.plan();
    expect(planCsv(plan, board.ranking()).split('\r\n')).toEqual([
      'id,title,team,iteration,rank,jobSize',
      'A,Checkout,Payments,Iteration 1,1,5',
      "D,'=SUM(1),Payments,Iteration 1,2,3",
      'B,Search,Platform,Iteration 2,3,8',
      'C,"Audit, ""v2""",Platform,Iteration 2,,',
      '',
    ]);
  });

  it('the dependencies: from, to, needed by (by name), status and note', () => {
    const board = testBoard();
    const plan = board.plan();
    const { statuses } = planGrid(plan, board.ranking());
    expect(dependenciesCsv(plan, statuses)).toBe('id,from,to,neededBy,status,note\r\nD-1,A,B,,ok,"API, then UI"\r\n');
  });

  it('cells: empty for null, numbers as they are, a leading - or + of text neutralised', () => {
    expect([csvCell(null), csvCell(-3), csvCell('-3'), csvCell('a\nb')]).toEqual(['', '-3', "'-3", '"a\nb"']);
  });
});
