import type { Editor } from 'tldraw';

// The mounted tldraw editor, for the toolbar buttons outside the canvas (export, lanes, zoom).
let current: Editor | null = null;

export function setActiveEditor(editor: Editor | null): void {
  current = editor;
}

export function getActiveEditor(): Editor | null {
  return current;
}
