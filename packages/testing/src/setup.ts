import fc from 'fast-check';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { testSeed } from './rng';

// Every test file's setup (vitest `setupFiles`): an error thrown or rejected outside any awaited promise (a socket's
// late 'error', a timer, a forgotten rejection) fails the test that was running when it happened, by name, instead of
// the whole run with no test to blame. vitest itself is told to ignore them (`dangerouslyIgnoreUnhandledErrors`), so
// nothing is counted twice, and nothing gets lost: an error between tests fails the file's last hook.

const caught: unknown[] = [];
const keep = (error: unknown): void => { caught.push(error); };
process.on('uncaughtException', keep);
process.on('unhandledRejection', keep);

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

function raise(where: string): void {
  if (caught.length === 0) return;
  const errors = caught.splice(0);
  throw new Error(`${errors.length} unhandled error${errors.length === 1 ? '' : 's'} ${where}:\n${errors.map(describeError).join('\n---\n')}`);
}

beforeEach(() => raise('between the tests of this file, before this test'));
afterEach((context) => raise(`during "${context.task.name}"`));
afterAll(() => raise('after the last test of this file'));

// Property tests draw from one fixed seed, so a run is the run before it; fast-check prints the seed and path of any
// failure, `LADDER_TEST_SEED` explores another, and a failure found that way stays as a named regression case.
export const PROPERTY_SEED = testSeed(20261206);
fc.configureGlobal({ seed: PROPERTY_SEED });
