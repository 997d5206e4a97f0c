import { describe, expect, test } from 'vitest';
import { SeqTracker } from './seq-tracker';

describe('SeqTracker', () => {
  test('counts contiguous seqs and reports a gap until it is filled', () => {
    const seqs = new SeqTracker();
    seqs.markThrough(3);
    expect([seqs.through, seqs.hasGap]).toEqual([3, false]);
    seqs.mark(5);
    seqs.mark(6);
    expect([seqs.through, seqs.highest, seqs.hasGap]).toEqual([3, 6, true]);
    seqs.mark(4);
    expect([seqs.through, seqs.hasGap]).toEqual([6, false]);
  });

  test('a read from storage closes every gap below it; old and repeated seqs change nothing', () => {
    const seqs = new SeqTracker();
    seqs.mark(2);
    seqs.mark(9);
    expect(seqs.through).toBe(0);
    seqs.markThrough(8);
    expect([seqs.through, seqs.hasGap]).toEqual([9, false]);
    seqs.mark(9);
    seqs.mark(1);
    seqs.markThrough(5);
    expect([seqs.through, seqs.highest]).toEqual([9, 9]);
  });
});
