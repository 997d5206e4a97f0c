// Which board a room opens with, decided before tldraw is mounted. tldraw 5 without a valid licence key, in what it
// counts as production, hides its editor 5 s after mounting (a blank grey area) and reports the page's address to its
// CDN. Ladder does not mount it there: the room opens on the built-in card board instead, and says why.

/** What the decision reads of the page and the build. */
export interface PageContext {
  /** `location.protocol`, e.g. `https:`. */
  protocol: string;
  /** `location.hostname`. */
  hostname: string;
  /** `location.search`. */
  search: string;
  /** A production build (`import.meta.env.PROD`): tldraw's `process.env.NODE_ENV === 'production'`. */
  production: boolean;
  /** `VITE_TLDRAW_LICENSE_KEY` as built in. */
  licenseKey: string | undefined;
}

/**
 * `canvas`: tldraw. `unlicensed`: the card board, because tldraw would run unlicensed in production here.
 * `asked`: the card board, because the address asks for it (`?cards`).
 */
export type BoardChoice = 'canvas' | 'unlicensed' | 'asked';

/**
 * tldraw's own rule for a development context (`LicenseManager.getIsDevelopment` in @tldraw/editor 5.4.2): a
 * `*.localhost` host only in a development build; otherwise any `http:` page, `https:` on a loopback host
 * (localhost, 127.0.0.0/8, ::1), or a development build. The port never counts.
 */
export function isTldrawDevelopment(page: Pick<PageContext, 'protocol' | 'hostname' | 'production'>): boolean {
  const host = page.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host.endsWith('.localhost')) return !page.production;
  const loopback = host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
  return page.protocol === 'http:' || (page.protocol === 'https:' && loopback) || !page.production;
}

/** Whether tldraw would run unlicensed in production: no key built in, and not a development context by its rule. */
export function wouldRunUnlicensed(page: Omit<PageContext, 'search'>): boolean {
  return !page.licenseKey?.trim() && !isTldrawDevelopment(page);
}

/** The board to open: the card board when asked for (`?cards`) or when tldraw would blank; the canvas otherwise. */
export function chooseBoard(page: PageContext): BoardChoice {
  if (new URLSearchParams(page.search).has('cards')) return 'asked';
  return wouldRunUnlicensed(page) ? 'unlicensed' : 'canvas';
}

/** The decision for this page and this build. */
export function boardChoiceHere(): BoardChoice {
  return chooseBoard({
    protocol: location.protocol,
    hostname: location.hostname,
    search: location.search,
    production: import.meta.env.PROD,
    licenseKey: import.meta.env.VITE_TLDRAW_LICENSE_KEY,
  });
}
