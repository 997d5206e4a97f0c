import type { HistoryEvent } from '../storage/types';

/** The columns of the history CSV, in order (`roundId` is empty for changes made outside an estimation round). */
export const HISTORY_COLUMNS = ['seq', 'at', 'time', 'participantId', 'name', 'kind', 'featureId', 'field', 'from', 'to', 'roundId'] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A value as one CSV cell: objects as JSON, formula injection neutralised, quoted when needed. */
export function historyCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else if (typeof value === 'string') text = FORMULA_START.test(value) ? `'${value}` : value;
  else if (typeof value === 'boolean') text = String(value);
  else text = JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function rowOf(event: HistoryEvent): Record<(typeof HISTORY_COLUMNS)[number], unknown> {
  const roundId = (event as HistoryEvent & { roundId?: unknown }).roundId ?? null;
  return { ...event, time: new Date(event.at).toISOString(), roundId };
}

/** The history as CSV: a header row, then one row per event, oldest first, CRLF line ends. */
export function historyCsv(events: readonly HistoryEvent[]): string {
  const lines = [HISTORY_COLUMNS.join(',')];
  for (const event of events) {
    const row = rowOf(event);
    lines.push(HISTORY_COLUMNS.map((column) => historyCell(row[column])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** The history as JSON lines: one event object per line, as `GET …/history` lists them, oldest first. */
export function historyJsonl(events: readonly HistoryEvent[]): string {
  return events.map((event) => JSON.stringify(event) + '\n').join('');
}
