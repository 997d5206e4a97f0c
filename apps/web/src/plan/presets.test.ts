import { describe, expect, it } from 'vitest';
import { nextMonday, presetIterations } from './presets';

describe('the PI preset', () => {
  it('six iterations of two weeks back to back from the start day, the last one IP', () => {
    let n = 0;
    const its = presetIterations('2027-01-04', () => `I${++n}`);
    expect(its.map((i) => [i.id, i.name, i.start, i.end])).toEqual([
      ['I1', 'Iteration 1', '2027-01-04', '2027-01-17'],
      ['I2', 'Iteration 2', '2027-01-18', '2027-01-31'],
      ['I3', 'Iteration 3', '2027-02-01', '2027-02-14'],
      ['I4', 'Iteration 4', '2027-02-15', '2027-02-28'],
      ['I5', 'Iteration 5', '2027-03-01', '2027-03-14'],
      ['I6', 'IP', '2027-03-15', '2027-03-28'],
    ]);
  });

  it('refuses a start that is not a date; the next Monday is today when today is one', () => {
    expect(() => presetIterations('soon', () => 'x')).toThrow(/date/);
    expect(nextMonday(new Date('2027-01-04T15:00:00Z'))).toBe('2027-01-04');
    expect(nextMonday(new Date('2027-01-06T15:00:00Z'))).toBe('2027-01-11');
    expect(nextMonday(new Date('2027-01-10T15:00:00Z'))).toBe('2027-01-11');
  });
});
