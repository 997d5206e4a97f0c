/** [WSJF5] Shared tie-breaks: earlier createdAt, then id in code-unit order. */

/** A createdAt that is not a finite number sorts after every finite one. */
export function createdAtKey(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
}

/** An id is a string; anything else is read as its string form. */
export function idKey(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    // An object whose toString is missing or broken.
    return Object.prototype.toString.call(value);
  }
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareCreated(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return compareIds(a.id, b.id);
}

/** The entries of a list that are objects; anything else (not a list, null, a number) is dropped. */
export function objectsOf(list: unknown): Record<string, unknown>[] {
  if (!Array.isArray(list)) return [];
  return list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
}
