import { createShapeId, toRichText, type Editor, type TLShapeId } from 'tldraw';
import type { RankingRow } from '@ladder/board-doc';
import { CARD_H, CARD_W } from './cardSvg';
import { frameCards } from './frame';
import { compareLanes, laneName, type LaneKey } from './laneGroups';
import { gridColumns, isCard } from './reconcile';

const GAP = 24;
const HEADER = 56;
const PAD = 20;

/**
 * Arranges the cards in lanes, one column per theme (or team), best rank at the top; `none`
 * removes the lanes and lays the cards out in rank order. Lane backgrounds are labelled rectangles.
 */
export function arrangeCards(editor: Editor, ranking: readonly RankingRow[], by: LaneKey): void {
  const cards = editor.getCurrentPageShapes().filter(isCard);
  const order = new Map(ranking.map((r, i) => [r.id, i]));
  const rowOf = new Map(ranking.map((r) => [r.id, r]));
  const oldLanes = editor.getCurrentPageShapes().filter((s) => (s.meta as { ladderLane?: unknown }).ladderLane === true).map((s) => s.id);
  const sorted = [...cards].sort((a, b) => (order.get(a.props.featureId) ?? 1e9) - (order.get(b.props.featureId) ?? 1e9));
  editor.run(() => {
    if (oldLanes.length > 0) editor.deleteShapes(oldLanes);
    if (by === 'none') {
      const columns = gridColumns(sorted.length, CARD_W, CARD_H, GAP);
      editor.updateShapes(sorted.map((c, i) => ({ id: c.id, type: c.type, x: (i % columns) * (CARD_W + GAP), y: Math.floor(i / columns) * (CARD_H + GAP) })));
      return;
    }
    const groups = new Map<string, typeof sorted>();
    for (const card of sorted) {
      const key = laneName(rowOf.get(card.props.featureId), by);
      groups.set(key, [...(groups.get(key) ?? []), card]);
    }
    const names = [...groups.keys()].sort(compareLanes);
    const laneIds: TLShapeId[] = [];
    names.forEach((name, col) => {
      const list = groups.get(name) ?? [];
      const x = col * (CARD_W + PAD * 2 + GAP);
      const h = HEADER + list.length * (CARD_H + GAP) + PAD;
      const id = createShapeId();
      laneIds.push(id);
      editor.createShape({
        id, type: 'geo', x, y: -HEADER, meta: { ladderLane: true },
        props: { geo: 'rectangle', w: CARD_W + PAD * 2, h, richText: toRichText(name), verticalAlign: 'start', fill: 'solid', color: 'light-blue', dash: 'dashed', size: 's', font: 'sans' },
      });
      editor.updateShapes(list.map((c, i) => ({ id: c.id, type: c.type, x: x + PAD, y: i * (CARD_H + GAP) + PAD / 2 })));
    });
    if (laneIds.length > 0) editor.sendToBack(laneIds);
  });
  frameCards(editor);
}
