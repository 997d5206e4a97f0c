import type { RankingRow } from '@ladder/board-doc';

/** The export columns, exactly as CONTRACT.md names them. */
export const EXPORT_COLUMNS = [
  'rank', 'id', 'title', 'team', 'theme', 'userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize', 'costOfDelay', 'wsjf',
] as const;

/** A cell a spreadsheet would run as a formula starts with one of these; such cells get a leading `'`. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula injection neutralised, quoted when it holds a comma, quote or line break. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The ranking as CSV (header row, then one row per feature in rank order), CRLF line ends. */
export function rankingCsv(rows: readonly RankingRow[]): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const row of rows) lines.push(EXPORT_COLUMNS.map((column) => csvCell(row[column])).join(','));
  return lines.join('\r\n') + '\r\n';
}
