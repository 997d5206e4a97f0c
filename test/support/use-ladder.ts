import { afterAll, beforeAll } from 'vitest';
import { startLadder, type LadderProcess, type StartOptions } from './server';

/**
 * One Ladder server for a test file: started before its tests, stopped and its data removed after them. The answer
 * stands for the running server (its url, wsUrl, child …) once `beforeAll` has run.
 */
export function useLadder(options: StartOptions = {}): LadderProcess {
  let started: LadderProcess | undefined;
  beforeAll(async () => {
    started = await startLadder(options);
  });
  afterAll(async () => {
    await started?.stop();
    started?.cleanup();
  });
  return new Proxy({} as LadderProcess, {
    get(_target, key) {
      if (!started) throw new Error('the server is not started yet: use it inside a test');
      const value = Reflect.get(started, key) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(started) : value;
    },
  });
}
