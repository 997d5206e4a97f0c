import { escapeXml, exportDate, fit } from '../exports/rankingSvg';
import { formatNumber } from '../room/labels';
import { drawStrings, STATUS_COLOUR, type Box } from './geometry';
import { isIpIteration, type PlanGrid } from './grid';

// The planning board as one self-contained SVG, drawn like the ranking board: the room's title and the date, the grid
// of teams and iterations with each cell's load against its capacity, the cards, the milestones and the strings
// coloured by status. Drawn from the plan itself (no screen needed), nothing clipped: long text is shortened.

const PAD = 32;
const HEAD = 110;
const TEAM_W = 170;
const COL_W = 200;
const COL_HEAD = 44;
const CARD_H = 34;
const CARD_GAP = 6;
const CELL_TOP = 26;
const CELL_PAD = 10;
const MIN_ROW = 80;

export interface PlanExport { title: string; date: Date; grid: PlanGrid }

const label = (team: string) => team || 'No team';

export function planSvg({ title, date, grid }: PlanExport): string {
  const cols = grid.iterations.length;
  const width = PAD * 2 + TEAM_W + Math.max(1, cols) * COL_W;
  const rowHeights = grid.rows.map((row) => Math.max(MIN_ROW, CELL_TOP + Math.max(0, ...row.cells.map((c) => c.cards.length)) * (CARD_H + CARD_GAP) + CELL_PAD));
  const top = HEAD + COL_HEAD;
  const height = top + rowHeights.reduce((s, h) => s + h, 0) + 56;
  const parts: string[] = [];
  const text = (x: number, y: number, body: string, attrs = '') => parts.push(`<text x="${x}" y="${y}" ${attrs}>${escapeXml(body)}</text>`);
  const colX = (i: number) => PAD + TEAM_W + i * COL_W;
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  text(PAD, 48, fit(title || 'Ladder planning board', width - PAD * 2, 15), 'font-size="28" font-weight="700" fill="#141a29"');
  const planned = grid.rows.reduce((s, r) => s + r.cells.reduce((t, c) => t + c.cards.length, 0), 0);
  const counts = { late: 0, risky: 0 };
  for (const s of grid.statuses.values()) if (s === 'late' || s === 'risky') counts[s]++;
  text(PAD, 76, [exportDate(date), `${grid.rows.length} teams × ${cols} iterations`, `${planned} features planned`, `${grid.dependencies.length} dependencies (${counts.late} late, ${counts.risky} risky)`].join(' · '), 'font-size="15" fill="#5b6478"');

  // Column heads, the IP iteration shaded, milestones as lines across the board.
  grid.iterations.forEach((it, i) => {
    const x = colX(i);
    if (isIpIteration(grid.iterations, i)) parts.push(`<rect x="${x}" y="${HEAD}" width="${COL_W}" height="${height - HEAD - 56}" fill="#f6f1ff"/>`);
    text(x + 10, HEAD + 18, fit(it.name, COL_W - 20, 7.6), 'font-size="14" font-weight="700" fill="#141a29"');
    if (it.start && it.end) text(x + 10, HEAD + 35, `${it.start} – ${it.end}`, 'font-size="11" fill="#5b6478"');
  });
  let y = top;
  grid.rows.forEach((row, r) => {
    const h = rowHeights[r] as number;
    parts.push(`<line x1="${PAD}" y1="${y}" x2="${width - PAD}" y2="${y}" stroke="#c9d1e3"/>`);
    text(PAD, y + 20, fit(label(row.team), TEAM_W - 12, 7.6), `font-size="14" font-weight="700" fill="${row.known ? '#141a29' : '#5b6478'}"`);
    text(PAD, y + 38, `${formatNumber(row.load)} / ${row.capacity === null ? '–' : formatNumber(row.capacity)}`, 'font-size="12" fill="#5b6478"');
    if (row.late + row.risky > 0) text(PAD, y + 56, `${row.late} late · ${row.risky} risky`, `font-size="12" font-weight="700" fill="${row.late ? '#c62a2f' : '#c07a06'}"`);
    row.cells.forEach((cell, i) => {
      const x = colX(i);
      if (cell.over > 0) parts.push(`<rect x="${x + 2}" y="${y + 2}" width="${COL_W - 4}" height="${h - 4}" fill="#fdecec"/>`);
      const loadText = `${formatNumber(cell.load)} / ${cell.capacity === null ? '–' : formatNumber(cell.capacity)}${cell.over > 0 ? ` · +${formatNumber(cell.over)} over` : ''}`;
      text(x + COL_W - 10, y + 17, loadText, `font-size="11" font-weight="700" fill="${cell.over > 0 ? '#c62a2f' : '#5b6478'}" text-anchor="end"`);
    });
    y += h;
  });
  parts.push(`<line x1="${PAD}" y1="${y}" x2="${width - PAD}" y2="${y}" stroke="#c9d1e3"/>`);
  grid.iterations.forEach((_, i) => parts.push(`<line x1="${colX(i)}" y1="${HEAD}" x2="${colX(i)}" y2="${y}" stroke="#e2e6ef"/>`));
  for (const m of grid.milestones) {
    const x = colX(m.column) + m.at * COL_W;
    parts.push(`<line x1="${x}" y1="${HEAD + COL_HEAD - 4}" x2="${x}" y2="${y}" stroke="#7a2bb5" stroke-width="2" stroke-dasharray="6 4"/>`);
    parts.push(`<path d="M${x},${HEAD + COL_HEAD - 12} l6,6 l-6,6 l-6,-6 z" fill="#7a2bb5"/>`);
    text(Math.min(x + 8, width - PAD), HEAD + COL_HEAD - 2, fit(m.milestone.name, COL_W - 30, 6.5), 'font-size="11" font-weight="700" fill="#7a2bb5"');
  }

  // The cards, where the strings then start and end.
  const boxes = new Map<string, Box>();
  y = top;
  grid.rows.forEach((row, r) => {
    row.cells.forEach((cell, i) => {
      cell.cards.forEach((card, k) => {
        const box = { x: colX(i) + CELL_PAD, y: y + CELL_TOP + k * (CARD_H + CARD_GAP), w: COL_W - CELL_PAD * 2, h: CARD_H };
        boxes.set(card.id, box);
        parts.push(`<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="6" fill="#ffffff" stroke="#cdd4e2"/>`);
        parts.push(`<rect x="${box.x}" y="${box.y}" width="4" height="${box.h}" rx="2" fill="#213a8f"/>`);
        text(box.x + 10, box.y + 14, `${card.id}${card.rank === null ? '' : ` · #${card.rank}`}${card.jobSize === null ? '' : ` · JS ${formatNumber(card.jobSize)}`}`, 'font-size="10" fill="#5b6478"');
        text(box.x + 10, box.y + 28, fit(card.title, box.w - 16, 6.6), 'font-size="12" font-weight="700" fill="#141a29"');
      });
    });
    y += rowHeights[r] as number;
  });
  for (const s of drawStrings(grid.dependencies, grid.statuses, boxes)) {
    const dash = s.status === 'unplanned' ? ' stroke-dasharray="5 4"' : '';
    parts.push(`<path d="${s.d}" fill="none" stroke="${STATUS_COLOUR[s.status]}" stroke-width="2"${dash} opacity="0.9" data-string="${escapeXml(s.id)}"/>`);
  }
  text(PAD, height - 20, 'Strings: green in time, amber same iteration, red late, grey dashed not planned. Made with Ladder.', 'font-size="11" fill="#7a8296"');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">${parts.join('')}</svg>`;
}
