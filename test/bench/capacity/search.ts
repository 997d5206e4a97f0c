// Capacity, searched the same way for every server: steps of a load (clients in one room, or edits a second) tried in
// increasing order until one does not hold; a step holds when edit p99 stays under the budget with every edit delivered
// to every client and every client connected. Pure: the runs are handed in.

export interface StepResult {
  /** The step: clients, or edits a second. */
  step: number;
  clients: number;
  p99: number;
  /** Share of (edits × other clients) delivered. */
  delivered: number;
  connected: number;
  /** The slowest client's presence frames a second (null without moving cursors). */
  presenceHzMin: number | null;
  /** Server CPU per delivered update, µs. */
  cpuUsPerDelivery: number | null;
}

export const BUDGET_MS = 100;
/** Everything delivered, short of a rounding: an edit sent in the last instant may still be on its way. */
export const MIN_DELIVERED = 0.999;

export function held(r: StepResult, budgetMs = BUDGET_MS): boolean {
  return Number.isFinite(r.p99) && r.p99 < budgetMs && r.delivered >= MIN_DELIVERED && r.connected >= r.clients;
}

/**
 * Runs `steps` in increasing order until one does not hold (that one is kept in the results, the rest not run). The
 * capacity is the largest step that held with every smaller one, or null when the smallest did not.
 */
export async function searchCapacity(steps: readonly number[], run: (step: number) => Promise<StepResult>, budgetMs = BUDGET_MS): Promise<{ results: StepResult[]; capacity: number | null; top: boolean }> {
  const results: StepResult[] = [];
  let capacity: number | null = null;
  for (const step of [...steps].sort((a, b) => a - b)) {
    const result = await run(step);
    results.push(result);
    if (!held(result, budgetMs)) return { results, capacity, top: false };
    capacity = step;
  }
  // Held at the largest step tried: the capacity is at least that.
  return { results, capacity, top: capacity !== null };
}

/**
 * Ladder's capacity over a peer's, in words: "4.0×", "≥ 4.0×" when Ladder held every step (its capacity is at least
 * that), "> 8×" when the peer held no step, "—" when neither held one.
 */
export function ratioText(ladder: { capacity: number | null; top: boolean }, peer: { capacity: number | null; top: boolean }, smallest: number): string {
  if (ladder.capacity === null) return peer.capacity === null ? '—' : `< ${(smallest / peer.capacity).toFixed(2)}×`;
  if (peer.capacity === null) return `> ${(ladder.capacity / smallest).toFixed(1)}×`;
  const ratio = (ladder.capacity / peer.capacity).toFixed(1);
  if (ladder.top && peer.top) return `≈ ${ratio}× (both held every step)`;
  if (ladder.top) return `≥ ${ratio}×`;
  if (peer.top) return `≤ ${ratio}×`;
  return `${ratio}×`;
}
