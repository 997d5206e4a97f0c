import type { DecisionNote, RankingRow } from '@ladder/board-doc';

/**
 * The export columns: CONTRACT.md's eleven, in its order, then the trailing ones (a reader that takes the first
 * eleven by position reads the same file as before).
 */
export const EXPORT_COLUMNS = [
  'rank', 'id', 'title', 'team', 'theme', 'userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize', 'costOfDelay', 'wsjf',
  'committed', 'inCapacity', 'latestNote',
] as const;
type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** A cell a spreadsheet would run as a formula starts with one of these; such cells get a leading `'`. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula injection neutralised, quoted when it holds a comma, quote or line break. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A score as a person reads it: two decimals at most (`8.67`, not `8.666666666666666`); whole numbers stay whole. */
export function twoDecimals(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? value : Number(value.toFixed(2));
}

/** The text of the newest decision note about each feature (notes come oldest first, as `readNotes` gives them). */
function latestNotes(notes: readonly DecisionNote[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const note of notes) if (note.featureId !== undefined) latest.set(note.featureId, note.text);
  return latest;
}

/**
 * The ranking as CSV (header row, then one row per feature in rank order), CRLF line ends. `notes` are the room's
 * decision notes, oldest first; `inCapacity` is empty when the room has no capacity (the ranking then has no cut line).
 */
export function rankingCsv(rows: readonly RankingRow[], notes: readonly DecisionNote[] = []): string {
  const latest = latestNotes(notes);
  const valueOf = (row: RankingRow, column: ExportColumn): unknown => {
    switch (column) {
      case 'costOfDelay':
      case 'wsjf':
        return twoDecimals(row[column]);
      case 'committed':
        return row.committed ? 'true' : 'false';
      case 'inCapacity':
        return row.inCapacity === undefined ? '' : String(row.inCapacity);
      case 'latestNote':
        return latest.get(row.id) ?? '';
      default:
        return row[column];
    }
  };
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const row of rows) lines.push(EXPORT_COLUMNS.map((column) => csvCell(valueOf(row, column))).join(','));
  return lines.join('\r\n') + '\r\n';
}
