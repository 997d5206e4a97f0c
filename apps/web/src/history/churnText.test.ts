import { describe, expect, it } from 'vitest';
import { churnText } from './churnText';

describe('the replay churn line', () => {
  it('counts features that entered or left the ranking apart from those that changed place', () => {
    const entered = Array.from({ length: 10 }, (_, i) => ({ from: null, to: i + 1 }));
    expect(churnText('02:16', { moves: entered, churn: 0 })).toBe('Since 02:16: 0 features changed place (churn 0 %), 10 entered the ranking.');
    expect(churnText('then', { moves: [{ from: 1, to: 2 }, { from: 2, to: 1 }, { from: 3, to: null }], churn: 1 / 3 }))
      .toBe('Since then: 2 features changed place (churn 33 %), 1 left it.');
    expect(churnText('then', { moves: [{ from: 2, to: 1 }], churn: 0.1 })).toBe('Since then: 1 feature changed place (churn 10 %).');
  });
});
