import type { Editor, TLShape, TLShapeId } from 'tldraw';
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

/** Next free cells of the card grid, left to right, top to bottom. */
export function freeSlots(occupied: readonly { x: number; y: number }[], count: number): { x: number; y: number }[] {
  const taken = new Set(occupied.map((p) => `${Math.round(p.x / (CARD_W + GAP))},${Math.round(p.y / (CARD_H + GAP))}`));
  const out: { x: number; y: number }[] = [];
  for (let i = 0; out.length < count; i++) {
    const col = i % COLUMNS;
    const row = Math.floor(i / COLUMNS);
    if (!taken.has(`${col},${row}`)) out.push({ x: col * (CARD_W + GAP), y: row * (CARD_H + GAP) });
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
 * Keeps one card per feature. A feature's creator places its card; when the creator is not here
 * (an import through the API), the leader does. Duplicates and orphans are removed by the leader.
 */
export function reconcileCards(editor: Editor, model: RoomModel, internal: { active: boolean }): () => void {
  const firstSeen = new Map<string, number>();
  let timer = 0;

  const run = () => {
    timer = 0;
    const snap = model.getSnapshot();
    if (!model.canWrite || (!snap.synced && !snap.localLoaded)) return;
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
    const missing = snap.ranking.filter((row) => {
      if (byFeature.has(row.id)) { firstSeen.delete(row.id); return false; }
      if (row.createdBy === me) return true;
      const seen = firstSeen.get(row.id) ?? now;
      firstSeen.set(row.id, seen);
      return leader && now - seen > GRACE_MS;
    });
    const extra: TLShapeId[] = [];
    if (leader) {
      for (const [featureId, list] of byFeature) {
        if (!snap.byId.has(featureId)) {
          const key = 'orphan:' + featureId;
          const seen = firstSeen.get(key) ?? now;
          firstSeen.set(key, seen);
          if (now - seen > GRACE_MS) extra.push(...list.map((c) => c.id));
          continue;
        }
        firstSeen.delete('orphan:' + featureId);
        const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
        extra.push(...sorted.slice(1).map((c) => c.id));
      }
    }
    if (missing.length === 0 && extra.length === 0) {
      if (firstSeen.size > 0) schedule(GRACE_MS);
      return;
    }
    const slots = freeSlots(cards.map((c) => ({ x: c.x, y: c.y })), missing.length);
    internal.active = true;
    try {
      editor.run(() => {
        if (missing.length > 0) {
          editor.createShapes(missing.map((row, i) => ({
            type: CARD_TYPE, x: slots[i]!.x, y: slots[i]!.y, props: { featureId: row.id },
          })));
        }
        if (extra.length > 0) editor.deleteShapes(extra);
      }, { history: 'ignore' });
    } finally {
      internal.active = false;
    }
    if (missing.length > 0) {
      // Bring new cards into view when they landed outside it.
      const view = editor.getViewportPageBounds();
      const outside = slots.some((p) => p.x < view.minX || p.y < view.minY || p.x + CARD_W > view.maxX || p.y + CARD_H > view.maxY);
      if (outside) frameCards(editor);
    }
    if (firstSeen.size > 0) schedule(GRACE_MS);
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
