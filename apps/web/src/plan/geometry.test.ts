import { describe, expect, it } from 'vitest';
import { drawStrings, stringPath, stubPath } from './geometry';

const a = { x: 10, y: 20, w: 100, h: 40 };
const b = { x: 300, y: 120, w: 100, h: 40 };

describe('dependency strings', () => {
  it('run from the delivering card\'s right middle to the needing card\'s left middle, leaving and arriving level', () => {
    expect(stringPath(a, b)).toBe('M110,40 C205,40 205,140 300,140');
  });

  it('loop round when the needing card stands before the delivering one (a late string)', () => {
    const d = stringPath(b, a);
    expect(d.startsWith('M400,140 C')).toBe(true);
    expect(d.endsWith(' 10,40')).toBe(true);
    const [, c1x] = /C([\d.]+),/.exec(d) ?? [];
    expect(Number(c1x)).toBeGreaterThan(400 + 60);
  });

  it('a string with one end off the board is a stub off the card on the board; with neither, nothing', () => {
    expect(stubPath(a, 'out')).toBe('M110,40 h36');
    expect(stubPath(b, 'in')).toBe('M264,140 h36');
    const deps = [
      { id: 'D1', from: 'A', to: 'B', neededBy: null, note: '' },
      { id: 'D2', from: 'A', to: 'X', neededBy: null, note: '' },
      { id: 'D3', from: 'X', to: 'B', neededBy: null, note: '' },
      { id: 'D4', from: 'X', to: 'Y', neededBy: null, note: '' },
    ];
    const drawn = drawStrings(deps, new Map([['D1', 'late']]), new Map([['A', a], ['B', b]]));
    expect(drawn.map((s) => [s.id, s.status, s.stub])).toEqual([['D1', 'late', null], ['D2', 'unplanned', 'to'], ['D3', 'unplanned', 'from']]);
  });
});
