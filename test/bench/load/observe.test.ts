import { describe, expect, it } from 'vitest';
import { clientLatencies, EditLog, type EditRecord } from './observe';

const edit = (feature: number, order: number, stamp: number, sender: number, counted = true): EditRecord => ({ feature, order, stamp, sender, counted });

describe('latencies from what one client observed', () => {
  it('takes the time from each edit to the moment the client saw it', () => {
    const log = new EditLog(3, [edit(0, 0, 1000, 5), edit(2, 0, 1010, 6)]);
    const samples: number[] = [];
    expect(clientLatencies([0, 1000, 1004, 2, 1010, 1030], log, 1, samples)).toBe(2);
    expect(samples).toEqual([4, 20]);
  });

  it('counts earlier edits of a feature as delivered when a later one arrives (a batched tick), each once', () => {
    const log = new EditLog(1, [edit(0, 0, 1000, 5), edit(0, 1, 1002, 6), edit(0, 2, 1005, 7)]);
    const samples: number[] = [];
    // The client sees only the last stamp of a merged tick, then a repeat of it.
    expect(clientLatencies([0, 1005, 1010, 0, 1005, 1020], log, 1, samples)).toBe(3);
    expect(samples).toEqual([10, 8, 5]);
  });

  it('leaves out the client\'s own edits, warm-up edits and stamps of no edit of the phase', () => {
    const log = new EditLog(1, [edit(0, 0, 1000, 1), edit(0, 1, 1001, 2, false), edit(0, 2, 1003, 3)]);
    const samples: number[] = [];
    expect(clientLatencies([0, 999, 1001, 0, 1003, 1004], log, 1, samples)).toBe(1);
    expect(samples).toEqual([1]);
  });

  it('names the final stamp of every edited feature, so a load process knows when its clients have everything', () => {
    const log = new EditLog(3, [edit(2, 1, 1009, 1), edit(2, 0, 1003, 1), edit(0, 0, 1001, 2)]);
    expect([...log.finalStamps()].sort()).toEqual([[0, 1001], [2, 1009]]);
  });
});
