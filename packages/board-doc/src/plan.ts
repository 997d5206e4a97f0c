import * as Y from 'yjs';
import { dependencyStatuses, orderIterations, planLoads, type DependencyStatus } from '@ladder/wsjf';
import { BoardDocError } from './errors';
import { featuresMap, planMap, type PlanRoot } from './keys';
import { toPlain } from './plain';
import { LIMITS } from './validate';

// The ART planning board in the shared document (CONTRACT.md, "Planning"): iterations, teams with their capacity per
// iteration, dependencies between features and milestones, each a map of entries; a feature is placed by its `team`
// and `iteration`. Every reader skips entries a buggy or hostile client wrote; the server refuses them (`planProblem`).

export interface Iteration { id: string; name: string; start: string | null; end: string | null; order: number }
export interface Team { name: string; capacity: Record<string, number> }
export interface Dependency { id: string; from: string; to: string; neededBy: string | null; note: string }
export interface Milestone { id: string; name: string; iteration: string | null; date: string | null }
export interface Placement { id: string; team: string; iteration: string }

export interface Plan {
  iterations: Iteration[];
  teams: Team[];
  dependencies: Dependency[];
  milestones: Milestone[];
  /** Features placed in a known iteration. */
  placements: Placement[];
}

export const PLAN_LIMITS = { name: 120, note: 2000, capacity: 100_000, entries: 2000 } as const;

/** An ISO date (YYYY-MM-DD), or an ISO date and time. */
const DATE = /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
type Plain = Record<string, unknown>;

/** An entry's key or a reference to one: any text of 1 to 64 characters without control characters. */
// eslint-disable-next-line no-control-regex
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= LIMITS.id && !/[\u0000-\u001f\u007f]/.test(v);
/** The same key, or none written (an entry's `id` and a team's `name` repeat their key when present). */
const sameKey = (v: unknown, key: string) => v === undefined || v === null || v === key;
const isName = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= PLAN_LIMITS.name;
const isDate = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && DATE.test(v) && !Number.isNaN(Date.parse(v));
const optional = <T>(v: unknown, ok: (x: unknown) => x is T): boolean => v === undefined || v === null || ok(v);
const isCapacity = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= PLAN_LIMITS.capacity;

/** What the board needs to know to check an entry: which features and iterations exist. */
export interface PlanContext {
  hasFeature(id: string): boolean;
  hasIteration(id: string): boolean;
}

