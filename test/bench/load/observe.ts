/** An edit as the coordinator records it: who sent it, when, and the Yjs id of the last item it wrote. */
export interface EditRecord {
  /** Global index of the client that made it. */
  sender: number;
  /** In the measured window (not warm-up). */
  counted: boolean;
  /** The shared clock when the edit was made (also its `updatedAt`). */
  stamp: number;
  /** Yjs client id of the sender's document and the clock of the edit's last item. */
  yClient: number;
  clock: number;
}

/** Received ranges per Yjs client: [before, after, at, before, after, at, …] in arrival order. */
export type ReceivedRanges = Map<number, number[]>;

/**
 * Records what one remote transaction brought: for each Yjs client whose state grew, the clock range
 * `[before, after)` and the time it arrived. Item ids survive every server (merged ticks, garbage-collected
 * losers of concurrent writes), so this sees every edit a client received, whatever its content became.
 */
export function recordReceived(ranges: ReceivedRanges, beforeState: Map<number, number>, afterState: Map<number, number>, at: number): void {
  for (const [client, after] of afterState) {
    const before = beforeState.get(client) ?? 0;
    if (after <= before) continue;
    let list = ranges.get(client);
    if (!list) ranges.set(client, (list = []));
    list.push(before, after, at);
  }
}

/** When the range holding `clock` arrived, or undefined if it has not. Ranges of one client grow monotonically. */
export function receivedAt(list: readonly number[] | undefined, clock: number): number | undefined {
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length / 3 - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid * 3 + 1] as number) > clock) { found = list[mid * 3 + 2]; hi = mid - 1; } else lo = mid + 1;
  }
  return found;
}

/** Whether a client has received `edit` (or made it itself). */
export function hasReceived(ranges: ReceivedRanges, edit: EditRecord, client: number): boolean {
  return edit.sender === client || receivedAt(ranges.get(edit.yClient), edit.clock) !== undefined;
}

/**
 * Latencies one client observed: for every counted edit by another client, the time from the edit to the
 * arrival of the transaction that brought its last item. Returns the number of such deliveries.
 */
export function clientLatencies(ranges: ReceivedRanges, edits: readonly EditRecord[], client: number, samples: number[]): number {
  let deliveries = 0;
  for (const edit of edits) {
    if (!edit.counted || edit.sender === client) continue;
    const at = receivedAt(ranges.get(edit.yClient), edit.clock);
    if (at === undefined) continue;
    samples.push(at - edit.stamp);
    deliveries++;
  }
  return deliveries;
}

/** The last edit of every sending document: a client has everything once it has received these. */
export function lastEdits(edits: readonly EditRecord[]): EditRecord[] {
  const last = new Map<number, EditRecord>();
  for (const edit of edits) if ((last.get(edit.yClient)?.clock ?? -1) < edit.clock) last.set(edit.yClient, edit);
  return [...last.values()];
}
