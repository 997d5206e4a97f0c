import { describe, expect, test } from 'vitest';
import type { RankingRow } from '@ladder/board-doc';
import { fit, rankingSvg } from './rankingSvg';

const row = (over: Partial<RankingRow>): RankingRow => ({
  id: 'F-1', title: 'Checkout', description: '', team: 'Payments', theme: 'Growth', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2,
  createdAt: 0, createdBy: 'p', committed: false, rank: 1, wsjf: 8, costOfDelay: 16, ...over,
} as RankingRow);

const rows = [
  row({ inCapacity: true, committed: true }),
  row({ id: 'F-2', title: `Search <relevance> & ${'very '.repeat(30)}long`, rank: 2, wsjf: 26 / 3, inCapacity: true, theme: 'Retention' }),
  row({ id: 'F-3', title: 'Audit log', rank: 3, wsjf: 1.5, inCapacity: false, theme: '' }),
  row({ id: 'F-4', title: 'Mobile app', rank: null, wsjf: null, jobSize: null, inCapacity: false }),
];
const svg = rankingSvg({
  title: 'PI 27.1 <ART Orion>', date: new Date(Date.UTC(2026, 11, 7, 9, 30)), rows, capacity: 4,
  themes: { Growth: { colour: '#16a34a' } }, inRound: (id) => id === 'F-3',
});

describe('the ranking board as SVG', () => {
  test('carries the title, the date, every feature in rank order with its WSJF to two decimals', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('PI 27.1 &lt;ART Orion&gt;');
    expect(svg).toContain('2026-12-07 09:30 UTC');
    expect(svg).toContain('3 of 4 features ranked by WSJF · 1 committed · capacity 4 points');
    const order = ['Checkout', 'Search &lt;relevance&gt;', 'Audit log', 'Mobile app'].map((t) => svg.indexOf(t));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
    expect(svg).toContain('>8.67<');
  });

  test('draws the cut line between the last feature in and the first out, marks committed and theme colours', () => {
    const cut = svg.indexOf('data-cut-line');
    expect(cut).toBeGreaterThan(svg.indexOf('Search'));
    expect(cut).toBeLessThan(svg.indexOf('Audit log'));
    expect(svg).toContain('cut line · 4 points');
    expect(svg.match(/>committed</g)).toHaveLength(1);
    expect(svg).toContain('fill="#16a34a"');
  });

  test('shortens long titles with an ellipsis and hides a live round\'s values', () => {
    expect(svg).toMatch(/very…</);
    expect(svg).not.toContain('very long');
    expect(svg).toContain('>in a round<');
    expect(svg).not.toContain('>1.50<');
    expect(fit('abcdef', 38, 7.6)).toBe('abcd…');
    expect(fit('abc', 38, 7.6)).toBe('abc');
  });
});
