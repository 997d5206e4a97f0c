/** How long `eventually` waits by default, and how often it looks. */
export const EVENTUALLY_TIMEOUT_MS = 15_000;
/** The first pause between two reads, and the longest: the pause grows by half each time in between. */
const FIRST_INTERVAL_MS = 10;
const MAX_INTERVAL_MS = 100;

export interface Patience {
  /** Gives up after this many milliseconds (default 15 s). */
  timeout?: number;
  /** Pause between two reads; by default 10 ms at first, growing to 100 ms, so a quick change is seen at once and a long wait costs little. */
  interval?: number;
  /** Said on timeout, with the last value read: what was awaited, e.g. "the edit reaches Ann" (a function is asked then). */
  what?: string | (() => string);
}

export interface EventuallyOptions<T> extends Patience {
  /** Holds for the value to return. */
  until: (value: T) => boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function show(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return String(value);
  }
}

/**
 * The one polling helper of the tests: reads `read` until its value holds (`until`, or truthy), and returns that value.
 * A read that throws counts as not yet. On timeout it throws an error naming `what`, the last value seen and the last
 * error, so a failure says what was awaited and what was there instead.
 */
export function eventually<T>(read: () => T | Promise<T>, options: EventuallyOptions<T>): Promise<T>;
/** Without `until`, waits for a truthy value (`null`, `undefined`, `false`, `0` and `''` are "not yet"). */
export function eventually<T>(read: () => T | Promise<T>, options?: Patience | string): Promise<NonNullable<T>>;
export async function eventually<T>(read: () => T | Promise<T>, options: Partial<EventuallyOptions<T>> | string = {}): Promise<T> {
  const { timeout = EVENTUALLY_TIMEOUT_MS, interval, what = 'the condition', until = (value: T) => Boolean(value) } =
    typeof options === 'string' ? { what: options } : options;
  const deadline = Date.now() + timeout;
  let last: { value: T } | null = null;
  let lastError: unknown = null;
  let pause = FIRST_INTERVAL_MS / 1.5;
  for (;;) {
    try {
      const value = await read();
      if (until(value)) return value;
      last = { value };
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen = last ? `; last seen: ${show(last.value)}` : '';
      const why = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`${typeof what === 'function' ? what() : what}: not reached within ${timeout} ms${seen}${why}`);
    }
    pause = interval ?? Math.min(MAX_INTERVAL_MS, pause * 1.5);
    await sleep(pause);
  }
}
