/**
 * Registers the offline app shell (dist/sw.js, written by the build from ./sw.js) so a board opened once in this
 * browser opens again without a network. Production builds only, and only where browsers allow service workers
 * (secure contexts: https, localhost). A failure only loses the offline shell, never the board.
 */
export function registerOfflineShell(): void {
  if (!import.meta.env.PROD) return;
  try {
    if (!window.isSecureContext || !('serviceWorker' in navigator)) return;
    const register = () => {
      navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
        console.warn('Ladder: the board will not open offline in this browser (service worker not registered).', error);
      });
    };
    // After the page's own load, so caching the shell does not compete with the first visit.
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
  } catch (error) {
    console.warn('Ladder: the board will not open offline in this browser.', error);
  }
}
