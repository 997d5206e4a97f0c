import type { RankingRow, Theme } from '@ladder/board-doc';
import { COMPONENTS } from '@ladder/wsjf';
import { COMPONENT_SHORT, formatNumber } from '../room/labels';

// The ranking board as one self-contained SVG for management: the room's title and date, every feature in rank order
// with its estimates, cost of delay and WSJF, the cut line, committed features and themes. Drawn from the ranking
// itself (no canvas needed), with nothing clipped: long text is shortened with an ellipsis to its column.

export interface RankingExport {
  title: string;
  /** When the export was made (the date shown). */
  date: Date;
  rows: readonly RankingRow[];
  capacity: number | null;
  themes: Readonly<Record<string, Theme>>;
  /** Features under a live round: their values and WSJF are not shown. */
  inRound: (featureId: string) => boolean;
}

const WIDTH = 1280;
const PAD = 32;
const ROW = 30;
const HEAD = 118;
/** Columns: x of each, from the left edge. */
const COL = { rank: PAD, title: PAD + 52, team: 640, theme: 780, est: 930, cod: 1130, wsjf: WIDTH - PAD } as const;
/** Average glyph width of the sans-serif at the row's size, for fitting text into its column. */
const GLYPH = 7.6;

/** How an export's date reads: to the minute, in UTC, so every reader sees the same. */
export function exportDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Text shortened to fit `width` px at the row's size, with an ellipsis when cut. */
export function fit(text: string, width: number, glyph = GLYPH): string {
  const max = Math.max(1, Math.floor(width / glyph));
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export function rankingSvg(input: RankingExport): string {
  const { rows, capacity, themes, inRound } = input;
  const cutIndex = capacity === null ? -1 : rows.findIndex((r) => r.inCapacity === false);
  const lines = rows.length + (cutIndex >= 0 ? 1 : 0);
  const height = HEAD + lines * ROW + 56;
  const ranked = rows.filter((r) => r.rank !== null).length;
  const committed = rows.filter((r) => r.committed).length;
  const parts: string[] = [];
  const text = (x: number, y: number, body: string, attrs = '') => parts.push(`<text x="${x}" y="${y}" ${attrs}>${escapeXml(body)}</text>`);
  parts.push(`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`);
  text(PAD, 48, fit(input.title || 'Ladder ranking', WIDTH - PAD * 2, 15), 'font-size="28" font-weight="700" fill="#141a29"');
  const summary = [exportDate(input.date), `${ranked} of ${rows.length} features ranked by WSJF`, committed ? `${committed} committed` : '', capacity !== null ? `capacity ${formatNumber(capacity)} points` : '']
    .filter(Boolean).join(' · ');
  text(PAD, 76, summary, 'font-size="15" fill="#5b6478"');
  const headY = HEAD - 12;
  text(COL.rank, headY, '#', 'font-size="12" font-weight="700" fill="#5b6478"');
  text(COL.title, headY, 'Feature', 'font-size="12" font-weight="700" fill="#5b6478"');
  text(COL.team, headY, 'Team', 'font-size="12" font-weight="700" fill="#5b6478"');
  text(COL.theme, headY, 'Theme', 'font-size="12" font-weight="700" fill="#5b6478"');
  COMPONENTS.forEach((c, i) => text(COL.est + i * 50, headY, COMPONENT_SHORT[c], 'font-size="12" font-weight="700" fill="#5b6478"'));
  text(COL.cod, headY, 'CoD', 'font-size="12" font-weight="700" fill="#5b6478"');
  text(COL.wsjf, headY, 'WSJF', 'font-size="12" font-weight="700" fill="#5b6478" text-anchor="end"');
  parts.push(`<line x1="${PAD}" y1="${HEAD - 4}" x2="${WIDTH - PAD}" y2="${HEAD - 4}" stroke="#c9d1e3"/>`);
  let y = HEAD;
  rows.forEach((row, i) => {
    if (i === cutIndex) {
      parts.push(`<line x1="${PAD}" y1="${y + ROW / 2}" x2="${WIDTH - PAD}" y2="${y + ROW / 2}" stroke="#d64545" stroke-width="2" stroke-dasharray="8 5" data-cut-line=""/>`);
      text(WIDTH - PAD, y + ROW / 2 - 4, `cut line · ${formatNumber(capacity)} points`, 'font-size="12" font-weight="700" fill="#d64545" text-anchor="end"');
      y += ROW;
    }
    const base = y + 20;
    const hidden = inRound(row.id);
    const out = row.inCapacity === false;
    if (i % 2 === 0) parts.push(`<rect x="${PAD - 8}" y="${y}" width="${WIDTH - PAD * 2 + 16}" height="${ROW}" fill="#f5f7fb"/>`);
    const ink = out ? '#7a8296' : '#141a29';
    text(COL.rank, base, row.rank === null ? '–' : String(row.rank), `font-size="14" font-weight="700" fill="${out ? '#7a8296' : '#213a8f'}"`);
    const badge = row.committed ? 64 : 0;
    text(COL.title, base, fit(row.title, COL.team - COL.title - 12 - badge), `font-size="14" fill="${ink}"`);
    if (row.committed) {
      parts.push(`<rect x="${COL.team - 12 - badge + 4}" y="${y + 7}" width="${badge - 8}" height="17" rx="8" fill="#e6f4ea"/>`);
      text(COL.team - 12 - badge / 2, y + 19, 'committed', 'font-size="10" font-weight="700" fill="#1e7a3c" text-anchor="middle"');
    }
    text(COL.team, base, fit(row.team, COL.theme - COL.team - 10), `font-size="13" fill="${ink}"`);
    if (row.theme) {
      const colour = themes[row.theme]?.colour ?? '#9aa4b8';
      parts.push(`<rect x="${COL.theme}" y="${y + 8}" width="4" height="15" fill="${escapeXml(colour)}"/>`);
      text(COL.theme + 10, base, fit(row.theme, COL.est - COL.theme - 20), `font-size="13" fill="${ink}"`);
    }
    COMPONENTS.forEach((c, k) => text(COL.est + k * 50, base, hidden ? '·' : formatNumber(row[c]), `font-size="13" fill="${ink}"`));
    text(COL.cod, base, hidden ? '·' : formatNumber(row.costOfDelay), `font-size="13" fill="${ink}"`);
    text(COL.wsjf, base, hidden ? 'in a round' : formatNumber(row.wsjf), `font-size="14" font-weight="700" fill="${out ? '#7a8296' : '#213a8f'}" text-anchor="end"`);
    y += ROW;
  });
  text(PAD, height - 20, 'Ranked by WSJF = cost of delay (BV + TC + RR) / job size. Made with Ladder.', 'font-size="11" fill="#7a8296"');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">${parts.join('')}</svg>`;
}
