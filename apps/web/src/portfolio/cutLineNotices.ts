/** How many cut-line notices show at once, newest first; the older ones are counted in one line. */
export const SHOWN_NOTICES = 3;

/** How many notices are kept at all (the count of older ones stops growing past this). */
export const KEPT_NOTICES = 50;

/** How long a notice stays (ms): long enough to read and discuss, then the Recent changes keep the record. */
export const NOTICE_TTL = 120_000;

/** What a notice must carry to be checked against the live ranking. */
export interface NoticeLike {
  key: string;
  at: number;
  featureId: string;
  direction: 'above' | 'below';
}

/** A feature as a notice names it: its title with its id ("Search (F-QLSHT)"), or the id alone when untitled. */
export function noticeName(id: string, title: string | undefined): string {
  return title && title.trim() !== '' ? `${title} (${id})` : id;
}

/** One notice's text: which feature crossed the cut line, which way, and after whose edit (`who` starts with a space, or is ''). */
export function crossingText(id: string, title: string | undefined, direction: 'above' | 'below', who: string): string {
  return `${noticeName(id, title)} ${direction === 'below' ? 'fell below' : 'rose above'} the cut line${who}`;
}

/** New notices first; a feature's older notice goes (its newest crossing is the one that holds); at most KEPT_NOTICES. */
export function addNotices<T extends NoticeLike>(current: readonly T[], fresh: readonly T[]): T[] {
  const renewed = new Set(fresh.map((n) => n.featureId));
  return [...fresh, ...current.filter((n) => !renewed.has(n.featureId))].slice(0, KEPT_NOTICES);
}

/**
 * The notices that still hold: none without a capacity (no cut line, e.g. after a restore to a board without one);
 * none for a feature that is gone or is no longer on the side of the line the notice says; none older than NOTICE_TTL.
 */
export function liveNotices<T extends NoticeLike>(
  notices: readonly T[],
  ranking: readonly { id: string; inCapacity?: boolean }[],
  capacity: number | null,
  now: number,
): T[] {
  if (capacity === null) return [];
  const inside = new Map(ranking.map((r) => [r.id, r.inCapacity]));
  return notices.filter((n) => now - n.at < NOTICE_TTL && inside.has(n.featureId) && inside.get(n.featureId) === (n.direction === 'above'));
}

/** The notices to show (the newest `max`, newest first, as kept) and how many older ones are left out. */
export function shownNotices<T>(newestFirst: readonly T[], max = SHOWN_NOTICES): { shown: T[]; more: number } {
  return { shown: newestFirst.slice(0, max), more: Math.max(0, newestFirst.length - max) };
}
