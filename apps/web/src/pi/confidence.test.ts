import { describe, expect, it } from 'vitest';
import type { ConfidenceVote } from '@ladder/board-doc';
import { averageText, concernRisk, distributionBars, invitesConcern, scopeLabel, votesInOrder } from './confidence';

const vote = (id: string, status: ConfidenceVote['status'], openedAt: number): ConfidenceVote =>
  ({ id, scope: 'ART', status, openedAt, voted: [], result: null, revealedAt: null });

describe('the confidence vote as shown', () => {
  it('one bar per value 1–5 with its share, also for values nobody chose', () => {
    expect(distributionBars({ 1: 0, 2: 1, 3: 0, 4: 2, 5: 1 } as Record<string, number>)).toEqual([
      { value: 1, count: 0, share: 0 }, { value: 2, count: 1, share: 0.25 }, { value: 3, count: 0, share: 0 },
      { value: 4, count: 2, share: 0.5 }, { value: 5, count: 1, share: 0.25 },
    ]);
    expect(distributionBars({}).every((b) => b.count === 0 && b.share === 0)).toBe(true);
  });

  it('[PI3] invites a concern at 2 or less only', () => {
    expect([1, 2, 3, 4, 5].map(invitesConcern)).toEqual([true, true, false, false, false]);
    expect(invitesConcern(null)).toBe(false);
  });

  it('a concern becomes a risk of the vote\'s team (none for the ART), titled by its first line, the rest its description', () => {
    expect(concernRisk('Payments depends on a vendor\nwho has not confirmed the date', { scope: 'Payments' })).toEqual({
      title: 'Payments depends on a vendor',
      description: 'A concern from the confidence vote of team Payments.\nwho has not confirmed the date',
      team: 'Payments',
    });
    expect(concernRisk('Too much in iteration 3', { scope: 'ART' })).toEqual({ title: 'Too much in iteration 3', description: 'A concern from the confidence vote of the ART.', team: '' });
    expect(concernRisk('   ', { scope: 'ART' })).toBeNull();
    // A first line too long for a title is shortened there and kept whole in the description.
    const long = concernRisk('x'.repeat(500), { scope: 'ART' });
    expect(long?.title).toHaveLength(200);
    expect(long?.description).toContain('x'.repeat(500));
  });

  it('lists open votes first, then the revealed ones newest first', () => {
    expect(votesInOrder([vote('C-1', 'revealed', 1), vote('C-3', 'revealed', 3), vote('C-2', 'open', 2)]).map((v) => v.id)).toEqual(['C-2', 'C-3', 'C-1']);
  });

  it('labels', () => {
    expect(scopeLabel('ART')).toBe('the ART');
    expect(scopeLabel('Web')).toBe('team Web');
    expect(averageText(10 / 3)).toBe('3.3');
    expect(averageText(null)).toBe('–');
  });
});
