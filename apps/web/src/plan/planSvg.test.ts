import { describe, expect, it } from 'vitest';
import { placeFeature } from '@ladder/board-doc';
import { planGrid } from './grid';
import { planSvg } from './planSvg';
import { testBoard } from './test-support';

describe('the planning board as SVG', () => {
  it('has the title and date, every team and iteration, the cards, the over-capacity cells and the strings by status', () => {
    const board = testBoard();
    placeFeature(board.doc, 'A', 'IP');
    const svg = planSvg({ title: 'PI 27.1 <ART>', date: new Date('2027-01-02T09:30:00Z'), grid: planGrid(board.plan(), board.ranking()) });
    expect(svg).toContain('PI 27.1 &lt;ART&gt;');
    expect(svg).toContain('2027-01-02 09:30 UTC');
    for (const text of ['Payments', 'Platform', 'Iteration 1', 'Iteration 2', '>IP<', 'Checkout', 'Search', 'Beta']) expect(svg).toContain(text);
    expect(svg).toContain('1 late, 0 risky');
    expect(svg).toMatch(/<path d="M[^"]+" fill="none" stroke="#c62a2f"[^>]*data-string="D-1"/);
    // Platform's Iteration 2: B (8) and C (none) against no capacity; Payments' IP: 5 against none.
    expect(svg).toContain('8 / –');
    expect(svg).not.toContain('over');
    expect(svg).not.toContain('Audit, "v2"');
    expect(svg).toContain('Audit, &quot;v2&quot;');
  });
});
