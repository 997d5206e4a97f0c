import { checkEstimate, COMPONENTS, type Component } from '@ladder/wsjf';

/** Maximum lengths of text fields, in characters. */
export const LIMITS = { title: 200, description: 5000, team: 80, theme: 80, id: 64, name: 80 } as const;

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export type FieldCheck = { ok: true; value: unknown } | { ok: false; code: 'invalid_value' | 'off_scale' | 'too_long'; message: string };

export function isComponent(field: string): field is Component {
  return (COMPONENTS as readonly string[]).includes(field);
}

function text(field: keyof typeof LIMITS, value: unknown, required: boolean): FieldCheck {
  if (typeof value !== 'string') return { ok: false, code: 'invalid_value', message: `${field} must be text.` };
  const trimmed = field === 'description' ? value : value.trim();
  if (required && trimmed.length === 0) return { ok: false, code: 'invalid_value', message: `${field} must not be empty.` };
  if (trimmed.length > LIMITS[field]) {
    return { ok: false, code: 'too_long', message: `${field} is ${trimmed.length} characters; keep it to ${LIMITS[field]}.` };
  }
  return { ok: true, value: trimmed };
}

/** How a message names a number field, with the field's key in brackets. */
const NUMBER_NAME: Readonly<Record<string, string>> = {
  costPerWeek: 'The cost of delay per week (costPerWeek)',
  durationWeeks: 'The duration in weeks (durationWeeks)',
};

function optionalNumber(field: string, value: unknown, allowZero: boolean): FieldCheck {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    const name = NUMBER_NAME[field] ?? field;
    return { ok: false, code: 'invalid_value', message: `${name} must be ${allowZero ? '0 or more' : 'above 0'}, or left empty.` };
  }
  return { ok: true, value };
}

/**
 * Checks one field of a feature as written by anyone (this client, another client, a CSV row).
 * Estimates may be null (not estimated yet); otherwise they must be on the room's scale.
 */
export function checkFeatureField(field: string, value: unknown, scale: readonly number[]): FieldCheck {
  if (isComponent(field)) {
    if (value === null || value === undefined) return { ok: true, value: null };
    const check = checkEstimate(field, value, scale);
    if (check.ok) return { ok: true, value: check.value };
    return { ok: false, code: check.code === 'off_scale' ? 'off_scale' : 'invalid_value', message: check.message };
  }
  switch (field) {
    case 'id': {
      const c = text('id', value, true);
      if (c.ok && !ID_PATTERN.test(c.value as string)) {
        return { ok: false, code: 'invalid_value', message: 'id may hold letters, digits and . _ : - only.' };
      }
      return c;
    }
    case 'title':
      return text('title', value, true);
    case 'description':
    case 'team':
    case 'theme':
      return text(field, value ?? '', false);
    case 'costPerWeek':
      return optionalNumber(field, value, true);
    case 'durationWeeks':
      return optionalNumber(field, value, false);
    case 'committed':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, code: 'invalid_value', message: 'committed must be true or false.' };
    case 'createdAt':
      return typeof value === 'number' && Number.isFinite(value)
        ? { ok: true, value }
        : { ok: false, code: 'invalid_value', message: 'createdAt must be a time in ms since the epoch.' };
    case 'iteration':
      // Planned in an iteration (its id), or not planned (null). That the iteration exists is the board's check.
      if (value === null || value === undefined) return { ok: true, value: null };
      // eslint-disable-next-line no-control-regex
      return typeof value === 'string' && value.length > 0 && value.length <= LIMITS.id && !/[\u0000-\u001f\u007f]/.test(value)
        ? { ok: true, value }
        : { ok: false, code: 'invalid_value', message: 'iteration must be an iteration id, or null when the feature is not planned.' };
    case 'createdBy':
      return typeof value === 'string' ? { ok: true, value } : { ok: false, code: 'invalid_value', message: 'createdBy must be a participant id.' };
    default:
      return { ok: true, value };
  }
}
