import { afterAll, beforeAll } from 'vitest';
import { startLadder, type LadderServer, type StartOptions } from './server';

/**
 * One Ladder server for a test file, in this process: started before its tests, stopped and its data removed after
 * them. The answer stands for the running server (its url, wsUrl, …) once `beforeAll` has run.
 */
export function useLadder(options: StartOptions = {}): LadderServer {
  let started: LadderServer | undefined;
  beforeAll(async () => {
    started = await startLadder(options);
  });
  afterAll(async () => {
    await started?.stop();
    started?.cleanup();
  });
  return new Proxy({} as LadderServer, {
    get(_target, key) {
      if (!started) throw new Error('the server is not started yet: use it inside a test');
      const value = Reflect.get(started, key) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(started) : value;
    },
  });
}
