import { describe, expect, it } from 'vitest';
import { clientLatencies, hasReceived, lastEdits, receivedAt, recordReceived, type EditRecord, type ReceivedRanges } from './observe';

const edit = (yClient: number, clock: number, stamp: number, sender: number, counted = true): EditRecord => ({ yClient, clock, stamp, sender, counted });
const state = (entries: [number, number][]) => new Map(entries);

describe('latencies from what one client received', () => {
  it('finds the transaction that brought an item by its clock range', () => {
    const ranges: ReceivedRanges = new Map();
    recordReceived(ranges, state([[7, 0]]), state([[7, 3], [9, 2]]), 1000);
    recordReceived(ranges, state([[7, 3], [9, 2]]), state([[7, 8], [9, 2]]), 1010);
    expect(receivedAt(ranges.get(7), 0)).toBe(1000);
    expect(receivedAt(ranges.get(7), 2)).toBe(1000);
    expect(receivedAt(ranges.get(7), 3)).toBe(1010);
    expect(receivedAt(ranges.get(7), 7)).toBe(1010);
    expect(receivedAt(ranges.get(7), 8)).toBeUndefined();
    expect(receivedAt(ranges.get(9), 1)).toBe(1000);
    expect(receivedAt(ranges.get(5), 0)).toBeUndefined();
  });

  it('takes the time from each counted edit of another client to its arrival; several edits may arrive in one tick', () => {
    const ranges: ReceivedRanges = new Map();
    recordReceived(ranges, state([]), state([[7, 6], [9, 3]]), 1020);
    const edits = [edit(7, 2, 1000, 5), edit(7, 5, 1004, 5), edit(9, 2, 1010, 6), edit(9, 5, 1015, 6)];
    const samples: number[] = [];
    expect(clientLatencies(ranges, edits, 1, samples)).toBe(3);
    expect(samples).toEqual([20, 16, 10]);
  });

  it('leaves out the client\'s own edits and warm-up edits', () => {
    const ranges: ReceivedRanges = new Map();
    recordReceived(ranges, state([]), state([[7, 10]]), 1050);
    const samples: number[] = [];
    expect(clientLatencies(ranges, [edit(7, 1, 1000, 1), edit(7, 2, 1001, 2, false), edit(7, 3, 1040, 3)], 1, samples)).toBe(1);
    expect(samples).toEqual([10]);
  });

  it('knows when a client has everything: the last edit of every sending document', () => {
    const edits = [edit(7, 2, 1000, 5), edit(7, 9, 1004, 5), edit(9, 4, 1010, 6)];
    expect(lastEdits(edits).map((e) => e.clock)).toEqual([9, 4]);
    const ranges: ReceivedRanges = new Map();
    recordReceived(ranges, state([]), state([[7, 10], [9, 4]]), 1020);
    expect(hasReceived(ranges, edits[1] as EditRecord, 1)).toBe(true);
    expect(hasReceived(ranges, edits[2] as EditRecord, 1)).toBe(false);
    expect(hasReceived(ranges, edits[2] as EditRecord, 6)).toBe(true);
  });
});
