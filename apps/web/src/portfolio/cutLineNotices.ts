/** How many cut-line notices show at once, newest first; the older ones are counted in one line. */
export const SHOWN_NOTICES = 3;

/** How many notices are kept at all (the count of older ones stops growing past this). */
export const KEPT_NOTICES = 50;

/** A feature as a notice names it: its title with its id ("Search (F-QLSHT)"), or the id alone when untitled. */
export function noticeName(id: string, title: string | undefined): string {
  return title && title.trim() !== '' ? `${title} (${id})` : id;
}

/** One notice's text: which feature crossed the cut line, which way, and after whose edit (`who` starts with a space, or is ''). */
export function crossingText(id: string, title: string | undefined, direction: 'above' | 'below', who: string): string {
  return `${noticeName(id, title)} ${direction === 'below' ? 'fell below' : 'rose above'} the cut line${who}`;
}

/** The notices to show (the newest `max`, newest first, as kept) and how many older ones are left out. */
export function shownNotices<T>(newestFirst: readonly T[], max = SHOWN_NOTICES): { shown: T[]; more: number } {
  return { shown: newestFirst.slice(0, max), more: Math.max(0, newestFirst.length - max) };
}
