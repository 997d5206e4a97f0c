import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFeature } from '@ladder/board-doc';
import { startLadder, type LadderServer } from '../support/server';
import { connectClient, type SyncClient } from '../support/clients';
import { clientRanking, rankingFields, type ApiRankingRow } from '../support/state';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { parseCsv } from '../support/csv';
import { eventually } from '@ladder/testing';

const EXPORT_HEADER = 'rank,id,title,team,theme,userBusinessValue,timeCriticality,riskReduction,jobSize,costOfDelay,wsjf,committed,inCapacity,latestNote';

// Line numbers count the header as line 1.
const JIRA_EXPORT = [
  'Issue key,Summary,Description,Team,Business Value,Time Criticality,Risk Reduction,Job Size',
  'PI-1,Checkout,"Pay, quickly",Atlas,8,3,2,5',
  'PI-2,Search,Find things,Borealis,5,5,1,3',
  'PI-4,Reports,Monthly,Cygnus,abc,1,1,1',
  'PI-5,Exports,,Cygnus,4,1,1,2',
  'PI-6,Unscored idea,,Atlas,,,,',
  'PI-7,Quick win,,Borealis,2,1,1,1',
].join('\n') + '\n';

const SECOND_EXPORT = [
  'issue key,SUMMARY,team,business value,Time criticality,RISK REDUCTION,Story Points',
  'PI-7,Quick win renamed,Borealis,2,1,1,8',
  'PI-8,New one,Atlas,13,8,5,2',
  'PI-9,Bad size,Atlas,1,1,1,0',
].join('\r\n') + '\r\n';

interface ImportResult {
  created: number;
  updated: number;
  rejected: Array<{ line: number; reason: string }>;
  warnings: Array<{ line: number; column: string; value: number | string; nearest: number | null; message: string }>;
}

let server: LadderServer;
let room: RoomWithPeople;
let watcher: SyncClient;

beforeAll(async () => {
  server = await startLadder();
  room = await roomWith(server.url, { Ivy: 'product', Oz: 'observer' });
  watcher = connectClient(server.wsUrl, room.roomId, member(room, 'Oz').token);
  await watcher.synced;
});

afterAll(async () => {
  watcher?.destroy();
  await server?.stop();
  server?.cleanup();
});

const importCsv = (body: string) =>
  api(server.url, `/api/rooms/${room.roomId}/import`, { token: member(room, 'Ivy').token, body, contentType: 'text/csv' });

function expectRejected(result: ImportResult, lines: number[]): void {
  expect(result.rejected.map((r) => r.line).sort((a, b) => a - b)).toEqual(lines);
  for (const r of result.rejected) expect(typeof r.reason === 'string' && r.reason.length > 0, JSON.stringify(r)).toBe(true);
}

