import * as Y from 'yjs';
import { BoardDocError } from './errors';
import { confidenceMap, metaMap, piMap, type PiRoot } from './keys';
import { planId, writeEntry } from './plan';
import { toPlain } from './plain';
import { LIMITS } from './validate';

// PI objectives with their business values, risks and their ROAM status, and the public state of confidence votes
// (CONTRACT.md, "PI objectives, risks, confidence"). Readers skip what a client wrote wrong; the server refuses it.

export const RISK_STATUSES = ['open', 'resolved', 'owned', 'accepted', 'mitigated'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];
/** Who may set an objective's planned and actual business value: the Business Owners. */
export const VALUE_ROLES = ['facilitator', 'portfolio'] as const;
export const VALUE_FIELDS = ['plannedValue', 'actualValue'] as const;
export const PI_LIMITS = { text: 500, description: 5000, features: 50, name: 120 } as const;

export interface Objective {
  id: string; team: string; text: string; committed: boolean; plannedValue: number | null; actualValue: number | null; featureIds: string[];
  /** The PI it belongs to once the room was continued into the next PI; null: the current PI's. */
  pi: string | null;
}
export interface Risk {
  id: string; title: string; description: string; team: string; featureId: string; dependencyId: string; owner: string; status: RiskStatus;
  /** How it is mitigated (status `mitigated`), or any note of the ROAM decision. */
  note: string;
}

type Plain = Record<string, unknown>;
/** An entry's key: any text of 1 to 64 characters without control characters; its `id`, when written, repeats it. */
// eslint-disable-next-line no-control-regex
const isKey = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= LIMITS.id && !/[\u0000-\u001f\u007f]/.test(v);
const text = (v: unknown, max: number) => v === undefined || v === null || (typeof v === 'string' && v.length <= max);
const isValue = (v: unknown) => v === undefined || v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10);

/** Why `entry` cannot stand under `key` in `root`, or null when it can. */
export function piProblem(root: PiRoot, key: string, entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return `${root} entries are maps of fields.`;
  const e = entry as Plain;
  if (!isKey(key) || !(e.id === undefined || e.id === null || e.id === key)) return `An entry of ${root} has its key as its id (1 to 64 characters).`;
  if (root === 'objectives') {
    if (typeof e.text !== 'string' || e.text.trim() === '' || e.text.length > PI_LIMITS.text) return `An objective needs a text of 1 to ${PI_LIMITS.text} characters.`;
    if (!text(e.team, LIMITS.team)) return `An objective's team is text of up to ${LIMITS.team} characters.`;
    if (e.committed !== undefined && typeof e.committed !== 'boolean') return 'An objective is committed (true) or uncommitted (false).';
    if (!isValue(e.plannedValue) || !isValue(e.actualValue)) return 'Business values are whole numbers from 1 to 10.';
    if (e.featureIds !== undefined && e.featureIds !== null && !(Array.isArray(e.featureIds) && e.featureIds.length <= PI_LIMITS.features && e.featureIds.every(isKey))) return `An objective relies on at most ${PI_LIMITS.features} features, by id.`;
    if (e.pi !== undefined && e.pi !== null && !(typeof e.pi === 'string' && e.pi.trim() !== '' && e.pi.length <= PI_LIMITS.name)) return `An objective's PI is a name of 1 to ${PI_LIMITS.name} characters.`;
    return null;
  }
  if (typeof e.title !== 'string' || e.title.trim() === '' || e.title.length > LIMITS.title) return `A risk needs a title of 1 to ${LIMITS.title} characters.`;
  if (!text(e.description, PI_LIMITS.description) || !text(e.team, LIMITS.team) || !text(e.owner, LIMITS.name) || !text(e.note, PI_LIMITS.description)) return 'A risk\'s description, team, owner and note are text within their limits.';
  if (e.featureId !== undefined && e.featureId !== null && e.featureId !== '' && !isKey(e.featureId)) return 'A risk\'s featureId is a feature id.';
  if (e.dependencyId !== undefined && e.dependencyId !== null && e.dependencyId !== '' && !isKey(e.dependencyId)) return 'A risk\'s dependencyId is a dependency id.';
  if (!(RISK_STATUSES as readonly unknown[]).includes(e.status ?? 'open')) return `A risk's status is one of ${RISK_STATUSES.join(', ')}.`;
  if (e.status === 'owned' && !(typeof e.owner === 'string' && e.owner.trim() !== '')) return 'An owned risk names its owner.';
  return null;
}

