import type { RankingRow } from '@ladder/board-doc';
import { COMPONENTS } from '@ladder/wsjf';
import { COMPONENT_SHORT, formatNumber } from '../room/labels';

// A feature card as plain SVG, without tldraw: the canvas's PNG/SVG export draws each card shape with it
// (`FeatureCardShapeUtil.toSvg`), and the card board's export draws its whole grid with it.

export const CARD_W = 272;
/** Tall enough for a two-line title, the four estimate rows and the CoD/WSJF footer (checked in the browser tests). */
export const CARD_H = 240;

/** One SVG element of a card: its tag, attributes (camelCase, as React names them) and text. */
export interface SvgPart {
  tag: 'rect' | 'text';
  attrs: Record<string, string | number>;
  text?: string;
}

const font = { fontFamily: 'sans-serif' };
const TITLE_SIZE = 16;
const INSET = 14;

/** A generous width of a glyph of a bold sans-serif, in em: the export's fonts are the viewer's, so this errs wide. */
function glyphEm(ch: string): number {
  if (/[iljI.,:;'|!]/.test(ch)) return 0.3;
  if (/[ frt()[\]-]/.test(ch)) return 0.38;
  if (/[mwMW@%]/.test(ch)) return 0.92;
  if (/[A-Z0-9]/.test(ch)) return 0.7;
  return 0.6;
}

/** `text` shortened with an ellipsis to what fits `width` pixels at `size`. */
export function fitText(text: string, width: number, size: number): string {
  const max = width / size;
  const chars = [...text];
  if (chars.reduce((sum, c) => sum + glyphEm(c), 0) <= max) return text;
  let used = 1; // the ellipsis
  let cut = 0;
  while (cut < chars.length && used + glyphEm(chars[cut] as string) <= max) used += glyphEm(chars[cut++] as string);
  return chars.slice(0, cut).join('').trimEnd() + '…';
}

/** The title shortened with an ellipsis to what fits the card's width. */
export function cardTitle(title: string): string {
  return fitText(title, CARD_W - INSET * 2, TITLE_SIZE);
}

/**
 * The parts of one card at (0, 0): id and rank, title, the four estimates and the WSJF. `locked` holds the estimates
 * under a live blind round: the drawing hides what the screen hides (their values and the WSJF they make).
 */
export function cardSvg(row: RankingRow | null, locked: ReadonlySet<string>): SvgPart[] {
  const wsjf = locked.size > 0 ? 'WSJF in a round' : row?.wsjf !== null && row?.wsjf !== undefined ? `WSJF ${formatNumber(row.wsjf)}` : '';
  return [
    { tag: 'rect', attrs: { width: CARD_W, height: CARD_H, rx: 12, fill: '#ffffff', stroke: '#c9d1e3', strokeWidth: 1.5 } },
    { tag: 'rect', attrs: { width: CARD_W, height: 6, rx: 3, fill: row?.rank ? '#213a8f' : '#9aa4b8' } },
    { tag: 'text', attrs: { x: 14, y: 30, fontSize: 12, fill: '#5b6478', ...font }, text: row ? `${row.id}${row.rank ? `  ·  #${row.rank}` : '  ·  unscored'}` : '' },
    { tag: 'text', attrs: { x: 14, y: 54, fontSize: 16, fontWeight: 600, fill: '#141a29', ...font }, text: row ? cardTitle(row.title) : 'Deleted feature' },
    ...COMPONENTS.map((c, i): SvgPart => ({
      tag: 'text',
      attrs: { x: 14, y: 92 + i * 22, fontSize: 13, fill: '#2b3345', ...font },
      text: `${COMPONENT_SHORT[c]}  ${locked.has(c) ? 'in a round' : formatNumber(row?.[c] ?? null)}`,
    })),
    { tag: 'text', attrs: { x: CARD_W - 14, y: CARD_H - 16, fontSize: 15, fontWeight: 700, textAnchor: 'end', fill: '#213a8f', ...font }, text: wsjf },
  ];
}

const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** SVG markup of parts, shifted by (x, y). */
export function partsMarkup(parts: readonly SvgPart[], x = 0, y = 0): string {
  const body = parts.map((p) => {
    const attrs = Object.entries(p.attrs).map(([k, v]) => ` ${kebab(k)}="${escapeXml(String(v))}"`).join('');
    return p.text === undefined ? `<${p.tag}${attrs}/>` : `<${p.tag}${attrs}>${escapeXml(p.text)}</${p.tag}>`;
  }).join('');
  return `<g transform="translate(${x} ${y})">${body}</g>`;
}

/** A group of cards on the card board: a lane (with its name) or, without lanes, all of them (name null). */
export interface CardGroup {
  name: string | null;
  rows: readonly RankingRow[];
}

const GAP = 24;
const PAD = 32;
const HEADING = 44;

/**
 * The card board as one self-contained SVG: each group under its heading, its cards in rank order in rows of
 * `columns`. `lockedOf` gives the estimates of a feature under a live blind round.
 */
export function cardBoardSvg(groups: readonly CardGroup[], lockedOf: (featureId: string) => ReadonlySet<string>, columns = 4): { markup: string; width: number; height: number } {
  const width = PAD * 2 + columns * CARD_W + (columns - 1) * GAP;
  let y = PAD;
  const out: string[] = [];
  for (const group of groups) {
    if (group.name !== null) {
      out.push(`<text x="${PAD}" y="${y + 24}" font-size="20" font-weight="700" fill="#141a29" font-family="sans-serif">${escapeXml(group.name)} (${group.rows.length})</text>`);
      y += HEADING;
    }
    group.rows.forEach((row, i) => {
      out.push(partsMarkup(cardSvg(row, lockedOf(row.id)), PAD + (i % columns) * (CARD_W + GAP), y + Math.floor(i / columns) * (CARD_H + GAP)));
    });
    y += Math.ceil(group.rows.length / columns) * (CARD_H + GAP) + (group.name !== null ? GAP : 0);
  }
  const height = Math.max(y + PAD - GAP, PAD * 2);
  const markup = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + `<rect width="${width}" height="${height}" fill="#f5f7fb"/>${out.join('')}</svg>`;
  return { markup, width, height };
}
