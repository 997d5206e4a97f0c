import { describe, expect, test } from 'vitest';
import { useLadder } from '../support/use-ladder';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';

interface ImportResult { created: number; updated: number; rejected: Array<{ line: number; reason: string }> }
interface RankingRow { id: string; title: string; jobSize: number | null }

const server = useLadder();

const importCsv = (room: RoomWithPeople, body: string) =>
  api(server.url, `/api/rooms/${room.roomId}/import`, { token: member(room, 'Ivy').token, body, contentType: 'text/csv' });

async function features(room: RoomWithPeople): Promise<Map<string, RankingRow>> {
  const answer = await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Ivy').token });
  expect(answer.status, answer.text).toBe(200);
  return new Map((answer.json as { features: RankingRow[] }).features.map((f) => [f.id, f]));
}

/** A room holding F-1 and F-2, imported with titles. */
async function boardWithTwo(): Promise<RoomWithPeople> {
  const room = await roomWith(server.url, { Ivy: 'product' });
  const seeded = await importCsv(room, 'id,title,jobSize\nF-1,Checkout,5\nF-2,Search,3\n');
  expect(seeded.status, seeded.text).toBe(200);
  expect(seeded.json).toMatchObject({ created: 2, rejected: [] });
  return room;
}

describe('CSV import without a title column', () => {
  test('an id column alone updates the features it names', async () => {
    const room = await boardWithTwo();
    const plain = await importCsv(room, 'id,jobSize\nF-1,8\n');
    expect(plain.status, plain.text).toBe(200);
    expect(plain.json).toMatchObject({ created: 0, updated: 1, rejected: [] });
    // Jira's names for the same columns.
    const jira = await importCsv(room, 'Issue key,Story Points\nF-2,13\n');
    expect(jira.status, jira.text).toBe(200);
    expect(jira.json).toMatchObject({ created: 0, updated: 1, rejected: [] });
    const board = await features(room);
    expect(board.get('F-1')).toMatchObject({ title: 'Checkout', jobSize: 8 });
    expect(board.get('F-2')).toMatchObject({ title: 'Search', jobSize: 13 });
    expect(board.size).toBe(2);
  });

  test('a row whose id is not on the board is rejected with its line; the other rows are imported', async () => {
    const room = await boardWithTwo();
    const answer = await importCsv(room, 'id,jobSize\nF-1,13\nF-9,2\nF-2,8\n');
    expect(answer.status, answer.text).toBe(200);
    const result = answer.json as ImportResult;
    expect({ created: result.created, updated: result.updated }).toEqual({ created: 0, updated: 2 });
    expect(result.rejected).toEqual([{ line: 3, reason: 'no title: a new feature needs a title (no feature has id F-9).' }]);
    const board = await features(room);
    expect(board.get('F-1')).toMatchObject({ jobSize: 13 });
    expect(board.get('F-2')).toMatchObject({ jobSize: 8 });
    expect(board.has('F-9')).toBe(false);
  });

  test('a file with neither a title nor an id column is still refused as a whole', async () => {
    const room = await boardWithTwo();
    const answer = await importCsv(room, 'team,jobSize\nAtlas,8\n');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'invalid_csv', message: expect.stringMatching(/needs a title column/) });
  });

  test('a cell that is not a number is left out with a warning that lists the room\'s scale (no example off it); the feature keeps its value', async () => {
    const room = await boardWithTwo();
    const answer = await importCsv(room, 'id,jobSize\nF-1,high\n');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toMatchObject({ created: 0, updated: 0, rejected: [] });
    expect((answer.json as ImportResult & { warnings: unknown[] }).warnings).toEqual([{
      line: 2, column: 'jobSize', value: 'high', nearest: null,
      message: 'Job size "high" is not a number; kept 5 (use a value of the room\'s scale: 1, 2, 3, 5, 8, 13, 20)',
    }]);
    expect((await features(room)).get('F-1')).toMatchObject({ jobSize: 5 });
  });
});