describe('CSV import and export', () => {
  test('imports a Jira export: every row lands; an estimate off the scale or not a number is left blank, warned by line (header = line 1)', async () => {
    const answer = await importCsv(JIRA_EXPORT);
    expect(answer.status, answer.text).toBe(200);
    const result = answer.json as ImportResult;
    expect({ created: result.created, updated: result.updated }).toEqual({ created: 6, updated: 0 });
    expectRejected(result, []);
    expect(result.warnings.map((w) => [w.line, w.column, w.value, w.nearest])).toEqual([[4, 'userBusinessValue', 'abc', null], [5, 'userBusinessValue', 4, 5]]);

    await eventually(() => ['PI-1', 'PI-2', 'PI-4', 'PI-5', 'PI-6', 'PI-7'].every((id) => readFeature(watcher.doc, id)), { timeout: 10_000, what: () => 'imported features did not reach a client' });
    expect(readFeature(watcher.doc, 'PI-1')).toMatchObject({
      title: 'Checkout', description: 'Pay, quickly', team: 'Atlas', userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 5,
    });
    expect(readFeature(watcher.doc, 'PI-6')).toMatchObject({ title: 'Unscored idea', userBusinessValue: null, jobSize: null });
    expect(readFeature(watcher.doc, 'PI-4')).toMatchObject({ title: 'Reports', userBusinessValue: null, timeCriticality: 1 });
    expect(readFeature(watcher.doc, 'PI-5')).toMatchObject({ title: 'Exports', userBusinessValue: null, jobSize: 2 });
  });

  test('accepts Story Points for job size and header names in any case; a known issue key updates its feature', async () => {
    const answer = await importCsv(SECOND_EXPORT);
    expect(answer.status, answer.text).toBe(200);
    const result = answer.json as ImportResult;
    expect({ created: result.created, updated: result.updated }).toEqual({ created: 2, updated: 1 });
    expectRejected(result, []);
    expect(result.warnings.map((w) => w.message)).toEqual(['Job size 0 is not on the room\'s scale; left blank (nearest: 1)']);
    await eventually(() => readFeature(watcher.doc, 'PI-9') && readFeature(watcher.doc, 'PI-8') && readFeature(watcher.doc, 'PI-7')?.jobSize === 8, { timeout: 10_000 });
    expect(readFeature(watcher.doc, 'PI-7')).toMatchObject({ title: 'Quick win renamed', jobSize: 8 });
    expect(readFeature(watcher.doc, 'PI-8')).toMatchObject({ title: 'New one', userBusinessValue: 13, timeCriticality: 8, riskReduction: 5, jobSize: 2 });
    expect(readFeature(watcher.doc, 'PI-9')).toMatchObject({ title: 'Bad size', userBusinessValue: 1, jobSize: null });
  });

  test('a CSV sent as application/octet-stream or application/json is read; Windows-1252 bytes are refused with a clear message', async () => {
    // A room of its own, so the other tests' features stay as they expect.
    const own = await roomWith(server.url, { Ivy: 'product' });
    const send = (body: Buffer, type: string) => fetch(`${server.url}/api/rooms/${own.roomId}/import`, {
      method: 'POST', headers: { authorization: `Bearer ${member(own, 'Ivy').token}`, 'content-type': type }, body,
    });
    const octets = await send(Buffer.from('id,title,Custom field (Story Points)\nOCT-1,Sent as bytes,3\n'), 'application/octet-stream');
    expect(octets.status).toBe(200);
    expect(await octets.json()).toMatchObject({ created: 1, rejected: [], ignoredColumns: [] });
    // Sent under a JSON content type (a script's default), the CSV is still read as CSV.
    const asJson = await send(Buffer.from('id,title,Job Size\nJSN-1,Sent as JSON,5\n'), 'application/json');
    expect(asJson.status).toBe(200);
    expect(await asJson.json()).toMatchObject({ created: 1, rejected: [] });
    const ranking = await api(server.url, `/api/rooms/${own.roomId}/ranking`, { token: member(own, 'Ivy').token });
    expect((ranking.json as { features: unknown[] }).features).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: 'OCT-1', title: 'Sent as bytes', jobSize: 3 }),
      expect.objectContaining({ id: 'JSN-1', title: 'Sent as JSON', jobSize: 5 }),
    ]));

    const latin1 = await send(Buffer.from([...Buffer.from('title\nCaf'), 0xe9, 0x0a]), 'text/csv');
    expect(latin1.status).toBe(400);
    expect(await latin1.json()).toMatchObject({ error: 'invalid_csv', message: expect.stringMatching(/not UTF-8/) });
  });

  test('exports the contract columns (then committed, inCapacity, latestNote), one row per feature, in rank order', async () => {
    const ranking = await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Oz').token });
    expect(ranking.status).toBe(200);
    const rows = rankingFields((ranking.json as { features: object[] }).features);
    expect(rows.map((r) => r.id)).toEqual(['PI-8', 'PI-2', 'PI-1', 'PI-7', 'PI-4', 'PI-5', 'PI-6', 'PI-9']);
    expect(rows).toEqual(clientRanking(watcher.doc));

    const answer = await api(server.url, `/api/rooms/${room.roomId}/export.csv`, { token: member(room, 'Oz').token });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/csv/);
    const [header, ...body] = parseCsv(answer.text);
    expect(header?.join(',')).toBe(EXPORT_HEADER);
    expect(body.map((cells) => cells[1])).toEqual(rows.map((r) => r.id));
    const columns = EXPORT_HEADER.split(',');
    for (const [i, cells] of body.entries()) {
      const row = rows[i] as ApiRankingRow;
      const cell = (name: string) => cells[columns.indexOf(name)] ?? '';
      expect(cells.length).toBe(columns.length);
      expect(cell('rank')).toBe(row.rank === null ? '' : String(row.rank));
      expect(cell('title')).toBe(row.title);
      for (const name of ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize', 'costOfDelay'] as const) {
        expect(cell(name), `${name} of ${row.id}`).toBe(row[name] === null ? '' : String(row[name]));
      }
      if (row.wsjf === null) expect(cell('wsjf')).toBe('');
      else expect(Number(cell('wsjf'))).toBeCloseTo(row.wsjf as number, 2);
      // No capacity in this room, no notes, nothing committed.
      expect([cell('committed'), cell('inCapacity'), cell('latestNote')]).toEqual(['false', '', '']);
    }
    const checkout = body.find((cells) => cells[1] === 'PI-1') ?? [];
    expect(checkout[columns.indexOf('team')]).toBe('Atlas');
    expect(checkout[columns.indexOf('title')]).toBe('Checkout');
  });
});
