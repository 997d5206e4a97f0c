import { describe, expect, it } from 'vitest';
import { CARD_H, CARD_W } from './cardShape';
import { freeSlots, type Box } from './reconcile';

const touches = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const card = (p: { x: number; y: number }): Box => ({ ...p, w: CARD_W, h: CARD_H });

describe('freeSlots: where new cards go', () => {
  it('fills the grid left to right on an empty board', () => {
    const slots = freeSlots([], 3);
    expect(slots.map((s) => s.y)).toEqual([0, 0, 0]);
    expect(slots[1]!.x - slots[0]!.x).toBeGreaterThanOrEqual(CARD_W);
  });

  it('never puts a card on a lane or on a card moved off the grid, nor two new cards on each other', () => {
    const lane: Box = { x: 0, y: -56, w: CARD_W + 40, h: 56 + 4 * (CARD_H + 24) + 20 };
    const moved = card({ x: 700, y: 130 });
    const slots = freeSlots([lane, moved], 8).map(card);
    for (const s of slots) {
      expect(touches(s, lane)).toBe(false);
      expect(touches(s, moved)).toBe(false);
    }
    slots.forEach((a, i) => slots.slice(i + 1).forEach((b) => expect(touches(a, b)).toBe(false)));
  });
});
