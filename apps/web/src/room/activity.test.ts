import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '@ladder/board-doc';
import { describeEvents } from './activity';

const titles: Record<string, string> = { 'F-1': 'Faster checkout', 'F-2': 'Pasted two' };
const titleOf = (id: string) => titles[id] ?? id;
const change = (featureId: string, field: string, from: unknown, to: unknown): ChangeEvent => ({ kind: 'changed', featureId, field, from, to });

describe('describeEvents: one line per change in Recent changes', () => {
  it('a commitment reads as committed / uncommitted, never as a raw boolean', () => {
    expect(describeEvents([change('F-1', 'committed', false, true)], titleOf)).toBe('committed Faster checkout');
    expect(describeEvents([change('F-1', 'committed', true, false)], titleOf)).toBe('uncommitted Faster checkout');
    expect(describeEvents([change('F-1', 'committed', undefined, true)], titleOf)).toBe('committed Faster checkout');
  });

  it('several fields of one feature (an accepted round) list each field with its values, in the order of the card', () => {
    const events = [
      change('F-2', 'jobSize', null, 2),
      change('F-2', 'timeCriticality', 3, 5),
      change('F-2', 'userBusinessValue', null, 8),
    ];
    expect(describeEvents(events, titleOf)).toBe('edited Pasted two: Business value – → 8, Time criticality 3 → 5, Job size – → 2');
  });

  it('more than four fields name three and count the rest', () => {
    const events = [
      change('F-2', 'userBusinessValue', null, 8),
      change('F-2', 'timeCriticality', null, 5),
      change('F-2', 'riskReduction', null, 3),
      change('F-2', 'jobSize', null, 2),
      change('F-2', 'title', 'Pasted', 'Pasted two'),
    ];
    expect(describeEvents(events, titleOf)).toBe('edited Pasted two: Business value – → 8, Time criticality – → 5, Risk reduction – → 3, 2 more');
  });

  it('a record without values still says which feature was edited', () => {
    const events = [change('F-2', 'userBusinessValue', undefined, undefined), change('F-2', 'jobSize', undefined, undefined)];
    expect(describeEvents(events, titleOf)).toBe('edited Pasted two');
  });

  it('one estimate reads as before', () => {
    expect(describeEvents([change('F-1', 'jobSize', 3, 5)], titleOf)).toBe('set Job size of Faster checkout 3 → 5');
  });
});
