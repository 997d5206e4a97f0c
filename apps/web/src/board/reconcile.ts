import { createShapeId, type Editor, type TLShape, type TLShapeId } from 'tldraw';
import { CARD_TYPE } from '../room/actions';
import type { RoomModel } from '../room/model';
import { cardPlanner, GRACE_MS, isLeader, type CardSeen } from './cardPlan';
import { CARD_H, CARD_W, type FeatureCardShape } from './cardShape';
import { frameCards } from './frame';

const GAP = 28;
const COLUMNS = 6;
/** Widest grid: past it a board grows downwards only. */
const MAX_COLUMNS = 24;

/**
 * Columns of a grid of `count` cards: six for a small board; for hundreds, as many as make the grid about as wide as a
 * 16:9 screen is, so zooming out to the whole board keeps cards big enough to find instead of a thin strip.
 */
export function gridColumns(count: number, w = CARD_W, h = CARD_H, gap = GAP): number {
  const square = Math.ceil(Math.sqrt((count * (16 / 9) * (h + gap)) / (w + gap)));
  return Math.min(MAX_COLUMNS, Math.max(COLUMNS, square));
}

export function isCard(shape: TLShape): shape is FeatureCardShape {
  return shape.type === CARD_TYPE;
}

export interface Box { x: number; y: number; w: number; h: number }

/**
 * Next free cells of the card grid, left to right, top to bottom: a cell is free when a card there would not
 * touch anything already on the board (cards moved by hand or arranged in lanes lie off the grid).
 */
export function freeSlots(occupied: readonly Box[], count: number, columns = COLUMNS): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  const taken = [...occupied];
  const clear = (x: number, y: number) => taken.every((b) =>
    x + CARD_W + GAP / 2 <= b.x || b.x + b.w + GAP / 2 <= x || y + CARD_H + GAP / 2 <= b.y || b.y + b.h + GAP / 2 <= y);
  for (let i = 0; out.length < count; i++) {
    const x = (i % columns) * (CARD_W + GAP);
    const y = Math.floor(i / columns) * (CARD_H + GAP);
    if (!clear(x, y)) continue;
    out.push({ x, y });
    taken.push({ x, y, w: CARD_W, h: CARD_H });
  }
  return out;
}

/**
 * What the board's own code is doing to the canvas: `active` while it writes cards itself, `deleting` the features whose
 * card was just deleted on this canvas and whose own deletion follows (no card is put back for them meanwhile).
 */
export interface CanvasWork { active: boolean; deleting: Set<string> }

/**
 * Keeps one card per feature. A feature's creator places its card; when the creator is not here
 * (an import through the API), the leader does. Duplicates and orphans are removed by the leader.
 * What to do is decided by `cardPlanner` (cardPlan.ts); this applies it to the canvas.
 */
export function reconcileCards(editor: Editor, model: RoomModel, internal: CanvasWork): () => void {
  const planner = cardPlanner();
  /** Cards a viewer placed on its own screen only, for features no writer has given a card yet. */
  const placeholders = new Set<TLShapeId>();
  let timer = 0;
  const cardsOnPage = (): CardSeen[] => editor.getCurrentPageShapes().filter(isCard)
    .map((c) => ({ id: c.id, featureId: c.props.featureId, placeholder: placeholders.has(c.id) }));

  const run = () => {
    timer = 0;
    const snap = model.getSnapshot();
    if (!snap.synced && !snap.localLoaded) return;
    if (!model.canWrite) {
      const { missing, extra } = planner.viewer(snap.ranking, cardsOnPage(), Date.now());
      if (missing.length > 0 || extra.length > 0) place(missing, extra, true);
      if (planner.waiting) schedule(GRACE_MS);
      return;
    }
    const { missing, extra } = planner.writer({
      ranking: snap.ranking,
      cards: cardsOnPage(),
      me: model.session.participantId,
      leader: snap.synced && isLeader(model.awareness),
      here: new Set(snap.participants.filter((p) => p.online).map((p) => p.participantId)),
      deleting: internal.deleting,
    }, Date.now());
    if (missing.length > 0 || extra.length > 0) place(missing, extra, false);
    if (planner.waiting) schedule(GRACE_MS);
  };

  /** Puts cards for `missing` in free cells and removes `extra`; a viewer's go on its screen only. */
  const place = (missing: readonly string[], extra: readonly TLShapeId[], viewer: boolean) => {
    const occupied = editor.getCurrentPageShapes().flatMap((shape) => {
      const b = editor.getShapePageBounds(shape);
      return b ? [{ x: b.x, y: b.y, w: b.w, h: b.h }] : [];
    });
    // The grid is as wide as the whole board will need (the cards already there and the new ones).
    const cardCount = editor.getCurrentPageShapes().filter(isCard).length;
    const slots = freeSlots(occupied, missing.length, gridColumns(cardCount + missing.length));
    const ids = missing.map(() => createShapeId());
    internal.active = true;
    // A viewer's canvas is read-only to its user; its store is not bound back to the document, so its own cards stay here.
    if (viewer) editor.updateInstanceState({ isReadonly: false });
    try {
      editor.run(() => {
        if (missing.length > 0) {
          editor.createShapes(missing.map((featureId, i) => ({
            id: ids[i]!, type: CARD_TYPE, x: slots[i]!.x, y: slots[i]!.y, props: { featureId },
          })));
        }
        if (extra.length > 0) editor.deleteShapes([...extra]);
      }, { history: 'ignore' });
    } finally {
      if (viewer) editor.updateInstanceState({ isReadonly: true });
      internal.active = false;
    }
    if (viewer) {
      for (const id of ids) placeholders.add(id);
      for (const id of extra) placeholders.delete(id);
    }
    if (missing.length > 0) {
      // Bring new cards into view when they landed outside it.
      const view = editor.getViewportPageBounds();
      const outside = slots.some((p) => p.x < view.minX || p.y < view.minY || p.x + CARD_W > view.maxX || p.y + CARD_H > view.maxY);
      if (outside) frameCards(editor);
    }
  };

  const schedule = (delay = 150) => {
    if (timer) return;
    timer = window.setTimeout(run, delay);
  };
  const unsubscribe = model.subscribe(() => schedule());
  const unlisten = editor.store.listen(() => schedule(), { source: 'remote', scope: 'document' });
  schedule();
  return () => {
    unsubscribe();
    unlisten();
    if (timer) clearTimeout(timer);
  };
}
