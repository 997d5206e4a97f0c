import type * as Y from 'yjs';
import { canvasArray, type RankingRow } from '@ladder/board-doc';
import { CARD_H, CARD_W } from '../board/cardShape';
import { CARD_TYPE } from '../room/actions';

/** One shape of the canvas as it was: where it stood and what it showed. */
export interface PastShape {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The feature's title (cards), the shape's text, or empty. */
  label: string;
  card: boolean;
  rank: number | null;
}

const num = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/** The shapes of the canvas in a (read-only) document, on the page they were drawn on, with their features' ranks. */
export function shapesOf(doc: Y.Doc, ranking: readonly RankingRow[]): PastShape[] {
  const byId = new Map(ranking.map((row) => [row.id, row]));
  const records = new Map<string, Record<string, unknown>>();
  for (const entry of canvasArray(doc).toArray() as Array<{ key?: unknown; val?: unknown }>) {
    if (typeof entry?.key === 'string' && entry.val && typeof entry.val === 'object') records.set(entry.key, entry.val as Record<string, unknown>);
  }
  const shapes: PastShape[] = [];
  for (const [id, record] of records) {
    if (record.typeName !== 'shape' || typeof record.parentId !== 'string' || !record.parentId.startsWith('page:')) continue;
    const props = (record.props ?? {}) as Record<string, unknown>;
    const card = record.type === CARD_TYPE;
    const feature = card ? byId.get(String(props.featureId)) : undefined;
    if (card && !feature) continue;
    shapes.push({
      id, x: num(record.x, 0), y: num(record.y, 0),
      w: card ? CARD_W : num(props.w, 120), h: card ? CARD_H : num(props.h, 60),
      label: feature?.title ?? (typeof props.text === 'string' ? props.text : ''),
      card, rank: feature?.rank ?? null,
    });
  }
  return shapes;
}
