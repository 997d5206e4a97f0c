export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms until it holds; rejects once `deadline` (performance.now() ms) passes. */
export async function waitUntil(check: () => boolean, deadline: number, what: string): Promise<void> {
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what || 'a condition'}.`);
    await sleep(50);
  }
}
