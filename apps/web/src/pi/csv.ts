import type { Dependency, Objective, Risk } from '@ladder/board-doc';
import { csvCell } from '../plan/csv';
import { riskSubject } from './risks';

// The PI as two CSV files, like the plan's: CRLF line ends, a header row, cells quoted when needed and formula
// injection neutralised.

const lines = (rows: readonly (readonly (string | number | boolean | null)[])[]) =>
  rows.map((row) => row.map((c) => csvCell(typeof c === 'boolean' ? (c ? 'yes' : 'no') : c)).join(',')).join('\r\n') + '\r\n';

/** One row per objective, by team: id, team, objective, committed, planned and actual value, the features it relies on. */
export function objectivesCsv(objectives: readonly Objective[], titleOf: (id: string) => string, currentPi: string | null = null): string {
  const sorted = [...objectives].sort((a, b) => a.team.localeCompare(b.team) || Number(b.committed) - Number(a.committed) || (a.id < b.id ? -1 : 1));
  // `pi` last: the PI each objective belongs to (the current one's name for the current PI's, empty while it has none).
  return lines([
    ['id', 'team', 'objective', 'committed', 'plannedValue', 'actualValue', 'features', 'pi'],
    ...sorted.map((o) => [o.id, o.team, o.text, o.committed, o.plannedValue, o.actualValue, o.featureIds.map(titleOf).join('; '), o.pi ?? currentPi ?? '']),
  ]);
}

/** One row per risk: id, title, description, team, what it hangs on, ROAM status, owner, note (how it is mitigated). */
export function risksCsv(risks: readonly Risk[], titleOf: (id: string) => string, dependencies: readonly Dependency[]): string {
  return lines([
    ['id', 'title', 'description', 'team', 'feature', 'dependency', 'status', 'owner', 'note'],
    ...risks.map((r) => [
      r.id, r.title, r.description, r.team, r.featureId ? titleOf(r.featureId) : '',
      r.dependencyId ? riskSubject({ featureId: '', dependencyId: r.dependencyId }, titleOf, dependencies) : '', r.status, r.owner, r.note,
    ]),
  ]);
}
