import { afterAll, describe, expect, test } from 'vitest';
import { updateFeature } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { importReportSchema } from '@ladder/wire';
import { connectClient, type SyncClient } from '../support/clients';
import { parseCsv } from '../support/csv';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { joinRoom, type Role } from '../support/server';
import { useLadder } from '../support/use-ladder';

// The export's trailing columns (committed, inCapacity, latestNote) and its rounded scores, and a Jira export with
// custom fields whose off-scale estimate is left blank with a warning: over HTTP against a real server.

const ladder = useLadder();
const clients: SyncClient[] = [];

afterAll(() => {
  for (const c of clients) c.destroy();
});

/** `POST /api/rooms` with a capacity, then one participant per `name: role` entry. */
async function roomWithCapacity(capacity: number, people: Record<string, Role>): Promise<RoomWithPeople> {
  const created = await api(ladder.url, '/api/rooms', { body: { title: 'Capacity room', capacity } });
  expect(created.status, created.text).toBe(201);
  const { roomId, links } = created.json as { roomId: string; links: Record<Role, string> };
  const invites = Object.fromEntries(Object.entries(links).map(([role, link]) => [role, new URL(link).searchParams.get('invite') ?? ''])) as Record<Role, string>;
  const joined: RoomWithPeople['people'] = {};
  for (const [name, role] of Object.entries(people)) joined[name] = { ...(await joinRoom(ladder.url, roomId, invites[role], name)), name };
  return { roomId, links, invites, people: joined };
}

const importCsv = (room: RoomWithPeople, name: string, body: string) =>
  api(ladder.url, `/api/rooms/${room.roomId}/import`, { token: member(room, name).token, body, contentType: 'text/csv' });

/** The export as one record per feature, keyed by column name. */
async function exported(room: RoomWithPeople, name: string): Promise<{ header: string[]; rows: Array<Record<string, string>> }> {
  const answer = await api(ladder.url, `/api/rooms/${room.roomId}/export.csv`, { token: member(room, name).token });
  expect(answer.status, answer.text).toBe(200);
  const [header = [], ...body] = parseCsv(answer.text);
  return { header, rows: body.map((cells) => Object.fromEntries(header.map((column, i) => [column, cells[i] ?? '']))) };
}

const CONTRACT_COLUMNS = ['rank', 'id', 'title', 'team', 'theme', 'userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize', 'costOfDelay', 'wsjf'];

