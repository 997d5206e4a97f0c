import * as Y from 'yjs';
import { z } from 'zod';
import { BoardDocError } from './errors';
import { metaMap } from './keys';
import { toPlain } from './plain';
import type { RankingRow } from './ranking';

// Portfolio settings kept in `meta`: strategic themes with guardrails, and decision notes.

/** A strategic theme: its colour, and optional guardrails as shares (0–1) of the capacity above the cut line. */
export interface Theme {
  colour: string;
  minShare?: number;
  maxShare?: number;
}

const SHARE_RANGE = { error: 'A share is a number from 0 to 1 (0 % to 100 %).' };
const share = z.number(SHARE_RANGE).min(0, SHARE_RANGE).max(1, SHARE_RANGE);
const themeSchema = z.object({
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Give the colour as #rrggbb.'),
  minShare: share.optional(),
  maxShare: share.optional(),
}).refine((t) => t.minShare === undefined || t.maxShare === undefined || t.minShare <= t.maxShare, 'The minimum share (minShare) must not be above the maximum share (maxShare).');

/** The colours new themes get, in turn (a room set up with theme names, the web's forms). */
export const THEME_COLOURS: readonly string[] = ['#2f6fde', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#db2777', '#65a30d', '#7c3aed', '#ea580c'];

/** Every valid theme in `meta.themes` (invalid entries written by a buggy client are skipped). */
export function readThemes(doc: Y.Doc): Record<string, Theme> {
  const raw = metaMap(doc).get('themes');
  const plain: unknown = toPlain(raw);
  const out: Record<string, Theme> = {};
  if (typeof plain !== 'object' || plain === null) return out;
  for (const [name, value] of Object.entries(plain)) {
    const parsed = themeSchema.safeParse(value);
    if (parsed.success && name.trim()) out[name] = parsed.data;
  }
  return out;
}

/** Sets (or with null removes) one theme; validated, one transaction. */
export function setTheme(doc: Y.Doc, name: string, theme: Theme | null): void {
  const key = name.trim();
  if (!key) throw new BoardDocError('invalid_value', 'Give the theme a name.', 'themes');
  const next = readThemes(doc);
  if (theme === null) delete next[key];
  else {
    const parsed = themeSchema.safeParse(theme);
    if (!parsed.success) throw new BoardDocError('invalid_value', parsed.error.issues[0]?.message ?? 'Invalid theme.', 'themes');
    next[key] = parsed.data;
  }
  doc.transact(() => metaMap(doc).set('themes', next));
}

export interface GuardrailCheck {
  theme: string;
  /** Job-size points of this theme's features above the cut line. */
  points: number;
  /** Share of the capacity (0–1). */
  share: number;
  minShare?: number;
  maxShare?: number;
  ok: boolean;
}

/** Each theme's share of the capacity above the cut line, and whether its guardrails hold. */
export function checkGuardrails(rows: readonly RankingRow[], themes: Record<string, Theme>, capacity: number | null): GuardrailCheck[] {
  if (capacity === null || capacity <= 0) return [];
  return Object.entries(themes).map(([theme, t]) => {
    const points = rows.filter((r) => r.inCapacity && r.theme === theme).reduce((s, r) => s + (r.jobSize ?? 0), 0);
    const s = points / capacity;
    const ok = (t.minShare === undefined || s >= t.minShare) && (t.maxShare === undefined || s <= t.maxShare);
    return { theme, points, share: s, ...(t.minShare !== undefined ? { minShare: t.minShare } : {}), ...(t.maxShare !== undefined ? { maxShare: t.maxShare } : {}), ok };
  });
}

export interface CutLineCrossing {
  featureId: string;
  title: string;
  /** `below`: was above the cut line and now is not; `above`: the reverse. */
  direction: 'above' | 'below';
}

/** Features that crossed the cut line between two rankings (both with a capacity). */
export function cutLineCrossings(before: readonly RankingRow[], after: readonly RankingRow[]): CutLineCrossing[] {
  const was = new Map(before.map((r) => [r.id, r.inCapacity]));
  const out: CutLineCrossing[] = [];
  for (const row of after) {
    const prev = was.get(row.id);
    if (prev === undefined || row.inCapacity === undefined || prev === row.inCapacity) continue;
    out.push({ featureId: row.id, title: row.title, direction: row.inCapacity ? 'above' : 'below' });
  }
  return out;
}

/** A decision note: the "why" of a change or of the ranking as a whole. */
export interface DecisionNote {
  id: string;
  text: string;
  author: string;
  at: number;
  featureId?: string;
  /** The history seq the note refers to, when known. */
  seq?: number;
  /** Who wrote it. */
  participantId?: string;
  /** The change the note explains, written in the same transaction: a feature's field (or `capacity`) from → to. */
  change?: NoteChange;
}

export interface NoteChange {
  field: string;
  from: number | null;
  to: number | null;
}

const noteSchema = z.object({
  id: z.string().min(1).max(64),
  text: z.string().trim().min(1, 'Write the note first.').max(2000, 'Keep a note to 2000 characters.'),
  author: z.string().max(200),
  at: z.number().finite(),
  featureId: z.string().max(64).optional(),
  seq: z.number().int().positive().optional(),
  participantId: z.string().max(64).optional(),
  change: z.object({ field: z.string().min(1).max(64), from: z.number().finite().nullable(), to: z.number().finite().nullable() }).optional(),
});

/** Notes kept as a plain object: a board whose notes map an earlier restore flattened. They are still the board's notes. */
function flattenedNotes(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Y.AbstractType)
    ? (value as Record<string, unknown>)
    : null;
}

function notesMap(doc: Y.Doc, create: boolean): Y.Map<unknown> | null {
  const meta = metaMap(doc);
  const current = meta.get('notes');
  if (current instanceof Y.Map) return current as Y.Map<unknown>;
  if (!create) return null;
  // A flattened notes object becomes a map again with every note in it, so the next note does not drop them.
  const map = new Y.Map<unknown>(Object.entries(flattenedNotes(current) ?? {}));
  meta.set('notes', map);
  return map;
}

/** Every valid note, oldest first. */
export function readNotes(doc: Y.Doc): DecisionNote[] {
  const map = notesMap(doc, false);
  const values = map ? [...map.values()] : Object.values(flattenedNotes(metaMap(doc).get('notes')) ?? {});
  const out: DecisionNote[] = [];
  for (const value of values) {
    const parsed = noteSchema.safeParse(value);
    if (parsed.success) out.push(parsed.data);
  }
  return out.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

/** Adds a validated note in one transaction; returns it as stored. */
export function addNote(doc: Y.Doc, note: DecisionNote): DecisionNote {
  const parsed = noteSchema.safeParse(note);
  if (!parsed.success) throw new BoardDocError('invalid_value', parsed.error.issues[0]?.message ?? 'Invalid note.', 'notes');
  doc.transact(() => notesMap(doc, true)?.set(parsed.data.id, parsed.data));
  return parsed.data;
}
