import { describe, expect, it } from 'vitest';
import { cursorActivity } from './presence';

describe('which cursors of the others are drawn', () => {
  it('hidden until it moves, drawn while it moves and for a while after, hidden again once parked', () => {
    const activity = cursorActivity(20_000);
    const at = (x: number, y: number) => ({ x, y, type: 'default', rotation: 0 });
    // First seen where it rests: not drawn (a pointer parked over a panel's edge stays out of the way).
    expect(activity.visible(7, at(10, 10), 0)).toBe(false);
    expect(activity.visible(7, at(10, 10), 5_000)).toBe(false);
    // It moves: drawn.
    expect(activity.visible(7, at(40, 12), 6_000)).toBe(true);
    expect(activity.visible(7, at(40, 12), 25_000)).toBe(true);
    // Parked for the idle time: hidden, until it moves again.
    expect(activity.visible(7, at(40, 12), 26_001)).toBe(false);
    expect(activity.visible(7, at(41, 12), 27_000)).toBe(true);
    // A withheld cursor (off the canvas) is never drawn; each participant is followed on its own.
    expect(activity.visible(7, null, 27_100)).toBe(false);
    expect(activity.visible(8, at(1, 1), 27_100)).toBe(false);
  });
});
