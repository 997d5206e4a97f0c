import { describe, expect, it } from 'vitest';
import { held, ratioText, searchCapacity, type StepResult } from './search';

const step = (n: number, p99: number, delivered = 1, connected = n): StepResult => ({ step: n, clients: n, p99, delivered, connected, presenceHzMin: 5, cpuUsPerDelivery: 50 });

describe('the capacity search', () => {
  it('a step holds under the budget with everything delivered and every client connected', () => {
    expect(held(step(100, 99))).toBe(true);
    expect(held(step(100, 100))).toBe(false);
    expect(held(step(100, 20, 0.98))).toBe(false);
    expect(held(step(100, 20, 1, 99))).toBe(false);
    expect(held(step(100, Number.NaN))).toBe(false);
  });

  it('stops at the first step that does not hold; the capacity is the largest that did', async () => {
    const tried: number[] = [];
    const p99 = new Map([[50, 10], [100, 30], [200, 140], [400, 20]]);
    const out = await searchCapacity([200, 50, 400, 100], async (n) => { tried.push(n); return step(n, p99.get(n) as number); });
    expect(tried).toEqual([50, 100, 200]);
    expect(out).toMatchObject({ capacity: 100, top: false });
    expect((await searchCapacity([50], async (n) => step(n, 500))).capacity).toBeNull();
    expect(await searchCapacity([50, 100], async (n) => step(n, 5))).toMatchObject({ capacity: 100, top: true });
  });

  it('says the ratio as far as the steps tell it', () => {
    expect(ratioText({ capacity: 400, top: false }, { capacity: 100, top: false }, 50)).toBe('4.0×');
    expect(ratioText({ capacity: 800, top: true }, { capacity: 100, top: false }, 50)).toBe('≥ 8.0×');
    expect(ratioText({ capacity: 400, top: false }, { capacity: null, top: false }, 50)).toBe('> 8.0×');
    expect(ratioText({ capacity: null, top: false }, { capacity: null, top: false }, 50)).toBe('—');
    expect(ratioText({ capacity: 800, top: true }, { capacity: 800, top: true }, 50)).toBe('≈ 1.0× (both held every step)');
  });
});
