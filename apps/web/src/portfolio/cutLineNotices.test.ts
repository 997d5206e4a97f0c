import { describe, expect, it } from 'vitest';
import { crossingText, KEPT_NOTICES, shownNotices, SHOWN_NOTICES } from './cutLineNotices';

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
});
