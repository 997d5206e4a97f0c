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

/**
 * A mini-card's title broken into at most `lines` lines of about `perLine` characters, at spaces where it can;
 * the last line ends in "…" when the title does not fit (the full title goes in the shape's tooltip).
 */
export function labelLines(label: string, perLine: number, lines = 2): string[] {
  // Words longer than a line are cut into line-long pieces first.
  const words = label.trim().split(/\s+/).filter(Boolean)
    .flatMap((w) => Array.from({ length: Math.ceil(w.length / perLine) }, (_, k) => w.slice(k * perLine, (k + 1) * perLine)));
  const out: string[] = [];
  let next = 0;
  while (next < words.length && out.length < lines) {
    let line = words[next++]!;
    while (next < words.length && line.length + 1 + words[next]!.length <= perLine) line = `${line} ${words[next++]!}`;
    out.push(line);
  }
  if (next < words.length) {
    const last = out[out.length - 1]!;
    // Room for the "…": drop the last word of a full line (or cut a single long word).
    const cut = last.length < perLine ? last : last.includes(' ') ? last.slice(0, last.lastIndexOf(' ')) : last.slice(0, perLine - 1);
    out[out.length - 1] = `${cut}…`;
  }
  return out;
}
