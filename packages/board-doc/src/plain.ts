import * as Y from 'yjs';

/** Levels of shared types read into a plain value; deeper parts read as null (the server never stores them). */
export const MAX_PLAIN_DEPTH = 16;

/**
 * A plain copy of a value of the document: shared types become objects, arrays and text, read no deeper than
 * `MAX_PLAIN_DEPTH` levels, so a structure written by a hostile client cannot overflow the stack the way `toJSON` does.
 */
export function toPlain(value: unknown, depth = 0): unknown {
  if (!(value instanceof Y.AbstractType)) return value;
  if (depth >= MAX_PLAIN_DEPTH) return null;
  if (value instanceof Y.Map) {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of value.entries()) out[key] = toPlain(entry, depth + 1);
    return out;
  }
  if (value instanceof Y.Array) return value.toArray().map((entry) => toPlain(entry, depth + 1));
  return value.toString();
}
