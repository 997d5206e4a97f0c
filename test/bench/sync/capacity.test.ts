import { describe, expect, it } from 'vitest';
import { capacityVerdict } from './capacity';

describe('Ladder capacity verdict', () => {
  it('names the last rate that held and the figures of the one that did not', () => {
    const v = capacityVerdict([{ rate: 5, p99: 20, delivered: 1 }, { rate: 20, p99: 60, delivered: 1 }, { rate: 50, p99: 140, delivered: 1 }], 100, 800);
    expect(v.sustained).toBe(20);
    expect(v.text).toBe('20 edits/s sustained with p99 ≤ 100 ms (50 edits/s gave p99 140 ms, 100 % delivered)');
  });

  it('says clearly when even the lowest step failed, with its figures', () => {
    const v = capacityVerdict([{ rate: 5, p99: 250, delivered: 0.98 }], 100, 800);
    expect(v.sustained).toBeNull();
    expect(v.text).toBe('even the lowest step failed: 5 edits/s gave p99 250 ms, 98 % delivered');
  });

  it('counts a step with lost updates as failed, and an all-holding run as a lower bound', () => {
    expect(capacityVerdict([{ rate: 5, p99: 10, delivered: 0.99 }], 100, 800).sustained).toBeNull();
    expect(capacityVerdict([{ rate: 5, p99: 10, delivered: 1 }, { rate: 800, p99: 90, delivered: 1 }], 100, 800).text).toBe('at least 800 edits/s (the highest rate tried held) with p99 ≤ 100 ms');
    expect(capacityVerdict([], 100, 800).text).toMatch(/not measured/);
    expect(capacityVerdict([{ rate: 5, p99: 30, delivered: 1 }, { rate: 10, p99: 100.44, delivered: 1 }], 100, 800).text).toContain('10 edits/s gave p99 100.4 ms');
  });
});