/** Why `entry` (read as plain) cannot stand under `key` in `root`, or null when it can. */
export function planProblem(root: PlanRoot, key: string, entry: unknown, context: PlanContext): string | null {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return `${root} entries are maps of fields.`;
  const e = entry as Plain;
  switch (root) {
    case 'iterations':
      if (!isId(key) || !sameKey(e.id, key)) return 'An iteration\'s id is its key (1 to 64 characters).';
      if (!optional(e.name, isName)) return `An iteration's name is 1 to ${PLAN_LIMITS.name} characters.`;
      if (!optional(e.start, isDate) || !optional(e.end, isDate)) return 'An iteration\'s start and end are ISO dates (YYYY-MM-DD), or left out.';
      if (isDate(e.start) && isDate(e.end) && Date.parse(e.end) < Date.parse(e.start)) return 'An iteration ends on or after its start.';
      if (typeof e.order !== 'number' || !Number.isFinite(e.order)) return 'An iteration needs an order (a number: its column on the board).';
      return null;
    case 'teams': {
      if (!isName(key) || !sameKey(e.name, key)) return `A team is keyed by its name (1 to ${PLAN_LIMITS.name} characters), the same as its features' team.`;
      const capacity = e.capacity;
      if (capacity === undefined || capacity === null) return null;
      if (typeof capacity !== 'object' || Array.isArray(capacity)) return 'A team\'s capacity maps iteration ids to numbers.';
      // A capacity may name an iteration set up later (or removed since): the board shows the ones it knows.
      for (const [iteration, value] of Object.entries(capacity as Plain)) {
        if (!isId(iteration) || !isCapacity(value)) return `A capacity is a number from 0 to ${PLAN_LIMITS.capacity} per iteration id.`;
      }
      return null;
    }
    case 'dependencies':
      if (!isId(key) || !sameKey(e.id, key)) return 'A dependency\'s id is its key (1 to 64 characters).';
      if (!isId(e.from) || !context.hasFeature(e.from)) return 'A dependency\'s from names a feature that does not exist.';
      if (!isId(e.to) || !context.hasFeature(e.to)) return 'A dependency\'s to names a feature that does not exist.';
      if (e.from === e.to) return 'A feature cannot depend on itself.';
      // A needed-by iteration not (or no longer) on the board makes the dependency unplanned, as a feature off the board does.
      if (e.neededBy !== undefined && e.neededBy !== null && !isId(e.neededBy)) return 'A dependency\'s neededBy is an iteration id.';
      if (e.note !== undefined && !(typeof e.note === 'string' && e.note.length <= PLAN_LIMITS.note)) return `A dependency's note is text of up to ${PLAN_LIMITS.note} characters.`;
      return null;
    case 'milestones':
      if (!isId(key) || !sameKey(e.id, key)) return 'A milestone\'s id is its key (1 to 64 characters).';
      if (!isName(e.name)) return `A milestone needs a name of 1 to ${PLAN_LIMITS.name} characters.`;
      if (e.iteration !== undefined && e.iteration !== null && !isId(e.iteration)) return 'A milestone\'s iteration is an iteration id.';
      if (!optional(e.date, isDate)) return 'A milestone\'s date is an ISO date (YYYY-MM-DD).';
      if ((e.iteration ?? null) === null && (e.date ?? null) === null) return 'A milestone needs an iteration or a date.';
      return null;
  }
}

/** The context of `doc` as it stands. */
export function planContextOf(doc: Y.Doc): PlanContext {
  const features = featuresMap(doc);
  const iterations = planMap(doc, 'iterations');
  return { hasFeature: (id) => features.get(id) instanceof Y.Map, hasIteration: (id) => iterations.get(id) instanceof Y.Map };
}

function entries(doc: Y.Doc, root: PlanRoot, context: PlanContext): [string, Plain][] {
  const out: [string, Plain][] = [];
  planMap(doc, root).forEach((value, key) => {
    if (!(value instanceof Y.Map)) return;
    const plain = toPlain(value) as Plain;
    if (planProblem(root, key, plain, context) === null) out.push([key, plain]);
  });
  return out;
}

const orNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The whole plan, every invalid entry skipped; iterations in board order, the rest by id or name. */
export function readPlan(doc: Y.Doc): Plan {
  const context = planContextOf(doc);
  const iterations = orderIterations(entries(doc, 'iterations', context).map(([id, e]) => ({ id, name: typeof e.name === 'string' ? e.name : id, start: orNull(e.start), end: orNull(e.end), order: e.order as number })));
  const known = new Set(iterations.map((i) => i.id));
  const teams = entries(doc, 'teams', context).map(([name, e]) => ({ name, capacity: { ...(e.capacity as Record<string, number> | undefined) } }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const dependencies = entries(doc, 'dependencies', context).map(([id, e]) => ({ id, from: String(e.from), to: String(e.to), neededBy: orNull(e.neededBy), note: typeof e.note === 'string' ? e.note : '' }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const milestones = entries(doc, 'milestones', context).map(([id, e]) => ({ id, name: String(e.name), iteration: orNull(e.iteration), date: orNull(e.date) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const placements: Placement[] = [];
  featuresMap(doc).forEach((map, id) => {
    if (!(map instanceof Y.Map)) return;
    const iteration = map.get('iteration');
    const team = map.get('team');
    if (typeof iteration === 'string' && known.has(iteration)) placements.push({ id, team: typeof team === 'string' ? team.trim() : '', iteration });
  });
  placements.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { iterations, teams, dependencies, milestones, placements };
}

/** The plan's derived figures: each dependency's status and each team's load per iteration. */
export function planFigures(plan: Plan, jobSizes: ReadonlyMap<string, number | null>): { statuses: Map<string, DependencyStatus>; loads: Map<string, Map<string, number>> } {
  const features = plan.placements.map((p) => ({ ...p, jobSize: jobSizes.get(p.id) ?? null }));
  return { statuses: dependencyStatuses(plan.iterations, features, plan.dependencies), loads: planLoads(plan.iterations, features) };
}

function check(root: PlanRoot, key: string, entry: Plain, doc: Y.Doc): void {
  const problem = planProblem(root, key, entry, planContextOf(doc));
  if (problem !== null) throw new BoardDocError('invalid_value', problem, root);
}

/**
 * Writes an entry's fields into its map under `root` (a new map for a new entry); null or undefined fields are removed.
 * The planning board's entries and the PI's (objectives, risks) are written this way.
 */
export function writeEntry(doc: Y.Doc, root: string, key: string, fields: Plain): void {
  const map = doc.getMap<unknown>(root);
  const found = map.get(key);
  const entry = found instanceof Y.Map ? found as Y.Map<unknown> : new Y.Map<unknown>();
  if (entry !== found) map.set(key, entry);
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined || value === null) entry.delete(field);
    else entry.set(field, value);
  }
}

/**
 * Makes the entry at `key` of `root` exactly `plain` (null: removes it), as a fresh map (a team's capacity as its own
 * map): how the server puts a refused or reverted entry back.
 */
export function replacePlanEntry(doc: Y.Doc, root: PlanRoot, key: string, plain: Plain | null): void {
  const map = planMap(doc, root);
  if (plain === null) {
    map.delete(key);
    return;
  }
  const entry = new Y.Map<unknown>();
  for (const [field, value] of Object.entries(plain)) {
    if (value === null || value === undefined) continue;
    if (field === 'capacity' && typeof value === 'object' && !Array.isArray(value)) {
      const capacity = new Y.Map<unknown>();
      for (const [iteration, n] of Object.entries(value as Plain)) capacity.set(iteration, n);
      entry.set(field, capacity);
    } else entry.set(field, value);
  }
  map.set(key, entry);
}

/** A fresh id for a dependency or milestone. */
export function planId(prefix: 'D' | 'M' | 'I' | 'O' | 'R' | 'C'): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return `${prefix}-${[...bytes].map((b) => (b % 36).toString(36)).join('').toUpperCase()}`;
}

/** Adds or changes an iteration. */
export function setIteration(doc: Y.Doc, iteration: { id: string; name: string; start?: string | null; end?: string | null; order: number }): void {
  const fields = { id: iteration.id, name: iteration.name.trim(), start: iteration.start ?? null, end: iteration.end ?? null, order: iteration.order };
  check('iterations', iteration.id, fields, doc);
  doc.transact(() => writeEntry(doc, 'iterations', iteration.id, fields));
}

/** Removes an iteration, and with it the placements, capacities, needed-by dates and milestones that named it. */
export function removeIteration(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    featuresMap(doc).forEach((map) => { if (map instanceof Y.Map && map.get('iteration') === id) map.delete('iteration'); });
    planMap(doc, 'teams').forEach((team) => { const c = team instanceof Y.Map ? team.get('capacity') : null; if (c instanceof Y.Map && c.has(id)) c.delete(id); });
    planMap(doc, 'dependencies').forEach((d) => { if (d instanceof Y.Map && d.get('neededBy') === id) d.delete('neededBy'); });
    const milestones = planMap(doc, 'milestones');
    for (const [key, m] of [...milestones.entries()]) if (m instanceof Y.Map && m.get('iteration') === id) milestones.delete(key);
    planMap(doc, 'iterations').delete(id);
  });
}

/** Adds a team (keyed by its name) or sets its capacity in some iterations (null clears one). */
export function setTeam(doc: Y.Doc, name: string, capacity: Record<string, number | null> = {}): void {
  const clean = Object.fromEntries(Object.entries(capacity).filter(([, v]) => v !== null)) as Record<string, number>;
  check('teams', name, { name, capacity: clean }, doc);
  doc.transact(() => {
    writeEntry(doc, 'teams', name, { name });
    const team = planMap(doc, 'teams').get(name) as Y.Map<unknown>;
    let map = team.get('capacity');
    if (!(map instanceof Y.Map)) {
      map = new Y.Map<unknown>();
      team.set('capacity', map);
    }
    for (const [iteration, value] of Object.entries(capacity)) {
      if (value === null) (map as Y.Map<unknown>).delete(iteration);
      else (map as Y.Map<unknown>).set(iteration, value);
    }
  });
}

export function removeTeam(doc: Y.Doc, name: string): void {
  planMap(doc, 'teams').delete(name);
}

/**
 * Places a feature in an iteration (and, with `team`, in that team's row), or takes it off the board (null). With `by`,
 * the feature records who moved it (`updatedBy`, `updatedAt`), as any edit does.
 */
export function placeFeature(doc: Y.Doc, featureId: string, iteration: string | null, team?: string, by?: { participantId: string; now: number }): void {
  const map = featuresMap(doc).get(featureId);
  if (!(map instanceof Y.Map)) throw new BoardDocError('not_found', `No feature ${featureId}.`, 'iteration');
  if (iteration !== null && !planContextOf(doc).hasIteration(iteration)) throw new BoardDocError('invalid_value', `No iteration ${iteration}.`, 'iteration');
  if (team !== undefined && team.length > LIMITS.team) throw new BoardDocError('too_long', `team is ${team.length} characters; keep it to ${LIMITS.team}.`, 'team');
  doc.transact(() => {
    if (iteration === null) map.delete('iteration');
    else if (map.get('iteration') !== iteration) map.set('iteration', iteration);
    if (team !== undefined && map.get('team') !== team) map.set('team', team);
    if (by) {
      map.set('updatedBy', by.participantId);
      map.set('updatedAt', by.now);
    }
  });
}

/** Adds a dependency from the feature that delivers to the feature that needs it; answers its id. */
export function addDependency(doc: Y.Doc, input: { id?: string; from: string; to: string; neededBy?: string | null; note?: string }): string {
  const id = input.id ?? planId('D');
  const fields = { id, from: input.from, to: input.to, neededBy: input.neededBy ?? null, note: input.note ?? '' };
  check('dependencies', id, fields, doc);
  doc.transact(() => writeEntry(doc, 'dependencies', id, fields));
  return id;
}

export function updateDependency(doc: Y.Doc, id: string, patch: { neededBy?: string | null; note?: string }): void {
  const current = planMap(doc, 'dependencies').get(id);
  if (!(current instanceof Y.Map)) throw new BoardDocError('not_found', `No dependency ${id}.`, 'dependencies');
  const next = { ...(toPlain(current) as Plain), ...patch };
  check('dependencies', id, next, doc);
  doc.transact(() => writeEntry(doc, 'dependencies', id, patch));
}

export function removeDependency(doc: Y.Doc, id: string): void {
  planMap(doc, 'dependencies').delete(id);
}

export function setMilestone(doc: Y.Doc, milestone: { id?: string; name: string; iteration?: string | null; date?: string | null }): string {
  const id = milestone.id ?? planId('M');
  const fields = { id, name: milestone.name.trim(), iteration: milestone.iteration ?? null, date: milestone.date ?? null };
  check('milestones', id, fields, doc);
  doc.transact(() => writeEntry(doc, 'milestones', id, fields));
  return id;
}

export function removeMilestone(doc: Y.Doc, id: string): void {
  planMap(doc, 'milestones').delete(id);
}

