import * as Y from 'yjs';
import { AGENDA_KEY, agendaProblem, checkFeatureField, LEAD_KEY, leadProblem, LIMITS, PI_KEY, piStateProblem, RECOVERY_KEY, toPlain } from '@ladder/board-doc';
import { validateScale } from '@ladder/wsjf';

/** A plain copy of a map's entries. */
export type Plain = Record<string, unknown>;

/** How to undo one invalid change: set the field back, delete it, or put a whole feature back (null: remove it). */
export type Fix = { op: 'set'; value: unknown } | { op: 'delete' } | { op: 'feature'; fields: Plain | null };

export interface Violation {
  /** The feature the change was in; null for room settings (`meta`). */
  featureId: string | null;
  field: string | null;
  value: unknown;
  reason: string;
  fix: Fix;
}

/** Plain value of a map entry (nested Yjs types as JSON). */
export function plainValue(value: unknown): unknown {
  return toPlain(value);
}

export function plainOf(map: Y.Map<unknown>): Plain {
  const out: Plain = {};
  for (const [k, v] of map.entries()) out[k] = plainValue(v);
  return out;
}

/** Why a room setting is invalid, or null when it is fine. Unknown settings are left alone. */
export function metaProblem(key: string, value: unknown): string | null {
  switch (key) {
    case 'title':
      if (typeof value !== 'string' || value.trim().length === 0) return 'The room title must be non-empty text.';
      if (value.trim().length > LIMITS.title) return `The room title is ${value.trim().length} characters; keep it to ${LIMITS.title}.`;
      return null;
    case 'scale':
      try {
        validateScale(value);
        return null;
      } catch (error) {
        return error instanceof Error ? error.message : 'Invalid scale.';
      }
    case RECOVERY_KEY:
      // Written by the server with a restore or revert (its own changes are not checked); no client may claim one.
      return 'Only the server records restores and reverts (meta.recovery).';
    case LEAD_KEY:
      return leadProblem(value);
    case AGENDA_KEY:
      return agendaProblem(value);
    case PI_KEY:
      return piStateProblem(value);
    case 'capacity':
      if (value === null || value === undefined) return null;
      return typeof value === 'number' && Number.isFinite(value) && value > 0 ? null : 'Capacity must be a positive number, or empty.';
    default:
      return null;
  }
}

/** Room settings only the facilitator may change: anyone else's change is reverted like an invalid value. */
export const FACILITATOR_SETTINGS: ReadonlySet<string> = new Set(['scale', 'capacity', 'themes', LEAD_KEY, AGENDA_KEY, PI_KEY]);

/** Settings that must always be present once set. */
const REQUIRED_META = new Set(['title', 'scale']);

export function metaRequired(key: string): boolean {
  return REQUIRED_META.has(key);
}

/** Why a feature field is invalid, or null when it is fine (the rules of `@ladder/board-doc`). */
export function featureProblem(featureId: string, field: string, value: unknown, scale: readonly number[]): string | null {
  if (value instanceof Y.AbstractType) return `${field} must be a plain value, not a nested shared type.`;
  if (field === 'id' && value !== featureId) return `id must equal the feature's key (${featureId}).`;
  const check = checkFeatureField(field, value, scale);
  return check.ok ? null : check.message;
}

/** Shortens a value for the history record (a megabyte title is kept as its first characters and its length). */
export function summarise(value: unknown): unknown {
  if (typeof value === 'string' && value.length > 200) return `${value.slice(0, 200)}… (${value.length} characters)`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value instanceof Y.AbstractType) return summarise(JSON.stringify(toPlain(value)));
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(value);
    return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : value;
  }
  return value;
}
