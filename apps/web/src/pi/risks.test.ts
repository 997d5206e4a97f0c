import { describe, expect, it } from 'vitest';
import type { Risk } from '@ladder/board-doc';
import { openRisks, ROAM_COLUMNS, roamNeeds, roamProblem, riskSubject, risksByStatus } from './risks';

const risk = (id: string, status: Risk['status'], extra: Partial<Risk> = {}): Risk =>
  ({ id, title: id, description: '', team: '', featureId: '', dependencyId: '', owner: '', note: '', status, ...extra });

describe('the ROAM board', () => {
  it('has the five columns in ROAM order, Open first', () => {
    expect(ROAM_COLUMNS.map((c) => c.label)).toEqual(['Open', 'Resolved', 'Owned', 'Accepted', 'Mitigated']);
  });

  it('groups risks by status and counts the open ones', () => {
    const risks = [risk('R-1', 'open'), risk('R-2', 'owned', { owner: 'Ann' }), risk('R-3', 'open')];
    const columns = risksByStatus(risks);
    expect(columns.get('open')?.map((r) => r.id)).toEqual(['R-1', 'R-3']);
    expect(columns.get('owned')?.map((r) => r.id)).toEqual(['R-2']);
    expect(columns.get('mitigated')).toEqual([]);
    expect(openRisks(risks)).toBe(2);
  });

  it('owned needs an owner, mitigated says how; the others move at once', () => {
    expect(roamNeeds('owned')).toBe('owner');
    expect(roamNeeds('mitigated')).toBe('note');
    expect(roamNeeds('accepted')).toBeNull();
    expect(roamProblem('owned', { owner: '  ' })).toMatch(/owner/);
    expect(roamProblem('owned', { owner: 'Ann' })).toBeNull();
    expect(roamProblem('mitigated', {})).toMatch(/mitigated/);
    expect(roamProblem('resolved', {})).toBeNull();
  });

  it('names what a risk hangs on: its feature, or a dependency by its features\' titles', () => {
    const titles: Record<string, string> = { A: 'Payments API', B: 'Checkout UI' };
    const titleOf = (id: string) => titles[id] ?? id;
    const deps = [{ id: 'D-1', from: 'A', to: 'B', neededBy: null, note: '' }];
    expect(riskSubject({ featureId: 'A', dependencyId: '' }, titleOf, deps)).toBe('Payments API');
    expect(riskSubject({ featureId: '', dependencyId: 'D-1' }, titleOf, deps)).toBe('Payments API → Checkout UI');
    expect(riskSubject({ featureId: '', dependencyId: 'D-9' }, titleOf, deps)).toBe('D-9');
    expect(riskSubject({ featureId: '', dependencyId: '' }, titleOf, deps)).toBe('');
  });
});
