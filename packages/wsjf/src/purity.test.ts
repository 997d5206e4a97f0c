import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WSJF_ERROR_CODES, WsjfError } from './errors';
import { validateEstimate } from './estimate';
import { snapToScale, validateScale } from './scale';

const here = import.meta.dirname;
const sources = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'test-support.ts')
  .map((name) => ({ name, text: readFileSync(join(here, name), 'utf8') }));

describe('a pure domain', () => {
  it('[WSJF26] the package imports nothing but its own files', () => {
    expect(sources.length).toBeGreaterThan(5);
    for (const { name, text } of sources) {
      const specifiers = [...text.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]);
      for (const specifier of specifiers) expect(`${name}: ${specifier}`).toMatch(/: \.\/[a-z0-9-]+$/);
      expect(text, name).not.toMatch(/\bimport\(|\brequire\(/);
    }
  });

  it('[WSJF26] no clock, randomness or I/O', () => {
    for (const { name, text } of sources) {
      expect(text, name).not.toMatch(/Date\.now|new Date\(|Math\.random|performance\.|process\.|globalThis|fetch\(|console\./);
    }
  });

  it('[WSJF26] errors are WsjfError with a listed code and a message that says what to do', () => {
    const thrown: unknown[] = [];
    const attempt = (fn: () => unknown): void => {
      try {
        fn();
      } catch (err) {
        thrown.push(err);
      }
    };
    attempt(() => validateScale([]));
    attempt(() => validateScale([2, 1]));
    attempt(() => snapToScale(Number.NaN));
    attempt(() => validateEstimate('jobSize', 4));
    attempt(() => validateEstimate('jobSize', -1));
    expect(thrown).toHaveLength(5);
    for (const err of thrown) {
      expect(err).toBeInstanceOf(WsjfError);
      expect(err).toBeInstanceOf(Error);
      expect((err as WsjfError).name).toBe('WsjfError');
      expect(WSJF_ERROR_CODES).toContain((err as WsjfError).code);
      expect((err as WsjfError).message).toMatch(/use|pick|list|needs|must/i);
    }
  });
});
