import type * as Y from 'yjs';
import { DEFAULT_SCALE, validateScale } from '@ladder/wsjf';
import { BoardDocError } from './errors';
import { metaMap } from './keys';
import type { RoomMeta } from './types';
import { LIMITS } from './validate';
import { setTheme, THEME_COLOURS } from './portfolio';

function saneScale(value: unknown): number[] {
  try {
    return validateScale(value);
  } catch {
    return [...DEFAULT_SCALE];
  }
}

function saneCapacity(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

/** Room settings as every reader sees them; a missing or invalid scale reads as the default. */
export function readMeta(doc: Y.Doc): RoomMeta {
  const meta = metaMap(doc);
  const title = meta.get('title');
  return {
    title: typeof title === 'string' ? title : '',
    scale: saneScale(meta.get('scale')),
    capacity: saneCapacity(meta.get('capacity')),
  };
}

/** Writes validated room settings in one transaction. */
export function setMeta(doc: Y.Doc, patch: Partial<RoomMeta>): void {
  const clean: Partial<RoomMeta> = {};
  if (patch.title !== undefined) {
    const title = typeof patch.title === 'string' ? patch.title.trim() : '';
    if (!title) throw new BoardDocError('invalid_value', 'The room title must not be empty.', 'title');
    if (title.length > LIMITS.title) throw new BoardDocError('too_long', `Keep the room title to ${LIMITS.title} characters.`, 'title');
    clean.title = title;
  }
  if (patch.scale !== undefined) {
    try {
      clean.scale = validateScale(patch.scale);
    } catch (err) {
      throw new BoardDocError('invalid_value', err instanceof Error ? err.message : 'Invalid scale.', 'scale');
    }
  }
  if (patch.capacity !== undefined) {
    if (patch.capacity !== null && saneCapacity(patch.capacity) === null) {
      throw new BoardDocError('invalid_value', 'Capacity must be a positive number of job-size points, or empty.', 'capacity');
    }
    clean.capacity = patch.capacity;
  }
  const meta = metaMap(doc);
  doc.transact(() => {
    for (const [key, value] of Object.entries(clean)) {
      if (key === 'capacity' && value === null) meta.delete('capacity');
      else meta.set(key, value);
    }
  });
}

/** Sets up a new room's document: title and scale (and capacity and strategic themes by name when given). */
export function initRoom(doc: Y.Doc, init: { title: string; scale?: number[]; capacity?: number | null; themes?: readonly string[] }): void {
  doc.transact(() => {
    setMeta(doc, {
      title: init.title,
      scale: init.scale ?? [...DEFAULT_SCALE],
      ...(init.capacity !== undefined ? { capacity: init.capacity } : {}),
    });
    (init.themes ?? []).forEach((name, i) => setTheme(doc, name, { colour: THEME_COLOURS[i % THEME_COLOURS.length] as string }));
  });
}
