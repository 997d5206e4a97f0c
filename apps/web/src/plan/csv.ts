import type { Plan, RankingRow } from '@ladder/board-doc';
import type { DependencyStatus } from '@ladder/wsjf';

// The planning board as two CSV files: where each feature is planned, and every dependency with its status. CRLF line
// ends, a header row, cells quoted when needed and formula injection neutralised (as the server's ranking export).

/** A cell a spreadsheet would run as a formula starts with one of these; such cells get a leading `'`. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const lines = (rows: readonly (readonly (string | number | null)[])[]) => rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** One row per planned feature, in board order (iteration, then team, then rank): id, title, team, iteration, rank, job size. */
export function planCsv(plan: Plan, ranking: readonly RankingRow[]): string {
  const byId = new Map(ranking.map((r) => [r.id, r]));
  const column = new Map(plan.iterations.map((it, i) => [it.id, i]));
  const name = new Map(plan.iterations.map((it) => [it.id, it.name]));
  const placed = [...plan.placements].sort((a, b) => (column.get(a.iteration) ?? 0) - (column.get(b.iteration) ?? 0)
    || (a.team < b.team ? -1 : a.team > b.team ? 1 : 0)
    || (byId.get(a.id)?.rank ?? Infinity) - (byId.get(b.id)?.rank ?? Infinity));
  return lines([
    ['id', 'title', 'team', 'iteration', 'rank', 'jobSize'],
    ...placed.map((p) => {
      const row = byId.get(p.id);
      return [p.id, row?.title ?? '', p.team, name.get(p.iteration) ?? p.iteration, row?.rank ?? null, row?.jobSize ?? null];
    }),
  ]);
}

/** One row per dependency: id, from, to, needed by (the iteration's name), status, note. */
export function dependenciesCsv(plan: Plan, statuses: ReadonlyMap<string, DependencyStatus>): string {
  const name = new Map(plan.iterations.map((it) => [it.id, it.name]));
  return lines([
    ['id', 'from', 'to', 'neededBy', 'status', 'note'],
    ...plan.dependencies.map((d) => [d.id, d.from, d.to, d.neededBy === null ? '' : (name.get(d.neededBy) ?? d.neededBy), statuses.get(d.id) ?? 'unplanned', d.note]),
  ]);
}
