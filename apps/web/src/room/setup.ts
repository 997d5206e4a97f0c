import { DEFAULT_SCALE, validateScale } from '@ladder/wsjf';

// Room setup as the create page and the facilitator's settings read it: a scale from a preset or typed as numbers, a
// capacity, strategic themes by name. Plain functions of the form's text: the forms only render them.

export interface ScalePreset {
  id: string;
  label: string;
  values: readonly number[];
}

export const SCALE_PRESETS: readonly ScalePreset[] = [
  { id: 'safe', label: 'SAFe 1–20 (1, 2, 3, 5, 8, 13, 20)', values: DEFAULT_SCALE },
  { id: 'fibonacci-100', label: 'Fibonacci 1–100 (1, 2, 3, 5, 8, 13, 21, 34, 55, 89)', values: [1, 2, 3, 5, 8, 13, 21, 34, 55, 89] },
  { id: 'modified-fibonacci-100', label: 'Modified Fibonacci 1–100 (1, 2, 3, 5, 8, 13, 20, 40, 100)', values: [1, 2, 3, 5, 8, 13, 20, 40, 100] },
  { id: 'one-to-ten', label: '1–10', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
];

/** The preset id of the form's "type your own" choice. */
export const CUSTOM_SCALE = 'custom';

/** Most values a scale may have (as the server accepts). */
export const MAX_SCALE_VALUES = 30;

/** The preset a scale is, or `custom`. */
export function presetOf(scale: readonly number[]): string {
  return SCALE_PRESETS.find((p) => p.values.length === scale.length && p.values.every((v, i) => v === scale[i]))?.id ?? CUSTOM_SCALE;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A typed scale ("1, 2, 4, 8, 16" or "1 2 4 8"): numbers above zero, put in order, each once; 2 to 30 of them. */
export function parseScale(text: string): Parsed<number[]> {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length < 2) return { ok: false, message: 'Give at least two numbers, e.g. 1, 2, 3, 5, 8.' };
  if (parts.length > MAX_SCALE_VALUES) return { ok: false, message: `Keep the scale to ${MAX_SCALE_VALUES} values.` };
  const numbers: number[] = [];
  for (const part of parts) {
    const n = Number(part);
    if (!Number.isFinite(n) || n <= 0) return { ok: false, message: `“${part.slice(0, 20)}” is not a number above zero.` };
    numbers.push(n);
  }
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  if (sorted.length < 2) return { ok: false, message: 'Give at least two different numbers.' };
  try {
    return { ok: true, value: validateScale(sorted) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : 'That is not a scale.' };
  }
}

/** A typed capacity in job-size points: empty for none. */
export function parseCapacity(text: string): Parsed<number | null> {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0) return { ok: false, message: 'Capacity is a number of job-size points above zero, or empty for none.' };
  return { ok: true, value: n };
}

/** Most themes set up at once, and the longest name. */
export const MAX_THEMES = 20;
export const MAX_THEME_NAME = 60;

/** Theme names, one per line (or comma-separated): trimmed, each once. */
export function parseThemes(text: string): Parsed<string[]> {
  const names = [...new Set(text.split(/[\n,]+/).map((t) => t.trim()).filter(Boolean))];
  if (names.length > MAX_THEMES) return { ok: false, message: `Keep to ${MAX_THEMES} themes.` };
  const long = names.find((n) => n.length > MAX_THEME_NAME);
  if (long) return { ok: false, message: `Keep a theme's name to ${MAX_THEME_NAME} characters (“${long.slice(0, 20)}…”).` };
  return { ok: true, value: names };
}

/** How many of the given estimates a new scale would leave off it (they keep their values until estimated again). */
export function offScaleCount(values: readonly (number | null | undefined)[], scale: readonly number[]): number {
  return values.filter((v) => typeof v === 'number' && !scale.includes(v)).length;
}
