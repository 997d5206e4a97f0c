import type { DragEvent } from 'react';

// Drag and drop on the planning board (HTML5): a feature (from the ranking, the backlog or a card) onto a cell or the
// backlog, or a dependency from a card's handle onto the card that needs it. Each carries the feature's id under its
// own type, so a drop target can tell them apart while the pointer is over it (before the data may be read).

export const FEATURE_TYPE = 'application/x-ladder-feature';
export const DEPENDENCY_TYPE = 'application/x-ladder-dependency';

type DragKind = typeof FEATURE_TYPE | typeof DEPENDENCY_TYPE;

/** Starts dragging `featureId` as a feature to place, or as the delivering end of a new dependency. */
export function startDrag(e: DragEvent, kind: DragKind, featureId: string): void {
  e.stopPropagation();
  // Only our own type: the canvas would turn plain text dropped on it into a shape.
  e.dataTransfer.setData(kind, featureId);
  e.dataTransfer.effectAllowed = kind === FEATURE_TYPE ? 'move' : 'link';
}

/** Whether the drag over `e` carries `kind`. */
export function carries(e: DragEvent, kind: DragKind): boolean {
  return [...e.dataTransfer.types].includes(kind);
}

/** Accepts the drag over a target when it carries `kind` (so the drop happens); answers whether it did. */
export function acceptDrag(e: DragEvent, kind: DragKind): boolean {
  if (!carries(e, kind)) return false;
  e.preventDefault();
  e.dataTransfer.dropEffect = kind === FEATURE_TYPE ? 'move' : 'link';
  return true;
}

/** The feature id a drop of `kind` carries, or null. */
export function dropped(e: DragEvent, kind: DragKind): string | null {
  if (!carries(e, kind)) return null;
  e.preventDefault();
  const id = e.dataTransfer.getData(kind);
  return id === '' ? null : id;
}