describe('GET /api/rooms/:roomId/export.csv: rounded scores and the trailing columns', () => {
  test('WSJF has two decimals at most; committed, inCapacity (the cut line) and the newest note about each feature follow the contract columns', async () => {
    const room = await roomWithCapacity(8, { Pia: 'product', Olga: 'observer' });
    // Capacity 8: A (size 3) and B (size 2) fit, C (size 5) would make 10 and is the first out; D is unscored.
    const imported = await importCsv(room, 'Pia', [
      'id,title,userBusinessValue,timeCriticality,riskReduction,jobSize',
      'A,Thirds,13,8,5,3',
      'B,Whole,3,3,2,2',
      'C,Committed,8,5,3,5',
      'D,Unscored,,,,',
    ].join('\n'));
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json).toMatchObject({ created: 4, rejected: [], warnings: [] });

    const pia = connectClient(ladder.wsUrl, room.roomId, member(room, 'Pia').token);
    clients.push(pia);
    await pia.synced;
    updateFeature(pia.doc, 'C', { committed: true }, { participantId: member(room, 'Pia').participantId, now: Date.now() });
    await eventually(async () => {
      const ranking = await api(ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Olga').token });
      return (ranking.json as { features: Array<{ id: string; committed: boolean }> }).features.some((f) => f.id === 'C' && f.committed);
    }, { what: 'C committed on the server' });

    const note = async (text: string, featureId?: string) => {
      const answer = await api(ladder.url, `/api/rooms/${room.roomId}/notes`, { token: member(room, 'Pia').token, body: { text, ...(featureId ? { featureId } : {}) } });
      expect(answer.status, answer.text).toBe(201);
      // Notes are ordered by the time the server wrote them: the next one is written once the clock has passed this
      // answer (the server's time of this note is at most this answer's), so it gets a later millisecond.
      const answered = Date.now();
      await eventually(() => Date.now(), { until: (now) => now > answered, what: 'the clock past the note', interval: 1 });
    };
    await note('Committed at PI planning', 'C');
    await note('=Sponsor asked, twice', 'C');
    await note('Thirds of a point', 'A');
    await note('Ranking agreed with LPM');

    const { header, rows } = await exported(room, 'Olga');
    expect(header).toEqual([...CONTRACT_COLUMNS, 'committed', 'inCapacity', 'latestNote']);
    expect(rows.map((r) => [r.id, r.rank, r.costOfDelay, r.wsjf, r.committed, r.inCapacity, r.latestNote])).toEqual([
      ['A', '1', '26', '8.67', 'false', 'true', 'Thirds of a point'],
      ['B', '2', '8', '4', 'false', 'true', ''],
      ['C', '3', '16', '3.2', 'true', 'false', '\'=Sponsor asked, twice'],
      ['D', '', '', '', 'false', 'false', ''],
    ]);
  });

  test('without a capacity there is no cut line: inCapacity is empty on every row', async () => {
    const room = await roomWith(ladder.url, { Pia: 'product' }, 'No capacity');
    const imported = await importCsv(room, 'Pia', 'id,title,userBusinessValue,timeCriticality,riskReduction,jobSize\nA,Scored,8,5,3,2\nB,Unscored,,,,\n');
    expect(imported.json).toMatchObject({ created: 2, rejected: [] });
    const { rows } = await exported(room, 'Pia');
    expect(rows.map((r) => [r.id, r.wsjf, r.committed, r.inCapacity, r.latestNote])).toEqual([['A', '8', 'false', '', ''], ['B', '', 'false', '', '']]);
  });
});

describe('POST /api/rooms/:roomId/import: a Jira export with custom fields', () => {
  const JIRA = [
    'Issue key,Summary,Custom field (Strategic Theme),Custom field (Team),Custom field (Business Value),Custom field (Time Criticality),Custom field (Risk Reduction),Custom field (Job Size)',
    'PI-1,Checkout,Growth,Atlas,8,3,2,5',
    'PI-2,Search,Platform,Borealis,40,5,1,3',
    'PI-3,Reports,Growth,Cygnus,13,8,5,2',
  ].join('\r\n') + '\r\n';

  test('every row is imported; Business Value 40 is left blank and the answer warns with the line, the column and the nearest scale value (20)', async () => {
    const room = await roomWith(ladder.url, { Pia: 'product' }, 'Jira custom fields');
    const answer = await importCsv(room, 'Pia', JIRA);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toEqual({
      created: 3, updated: 0, rejected: [], ignoredColumns: [],
      warnings: [{ line: 3, column: 'userBusinessValue', value: 40, nearest: 20, message: 'Business value 40 is not on the room\'s scale; left blank (nearest: 20)' }],
    });
    // The web client reads the answer through the wire schema.
    expect(importReportSchema.parse(answer.json).warnings).toHaveLength(1);

    const ranking = await api(ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Pia').token });
    const byId = new Map((ranking.json as { features: Array<Record<string, unknown>> }).features.map((f) => [f.id, f]));
    expect(byId.get('PI-1')).toMatchObject({ title: 'Checkout', theme: 'Growth', team: 'Atlas', userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 5 });
    expect(byId.get('PI-2')).toMatchObject({ title: 'Search', theme: 'Platform', team: 'Borealis', userBusinessValue: null, timeCriticality: 5, riskReduction: 1, jobSize: 3, rank: null });
    expect(byId.get('PI-3')).toMatchObject({ theme: 'Growth', team: 'Cygnus', userBusinessValue: 13 });
  });

  test('an answer from a server without warnings still parses (warnings read as none)', () => {
    expect(importReportSchema.parse({ created: 1, updated: 0, rejected: [], ignoredColumns: [] }).warnings).toEqual([]);
  });
});
