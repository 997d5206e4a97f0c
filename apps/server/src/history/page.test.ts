import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SqliteStorage } from '../storage/sqlite';
import type { HistoryEvent } from '../storage/types';
import { historyCsv, historyJsonl } from './export';
import { historyPage } from './page';

const ROOM = 'historyPageRoom0000001';
let storage: SqliteStorage;
/** Events per seq: seq 2 caused five events, seq 4 one, seq 5 two, seq 7 three. */
const SHAPE: Array<[number, number]> = [[2, 5], [4, 1], [5, 2], [7, 3]];
let all: HistoryEvent[];

beforeEach(async () => {
  storage = new SqliteStorage(':memory:');
  await storage.createRoom({ id: ROOM, title: 'Paging', createdAt: 1 }, new Uint8Array([0, 0]));
  all = [];
  for (const [seq, count] of SHAPE) {
    const events = Array.from({ length: count }, (_, i): HistoryEvent => ({
      seq, at: 1000 + seq, participantId: 'p1', name: 'Ada', kind: 'changed', featureId: `F-${i + 1}`, field: 'jobSize', from: i, to: i + 1,
    }));
    await storage.appendHistory(ROOM, events);
    all.push(...events);
  }
});

afterEach(async () => {
  await storage.close();
});

async function walk(limit: number): Promise<{ events: HistoryEvent[]; pages: HistoryEvent[][] }> {
  const pages: HistoryEvent[][] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await historyPage(storage, ROOM, { afterSeq, limit });
    pages.push(page.events);
    if (!page.hasMore) break;
    expect(page.nextAfterSeq).toBe(page.events.at(-1)?.seq);
    afterSeq = page.nextAfterSeq;
  }
  return { events: pages.flat(), pages };
}

describe('history pages', () => {
  test('without a limit: every event, no more to come', async () => {
    expect(await historyPage(storage, ROOM)).toEqual({ events: all, nextAfterSeq: 7, hasMore: false });
    expect(await historyPage(storage, ROOM, { afterSeq: 7 })).toEqual({ events: [], nextAfterSeq: 7, hasMore: false });
  });

  test.each([1, 2, 3, 4, 5, 6, 11, 12])('limit %i walks every event once and never splits an update', async (limit) => {
    const { events, pages } = await walk(limit);
    expect(events).toEqual(all);
    for (const page of pages) {
      const seqs = new Set(page.map((e) => e.seq));
      for (const seq of seqs) expect(page.filter((e) => e.seq === seq).length).toBe(all.filter((e) => e.seq === seq).length);
      if (seqs.size > 1) expect(page.length).toBeLessThanOrEqual(limit);
    }
  });

  test('recent: the events of the last N stored updates only', async () => {
    for (let seq = 2; seq <= 7; seq++) await storage.appendUpdate(ROOM, { at: 1000 + seq, participantId: 'p1', update: new Uint8Array([seq]) });
    expect((await historyPage(storage, ROOM, { recent: 1 })).events).toEqual(all.filter((e) => e.seq === 7));
    expect((await historyPage(storage, ROOM, { recent: 3 })).events).toEqual(all.filter((e) => e.seq >= 5));
    expect((await historyPage(storage, ROOM, { recent: 100 })).events).toEqual(all);
    expect((await historyPage(storage, ROOM, { recent: 3, afterSeq: 5 })).events).toEqual(all.filter((e) => e.seq > 5));
  });

  test('an update with more events than the limit comes whole on its own page', async () => {
    const page = await historyPage(storage, ROOM, { limit: 2 });
    expect(page.events.map((e) => e.seq)).toEqual([2, 2, 2, 2, 2]);
    expect(page).toMatchObject({ nextAfterSeq: 2, hasMore: true });
  });
});

describe('history export', () => {
  test('CSV: header, one row per event, JSON for objects, formulas neutralised', () => {
    const csv = historyCsv([
      { seq: 3, at: 0, participantId: 'p1', name: '=cmd', kind: 'created', featureId: 'F-1', field: null, from: null, to: { id: 'F-1', title: 'A, "b"' } },
      { seq: 4, at: 1000, participantId: null, name: '', kind: 'changed', featureId: 'F-1', field: 'jobSize', from: 3, to: 5 },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'seq,at,time,participantId,name,kind,featureId,field,from,to,roundId',
      `3,0,1970-01-01T00:00:00.000Z,p1,'=cmd,created,F-1,,,"{""id"":""F-1"",""title"":""A, \\""b\\""""}",`,
      '4,1000,1970-01-01T00:00:01.000Z,,,changed,F-1,jobSize,3,5,',
      '',
    ]);
  });

  test('JSON lines: one event per line, parseable back', () => {
    const jsonl = historyJsonl(all);
    const lines = jsonl.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(all);
    expect(historyJsonl([])).toBe('');
  });
});