function entries(doc: Y.Doc, root: PiRoot): [string, Plain][] {
  const out: [string, Plain][] = [];
  piMap(doc, root).forEach((value, key) => {
    if (!(value instanceof Y.Map)) return;
    const plain = toPlain(value) as Plain;
    if (piProblem(root, key, plain) === null) out.push([key, plain]);
  });
  return out.sort(([a], [b]) => (a < b ? -1 : 1));
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : null);

export function readObjectives(doc: Y.Doc): Objective[] {
  return entries(doc, 'objectives').map(([id, e]) => ({
    id, team: str(e.team), text: str(e.text), committed: e.committed === true, plannedValue: num(e.plannedValue), actualValue: num(e.actualValue),
    featureIds: Array.isArray(e.featureIds) ? e.featureIds as string[] : [],
    pi: typeof e.pi === 'string' ? e.pi : null,
  }));
}

export function readRisks(doc: Y.Doc): Risk[] {
  return entries(doc, 'risks').map(([id, e]) => ({
    id, title: str(e.title), description: str(e.description), team: str(e.team), featureId: str(e.featureId), dependencyId: str(e.dependencyId),
    owner: str(e.owner), status: (e.status ?? 'open') as RiskStatus, note: str(e.note),
  }));
}

function write(doc: Y.Doc, root: PiRoot, key: string, fields: Plain): void {
  const map = piMap(doc, root);
  const current = map.get(key);
  const next: Plain = { ...(current instanceof Y.Map ? toPlain(current) as Plain : {}), ...fields, id: key };
  for (const [k, v] of Object.entries(next)) if (v === undefined || v === null) delete next[k];
  const problem = piProblem(root, key, next);
  if (problem !== null) throw new BoardDocError('invalid_value', problem, root);
  doc.transact(() => {
    writeEntry(doc, root, key, fields);
    const entry = map.get(key) as Y.Map<unknown>;
    if (entry.get('id') !== key) entry.set('id', key);
  });
}

/** Adds or changes an objective (a team's); answers its id. Its values are the Business Owners' (`setObjectiveValue`). */
export function setObjective(doc: Y.Doc, objective: { id?: string; team: string; text: string; committed: boolean; featureIds?: string[] }): string {
  const id = objective.id ?? planId('O');
  write(doc, 'objectives', id, { team: objective.team, text: objective.text.trim(), committed: objective.committed, featureIds: objective.featureIds });
  return id;
}

/** Sets an objective's planned or actual business value (1–10; null clears it). */
export function setObjectiveValue(doc: Y.Doc, id: string, field: (typeof VALUE_FIELDS)[number], value: number | null): void {
  if (!(piMap(doc, 'objectives').get(id) instanceof Y.Map)) throw new BoardDocError('not_found', `No objective ${id}.`, field);
  write(doc, 'objectives', id, { [field]: value });
}

export function removeObjective(doc: Y.Doc, id: string): void {
  piMap(doc, 'objectives').delete(id);
}

/** Raises a risk (status `open`); answers its id. */
export function raiseRisk(doc: Y.Doc, risk: { id?: string; title: string; description?: string; team?: string; featureId?: string; dependencyId?: string }): string {
  const id = risk.id ?? planId('R');
  write(doc, 'risks', id, { title: risk.title.trim(), description: risk.description ?? '', team: risk.team ?? '', featureId: risk.featureId, dependencyId: risk.dependencyId, status: 'open' });
  return id;
}

/** ROAMs a risk: resolved, owned (with an owner), accepted, mitigated (with how), or back to open. */
export function roamRisk(doc: Y.Doc, id: string, status: RiskStatus, detail: { owner?: string; note?: string } = {}): void {
  if (!(piMap(doc, 'risks').get(id) instanceof Y.Map)) throw new BoardDocError('not_found', `No risk ${id}.`, 'status');
  write(doc, 'risks', id, { status, ...(detail.owner !== undefined ? { owner: detail.owner } : {}), ...(detail.note !== undefined ? { note: detail.note } : {}) });
}

