import { describe, expect, it } from 'vitest';
import { eventually } from './eventually';
import { createRng } from './rng';

describe('eventually', () => {
  it('returns the first value that holds, reading again while it does not', async () => {
    let reads = 0;
    expect(await eventually(() => (++reads >= 3 ? `read ${reads}` : null))).toBe('read 3');
    let n = 0;
    expect(await eventually(() => ++n, { until: (value) => value === 4 })).toBe(4);
  });

  it('counts a read that throws as not yet', async () => {
    let reads = 0;
    expect(await eventually(async () => {
      if (++reads < 3) throw new Error('not there');
      return 'there';
    })).toBe('there');
  });

  it('says on timeout what was awaited, the last value seen and the last error', async () => {
    await expect(eventually(() => ({ rank: 2 }), { until: (row) => row.rank === 1, what: 'F-1 ranks first', timeout: 30 }))
      .rejects.toThrow('F-1 ranks first: not reached within 30 ms; last seen: {"rank":2}');
    await expect(eventually(() => { throw new Error('refused'); }, { what: () => 'asked late', timeout: 30 }))
      .rejects.toThrow('asked late: not reached within 30 ms; last error: refused');
  });
});

describe('createRng', () => {
  it('gives the same draws for the same seed, and words that are safe as ids', () => {
    const a = createRng(7);
    const b = createRng(7);
    const draws = (rng: typeof a) => [rng.int(0, 1000), rng.next(), rng.word(12), rng.pick(['x', 'y', 'z'])];
    expect(draws(a)).toEqual(draws(b));
    const rng = createRng(11);
    for (let i = 0; i < 500; i++) expect(rng.word(rng.int(1, 16))).toMatch(/^[a-z][a-z0-9]*$/);
  });
});
