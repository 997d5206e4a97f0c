import { describe, expect, it } from 'vitest';
import { dropRankText } from './stabilityText';

describe('stability dialog wording', () => {
  it('says a rank that holds while the cut line moves as "stays", not "#2 → #2"', () => {
    expect(dropRankText(2, 2)).toBe('stays #2, now below the line');
    expect(dropRankText(2, 3)).toBe('#2 → #3, now below the line');
    expect(dropRankText(2, null)).toBe('#2 → unscored, now below the line');
  });
});