/** The public state of a confidence vote: who voted, never what; the outcome once revealed. */
export interface ConfidenceVote {
  id: string;
  /** `ART` or a team's name. */
  scope: string;
  status: 'open' | 'revealed';
  openedAt: number;
  voted: string[];
  result: { voters: number; average: number | null; distribution: Record<string, number>; accepted: boolean } | null;
  revealedAt: number | null;
}

export function readConfidence(doc: Y.Doc): ConfidenceVote[] {
  const out: ConfidenceVote[] = [];
  confidenceMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const e = toPlain(value) as Plain;
    out.push({
      id, scope: str(e.scope), status: e.status === 'revealed' ? 'revealed' : 'open', openedAt: num(e.openedAt) ?? 0,
      voted: Array.isArray(e.voted) ? (e.voted as unknown[]).filter((v): v is string => typeof v === 'string') : [],
      result: typeof e.result === 'object' && e.result !== null ? e.result as ConfidenceVote['result'] : null,
      revealedAt: num(e.revealedAt),
    });
  });
  return out.sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1));
}

/** Writes a vote's public state (the server's). */
export function writeConfidence(doc: Y.Doc, vote: ConfidenceVote): void {
  doc.transact(() => {
    const map = confidenceMap(doc);
    let entry = map.get(vote.id);
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>();
      map.set(vote.id, entry);
    }
    for (const [k, v] of Object.entries(vote)) {
      if (v === null) entry.delete(k);
      else if (JSON.stringify(toPlain(entry.get(k))) !== JSON.stringify(v)) entry.set(k, v);
    }
  });
}

/**
 * `meta.pi`: the room's PI — its name, and the PIs it was continued from, oldest first. A room continued into the next
 * PI keeps the earlier PIs' objectives (stamped with their PI's name) for predictability across PIs.
 */
export const PI_KEY = 'pi';
export interface PiState { current: string; past: string[] }

export function piStateProblem(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const v = value as { current?: unknown; past?: unknown };
  const name = (x: unknown) => typeof x === 'string' && x.trim() !== '' && x.length <= PI_LIMITS.name;
  if (typeof value !== 'object' || !name(v.current) || !Array.isArray(v.past) || v.past.length > 100 || !v.past.every(name)) {
    return `meta.pi is {current: a name, past: [names, oldest first]} (names of 1 to ${PI_LIMITS.name} characters, at most 100 past PIs).`;
  }
  if (new Set([...(v.past as string[]), v.current as string]).size !== (v.past as string[]).length + 1) return 'Each PI of the room needs its own name.';
  return null;
}

export function readPiState(doc: Y.Doc): PiState | null {
  const value = metaMap(doc).get(PI_KEY);
  return piStateProblem(value) === null && value ? { current: (value as PiState).current, past: [...(value as PiState).past] } : null;
}

/** Names the room's current PI (the first time, or a rename). */
export function namePi(doc: Y.Doc, name: string): void {
  const state = readPiState(doc);
  const next = { current: name.trim(), past: state?.past ?? [] };
  const problem = piStateProblem(next);
  if (problem !== null) throw new BoardDocError('invalid_value', problem, PI_KEY);
  metaMap(doc).set(PI_KEY, next);
}

/**
 * Continues the room into the next PI: the current PI's objectives keep their values under its name (stamped as their
 * `pi`), and `next` becomes the current PI, with no objectives yet. One transaction.
 */
export function continueToNextPi(doc: Y.Doc, next: string, firstName = 'PI 1'): void {
  const state = readPiState(doc) ?? { current: firstName, past: [] };
  const after = { current: next.trim(), past: [...state.past, state.current] };
  const problem = piStateProblem(after);
  if (problem !== null) throw new BoardDocError('invalid_value', problem, PI_KEY);
  doc.transact(() => {
    piMap(doc, 'objectives').forEach((entry) => {
      if (entry instanceof Y.Map && typeof entry.get('pi') !== 'string') entry.set('pi', state.current);
    });
    metaMap(doc).set(PI_KEY, after);
  });
}
