import type { Editor } from 'tldraw';

/** Below this zoom cards are unreadable (and drawing hundreds of them is slow): frame the top-left part instead. */
const MIN_READABLE_ZOOM = 0.45;
const INSET = 48;
/** Room kept free above and below the cards for what floats over the canvas (page menu, Estimation; the tools). */
const TOP = 48;
const BOTTOM = 32;

/** Shows every shape on the page, never zooming in past 100 %; a large board opens at its top-left corner. */
export function frameCards(editor: Editor, animate = true): void {
  const bounds = editor.getCurrentPageBounds();
  if (!bounds) return;
  const screen = editor.getViewportScreenBounds();
  const fit = Math.min((screen.w - INSET * 2) / bounds.w, (screen.h - INSET * 2 - TOP - BOTTOM) / bounds.h);
  const animation = animate ? { animation: { duration: 250 } } : {};
  if (fit >= MIN_READABLE_ZOOM) {
    const z = Math.min(1, fit);
    const padded = { x: bounds.x, y: bounds.y - TOP / z, w: bounds.w, h: bounds.h + (TOP + BOTTOM) / z };
    editor.zoomToBounds(padded, { targetZoom: 1, inset: INSET, ...animation });
    return;
  }
  const z = MIN_READABLE_ZOOM;
  const area = { x: bounds.x, y: bounds.y - TOP / z, w: (screen.w - INSET * 2) / z, h: (screen.h - INSET * 2) / z };
  editor.zoomToBounds(area, { targetZoom: z, inset: INSET, ...animation });
}
