import { describe, expect, it } from 'vitest';
import { createdRooms, forgetRoom, KEPT_ROOMS, rememberRoom, type CreatedEntry } from './createdRooms';

/** A Storage with the two calls the list uses, holding strings as the browser's does. */
function memoryStore(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, String(v)), data };
}

const entry = (n: number): CreatedEntry => ({
  roomId: `room${n}`, title: `Room ${n}`, createdAt: 1_000 + n,
  links: { facilitator: `f${n}`, product: `p${n}`, portfolio: `l${n}`, observer: `o${n}` },
});

describe('rooms created in this browser', () => {
  it('keeps rooms newest first, once each, and forgets one on request', () => {
    const store = memoryStore();
    rememberRoom(entry(1), store);
    rememberRoom(entry(2), store);
    expect(createdRooms(store).map((e) => e.roomId)).toEqual(['room2', 'room1']);
    rememberRoom({ ...entry(1), createdAt: 5_000 }, store);
    expect(createdRooms(store).map((e) => e.roomId)).toEqual(['room1', 'room2']);
    expect(forgetRoom('room1', store).map((e) => e.roomId)).toEqual(['room2']);
    expect(createdRooms(store).map((e) => e.roomId)).toEqual(['room2']);
  });

  it(`keeps the newest ${KEPT_ROOMS}`, () => {
    const store = memoryStore();
    for (let n = 1; n <= KEPT_ROOMS + 5; n++) rememberRoom(entry(n), store);
    const kept = createdRooms(store);
    expect(kept).toHaveLength(KEPT_ROOMS);
    expect(kept[0]!.roomId).toBe(`room${KEPT_ROOMS + 5}`);
    expect(kept.at(-1)!.roomId).toBe('room6');
  });

  it('reads past what it cannot use: broken JSON, a non-list, entries of another shape; no storage at all', () => {
    expect(createdRooms(memoryStore({ 'ladder:created-rooms': '{not json' }))).toEqual([]);
    expect(createdRooms(memoryStore({ 'ladder:created-rooms': '{"a":1}' }))).toEqual([]);
    const mixed = memoryStore({ 'ladder:created-rooms': JSON.stringify([{ roomId: 'x' }, entry(3), 'text']) });
    expect(createdRooms(mixed).map((e) => e.roomId)).toEqual(['room3']);
    expect(createdRooms(null)).toEqual([]);
    expect(rememberRoom(entry(4), null).map((e) => e.roomId)).toEqual(['room4']);
  });

  it('a store that refuses to write (full, private mode) leaves the list usable on the page', () => {
    const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(rememberRoom(entry(7), full).map((e) => e.roomId)).toEqual(['room7']);
  });
});
