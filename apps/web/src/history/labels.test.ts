import { describe, expect, it } from 'vitest';
import type { Round } from '@ladder/board-doc';
import { fieldLabel, fieldValueText, plannedText, roundLabel } from './labels';

const round = (r: Pick<Round, 'id' | 'kind' | 'featureIds' | 'components'>): Round => ({
  status: 'accepted', autoReveal: false, deadline: null, createdAt: 1, createdBy: 'p-fay', voted: [], expected: [],
  counts: { voted: 0, expected: 0 }, revealedAt: null, result: null, accepted: null, acceptedAt: null, closedAt: null, ...r,
});

describe('history wording', () => {
  it('a commitment reads as "committed to the PI", yes or no, never a raw boolean', () => {
    expect(fieldLabel('committed')).toBe('committed to the PI');
    expect(`${fieldValueText('committed', null)} → ${fieldValueText('committed', true)}`).toBe('no → yes');
    expect(`${fieldValueText('committed', true)} → ${fieldValueText('committed', false)}`).toBe('yes → no');
    expect(fieldLabel('jobSize')).toBe('job size');
    expect(fieldValueText('jobSize', 8)).toBe('8');
    expect(fieldValueText('jobSize', null)).toBe('–');
  });

  it('the CD3 fields read in words, never as their keys', () => {
    expect(fieldLabel('costPerWeek')).toBe('cost of delay per week');
    expect(fieldLabel('durationWeeks')).toBe('duration (weeks)');
  });

  it('a round reads as its feature or its component, or as "an estimation round" when the room does not know it', () => {
    const titles = new Map([['F-101', 'EU data residency']]);
    const rounds = [
      round({ id: 'hA6nGsu5GBgu', kind: 'feature', featureIds: ['F-101'], components: ['jobSize'] }),
      round({ id: 'col1', kind: 'column', featureIds: ['F-101', 'F-2', 'F-3'], components: ['userBusinessValue'] }),
    ];
    expect(roundLabel('hA6nGsu5GBgu', rounds, titles)).toBe('round on F-101 EU data residency');
    expect(roundLabel('col1', rounds, titles)).toBe('Business value round across 3 features');
    expect(roundLabel('gone', rounds, titles)).toBe('an estimation round');
  });

  it('a change of the planning board names the entry and what changed', () => {
    const dep = { id: 'D-1', from: 'API', to: 'UI', note: '' };
    expect(plannedText('dependencies.D-1', null, dep)).toBe('added dependency D-1 (API → UI)');
    expect(plannedText('dependencies.D-1', dep, { ...dep, neededBy: 'IP' })).toBe('changed dependency D-1 (API → UI): neededBy');
    expect(plannedText('teams.Payments', { name: 'Payments', capacity: { I1: 10 } }, { name: 'Payments', capacity: { I1: 8 } })).toBe('changed team Payments: capacity');
    expect(plannedText('milestones.M-1', { id: 'M-1', name: 'Beta', iteration: 'I2' }, null)).toBe('removed milestone Beta');
    expect(fieldLabel('iteration')).toBe('planned iteration');
  });
});
