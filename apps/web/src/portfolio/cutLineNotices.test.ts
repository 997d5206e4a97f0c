import { describe, expect, it } from 'vitest';
import { addNotices, crossingText, KEPT_NOTICES, liveNotices, NOTICE_TTL, shownNotices, SHOWN_NOTICES } from './cutLineNotices';

describe('cut-line notices', () => {
  it('name the feature by title with its id, not by id alone', () => {
    expect(crossingText('F-QLSHT', 'Search', 'below', " after Lars Portfolio's edit")).toBe("Search (F-QLSHT) fell below the cut line after Lars Portfolio's edit");
    expect(crossingText('F-2', 'Reports', 'above', '')).toBe('Reports (F-2) rose above the cut line');
    expect(crossingText('F-3', undefined, 'below', '')).toBe('F-3 fell below the cut line');
  });

  it('show at most three, newest first, and count the older ones', () => {
    const five = ['e', 'd', 'c', 'b', 'a'];
    expect(SHOWN_NOTICES).toBe(3);
    expect(shownNotices(five)).toEqual({ shown: ['e', 'd', 'c'], more: 2 });
    expect(shownNotices(['b', 'a'])).toEqual({ shown: ['b', 'a'], more: 0 });
    expect(KEPT_NOTICES).toBeGreaterThan(SHOWN_NOTICES);
  });

  it('keep one notice per feature, its newest crossing', () => {
    const old = [{ key: '1-A', at: 1, featureId: 'A', direction: 'below' as const }, { key: '1-B', at: 1, featureId: 'B', direction: 'above' as const }];
    const next = addNotices(old, [{ key: '2-A', at: 2, featureId: 'A', direction: 'above' as const }]);
    expect(next.map((n) => n.key)).toEqual(['2-A', '1-B']);
    const many = Array.from({ length: KEPT_NOTICES + 5 }, (_, i) => ({ key: String(i), at: i, featureId: `F-${i}`, direction: 'above' as const }));
    expect(addNotices([], many)).toHaveLength(KEPT_NOTICES);
  });

  it('go when there is no capacity, when their feature is gone or back on the other side, and after a while', () => {
    const notices = [
      { key: 'a', at: 1_000, featureId: 'A', direction: 'above' as const },
      { key: 'b', at: 1_000, featureId: 'B', direction: 'below' as const },
      { key: 'c', at: 1_000, featureId: 'C', direction: 'below' as const },
    ];
    const ranking = [{ id: 'A', inCapacity: true }, { id: 'B', inCapacity: false }, { id: 'C', inCapacity: true }];
    // C fell below, but is above the line again (a larger capacity): its notice no longer holds.
    expect(liveNotices(notices, ranking, 10, 2_000).map((n) => n.key)).toEqual(['a', 'b']);
    // B deleted.
    expect(liveNotices(notices, ranking.filter((r) => r.id !== 'B'), 10, 2_000).map((n) => n.key)).toEqual(['a']);
    // No capacity (cleared, or a restore to a board without one): no cut line, no notices.
    expect(liveNotices(notices, ranking, null, 2_000)).toEqual([]);
    // Expired.
    expect(liveNotices(notices, ranking, 10, 1_000 + NOTICE_TTL - 1).map((n) => n.key)).toEqual(['a', 'b']);
    expect(liveNotices(notices, ranking, 10, 1_000 + NOTICE_TTL)).toEqual([]);
  });
});
