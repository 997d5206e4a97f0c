import type { Editor } from 'tldraw';

/** Shows every shape on the page, never zooming in past 100 %. */
export function frameCards(editor: Editor, animate = true): void {
  const bounds = editor.getCurrentPageBounds();
  if (!bounds) return;
  editor.zoomToBounds(bounds, { targetZoom: 1, inset: 48, ...(animate ? { animation: { duration: 250 } } : {}) });
}
