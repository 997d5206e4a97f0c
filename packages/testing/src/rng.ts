import * as prng from 'lib0/prng';

/** A seeded random generator (lib0's xoroshiro128+), so a failing run can be replayed from its seed. */
export interface Rng {
  seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Uint8Array;
  /** Lower-case letters and digits, starting with a letter: safe as an id, a name or a CSV cell. */
  word(length: number): string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALPHANUMERIC = `${LETTERS}0123456789`;

export function createRng(seed: number): Rng {
  const gen = prng.create(seed);
  const int = (min: number, max: number) => prng.int53(gen, min, max);
  return {
    seed,
    next: () => prng.real53(gen),
    int,
    chance: (p) => prng.real53(gen) < p,
    pick: <T>(items: readonly T[]) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    bytes: (length) => prng.uint8Array(gen, length),
    word: (length) => Array.from({ length }, (_, i) => (i === 0 ? LETTERS : ALPHANUMERIC)[int(0, (i === 0 ? LETTERS : ALPHANUMERIC).length - 1)]).join(''),
  };
}

/** The seed of a randomised test: `LADDER_TEST_SEED` when set (to replay a failure), else `fallback`. */
export function testSeed(fallback: number): number {
  const fromEnv = Number(process.env.LADDER_TEST_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback;
}
