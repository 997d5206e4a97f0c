import { createShapeId, type Editor, type TLShape, type TLShapeId } from 'tldraw';
import { WRITER_ROLES } from '@ladder/board-doc';
import { CARD_TYPE } from '../room/actions';
import type { RoomModel } from '../room/model';
import { CARD_H, CARD_W, type FeatureCardShape } from './cardShape';
import { frameCards } from './frame';

const GAP = 28;
const COLUMNS = 6;
/** How long a feature may lack a card (or a card its feature) before the leader steps in. */
const GRACE_MS = 3000;

export function isCard(shape: TLShape): shape is FeatureCardShape {
  return shape.type === CARD_TYPE;
}

export interface Box { x: number; y: number; w: number; h: number }

/**
 * Next free cells of the card grid, left to right, top to bottom: a cell is free when a card there would not
 * touch anything already on the board (cards moved by hand or arranged in lanes lie off the grid).
 */
export function freeSlots(occupied: readonly Box[], count: number): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  const taken = [...occupied];
  const clear = (x: number, y: number) => taken.every((b) =>
    x + CARD_W + GAP / 2 <= b.x || b.x + b.w + GAP / 2 <= x || y + CARD_H + GAP / 2 <= b.y || b.y + b.h + GAP / 2 <= y);
  for (let i = 0; out.length < count; i++) {
    const x = (i % COLUMNS) * (CARD_W + GAP);
    const y = Math.floor(i / COLUMNS) * (CARD_H + GAP);
    if (!clear(x, y)) continue;
    out.push({ x, y });
    taken.push({ x, y, w: CARD_W, h: CARD_H });
  }
  return out;
}

/** The writer with the lowest awareness client id does the room's housekeeping. */
function isLeader(model: RoomModel): boolean {
  let lowest = Infinity;
  model.awareness.getStates().forEach((state, clientId) => {
    const role = (state as { user?: { role?: string } }).user?.role;
    if (role && (WRITER_ROLES as readonly string[]).includes(role)) lowest = Math.min(lowest, clientId);
  });
  return lowest === model.awareness.clientID;
}

/**
 * What the board's own code is doing to the canvas: `active` while it writes cards itself, `deleting` the features whose
 * card was just deleted on this canvas and whose own deletion follows (no card is put back for them meanwhile).
 */
export interface CanvasWork { active: boolean; deleting: Set<string> }

/**
 * Keeps one card per feature. A feature's creator places its card; when the creator is not here
 * (an import through the API), the leader does. Duplicates and orphans are removed by the leader.
 */
export function reconcileCards(editor: Editor, model: RoomModel, internal: CanvasWork): () => void {
  const firstSeen = new Map<string, number>();
  /** Cards a viewer placed on its own screen only, for features no writer has given a card yet. */
  const placeholders = new Set<TLShapeId>();
  let timer = 0;
  /** Whether `key` has waited longer than the grace period since it was first seen missing (counting from `now`). */
  const waited = (key: string, now: number) => {
    const seen = firstSeen.get(key) ?? now;
    firstSeen.set(key, seen);
    return now - seen > GRACE_MS;
  };

  /**
   * A viewer (an observer, a projector screen) cannot write cards: with no writer in the room, features imported
   * through the API would have none. It shows cards of its own, on its screen only, until the real ones arrive.
   */
  const viewerWork = (snap: ReturnType<RoomModel['getSnapshot']>, cards: FeatureCardShape[], now: number) => {
    const real = new Set(cards.filter((c) => !placeholders.has(c.id)).map((c) => c.props.featureId));
    const extra = cards.filter((c) => placeholders.has(c.id) && (real.has(c.props.featureId) || !snap.byId.has(c.props.featureId))).map((c) => c.id);
    const shown = new Set(cards.map((c) => c.props.featureId));
    const missing = snap.ranking.filter((row) => {
      if (shown.has(row.id)) { firstSeen.delete(row.id); return false; }
      // A writer on the board places it in a moment: wait for theirs first.
      return waited(row.id, now);
    });
    return { missing, extra };
  };

  const run = () => {
    timer = 0;
    const snap = model.getSnapshot();
    if (!snap.synced && !snap.localLoaded) return;
    if (!model.canWrite) {
      const now = Date.now();
      const { missing, extra } = viewerWork(snap, editor.getCurrentPageShapes().filter(isCard), now);
      if (missing.length > 0 || extra.length > 0) place(missing, extra, true);
      if (firstSeen.size > 0) schedule(GRACE_MS);
      return;
    }
    const me = model.session.participantId;
    const leader = snap.synced && isLeader(model);
    const now = Date.now();
    const cards = editor.getCurrentPageShapes().filter(isCard);
    const byFeature = new Map<string, FeatureCardShape[]>();
    for (const card of cards) {
      const list = byFeature.get(card.props.featureId) ?? [];
      list.push(card);
      byFeature.set(card.props.featureId, list);
    }
    // A creator who is here places their own card; for anyone else's (an import by a script, features written before
    // this board opened) the leader need not wait.
    const here = new Set(snap.participants.filter((p) => p.online).map((p) => p.participantId));
    const missing = snap.ranking.filter((row) => {
      if (byFeature.has(row.id)) { firstSeen.delete(row.id); return false; }
      if (internal.deleting.has(row.id)) return false;
      if (row.createdBy === me) return true;
      if (leader && !here.has(row.createdBy)) return true;
      return waited(row.id, now) && leader;
    });
    const extra: TLShapeId[] = [];
    if (leader) {
      for (const [featureId, list] of byFeature) {
        if (!snap.byId.has(featureId)) {
          if (waited('orphan:' + featureId, now)) extra.push(...list.map((c) => c.id));
          continue;
        }
        firstSeen.delete('orphan:' + featureId);
        const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
        extra.push(...sorted.slice(1).map((c) => c.id));
      }
    }
    if (missing.length > 0 || extra.length > 0) place(missing, extra, false);
    if (firstSeen.size > 0) schedule(GRACE_MS);
  };

  /** Puts cards for `missing` in free cells and removes `extra`; a viewer's go on its screen only. */
  const place = (missing: readonly { id: string }[], extra: readonly TLShapeId[], viewer: boolean) => {
    const occupied = editor.getCurrentPageShapes().flatMap((shape) => {
      const b = editor.getShapePageBounds(shape);
      return b ? [{ x: b.x, y: b.y, w: b.w, h: b.h }] : [];
    });
    const slots = freeSlots(occupied, missing.length);
    const ids = missing.map(() => createShapeId());
    internal.active = true;
    // A viewer's canvas is read-only to its user; its store is not bound back to the document, so its own cards stay here.
    if (viewer) editor.updateInstanceState({ isReadonly: false });
    try {
      editor.run(() => {
        if (missing.length > 0) {
          editor.createShapes(missing.map((row, i) => ({
            id: ids[i]!, type: CARD_TYPE, x: slots[i]!.x, y: slots[i]!.y, props: { featureId: row.id },
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
