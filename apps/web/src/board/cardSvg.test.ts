import { describe, expect, it } from 'vitest';
import type { RankingRow } from '@ladder/board-doc';
import { CARD_H, CARD_W, cardBoardSvg, cardSvg, fitText, partsMarkup } from './cardSvg';
import { laneGroups } from './laneGroups';

const row = (over: Partial<RankingRow>): RankingRow => ({
  id: 'F-1', title: 'Checkout', description: '', team: 'Payments', theme: 'Growth', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2,
  createdAt: 0, createdBy: 'p', committed: false, rank: 1, wsjf: 8, costOfDelay: 16, ...over,
} as RankingRow);
const none = () => new Set<string>();
const texts = (markup: string) => [...markup.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('cardSvg: a feature card as plain SVG, shared by the canvas export and the card board export', () => {
  it('draws id and rank, the title, the four estimates and the WSJF', () => {
    expect(texts(partsMarkup(cardSvg(row({ wsjf: 26 / 3 }), none())))).toEqual(['F-1  ·  #1', 'Checkout', 'BV  8', 'TC  5', 'RR  3', 'JS  2', 'WSJF 8.67']);
    expect(texts(partsMarkup(cardSvg(row({ rank: null, wsjf: null, jobSize: null }), none())))).toEqual(['F-1  ·  unscored', 'Checkout', 'BV  8', 'TC  5', 'RR  3', 'JS  –', '']);
  });

  it('shortens a long title with an ellipsis, escapes markup, and hides the values of a live round', () => {
    const markup = partsMarkup(cardSvg(row({ title: `Search <relevance> & ${'very '.repeat(20)}long` }), new Set(['jobSize'])));
    const [, title, , , , js, wsjf] = texts(markup);
    expect(title).toBe('Search &lt;relevance&gt; &amp; very…');
    // Wide letters take more room than narrow ones; what fits stays whole.
    expect(fitText('W'.repeat(30), CARD_W - 28, 16)).toBe('W'.repeat(15) + '…');
    expect(fitText('i'.repeat(40), CARD_W - 28, 16)).toBe('i'.repeat(40));
    expect(fitText('Checkout v2', CARD_W - 28, 16)).toBe('Checkout v2');
    expect(js).toBe('JS  in a round');
    expect(wsjf).toBe('WSJF in a round');
    expect(markup).toContain('font-size="16"');
    expect(markup).not.toContain('fontSize');
  });
});

describe('cardBoardSvg: the card board as one SVG', () => {
  const rows = [row({}), row({ id: 'F-2', title: 'Search', theme: '', rank: 2 }), row({ id: 'F-3', title: 'Audit log', theme: 'Compliance', rank: 3 })];

  it('lays the cards out in rank order in rows of the given columns', () => {
    const { markup, width, height } = cardBoardSvg(laneGroups(rows, 'none'), none, 2);
    expect(markup.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(width).toBe(32 * 2 + 2 * CARD_W + 24);
    expect(height).toBe(32 * 2 + 2 * CARD_H + 24);
    const order = ['Checkout', 'Search', 'Audit log'].map((t) => markup.indexOf(`>${t}<`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
    expect(markup).toContain(`translate(${32 + CARD_W + 24} 32)`);
  });

  it('in lanes: a heading per lane, alphabetical, the features without a theme last', () => {
    const groups = laneGroups(rows, 'theme');
    expect(groups.map((g) => [g.name, g.rows.map((r) => r.id)])).toEqual([['Compliance', ['F-3']], ['Growth', ['F-1']], ['No theme', ['F-2']]]);
    const { markup } = cardBoardSvg(groups, none);
    expect(texts(markup).filter((t) => /\(\d\)$/.test(t ?? ''))).toEqual(['Compliance (1)', 'Growth (1)', 'No theme (1)']);
  });
});
