import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { featuresMap, rankingOf } from '@ladder/board-doc';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { startLadder, type LadderServer } from '../support/server';
import { runSession, type Session } from './session';
import { createRng, testSeed } from '@ladder/testing';

interface Event { seq: number; at: number; participantId: string; name: string; kind: string; featureId: string; field: string | null; from: unknown; to: unknown }
interface Page { events: Event[]; nextAfterSeq: number; hasMore: boolean }

const NAMES = ['Ada', 'Ben', 'Cleo', 'Dev'];
const seed = testSeed(26_1);
let server: LadderServer;
let room: RoomWithPeople;
let session: Session;

beforeAll(async () => {
  // Every 7th update is snapshotted, so replays start from snapshots as well as from the beginning.
  server = await startLadder({ env: { LADDER_SNAPSHOT_EVERY: '7' } });
  room = await roomWith(server.url, { Ada: 'facilitator', Ben: 'product', Cleo: 'portfolio', Dev: 'product' });
  session = await runSession(server.url, server.wsUrl, room, NAMES, createRng(seed), 40);
});

afterAll(async () => {
  for (const client of session?.clients.values() ?? []) client.destroy();
  await server?.stop();
  server?.cleanup();
});

const token = () => member(room, 'Cleo').token;
const get = (path: string) => api(server.url, `/api/rooms/${room.roomId}${path}`, { token: token() });
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe(`history replay (seed ${seed})`, () => {
  test('history/state at every recorded seq gives the features and ranking each client saw', async () => {
    expect(session.seen.length).toBe(40 * NAMES.length);
    for (const seen of session.seen) {
      const answer = await get(`/history/state?seq=${seen.seq}`);
      expect(answer.status).toBe(200);
      const state = answer.json as { seq: number; features: unknown[] };
      expect(state.seq).toBe(seen.seq);
      expect(state.features, `${seen.client} at seq ${seen.seq}`).toEqual(plain(seen.ranking));
    }
  });

  test('history/doc at a recorded seq is the whole document then, as a Yjs update', async () => {
    for (const seen of session.seen.filter((_, i) => i % NAMES.length === 0)) {
      const res = await fetch(`${server.url}/api/rooms/${room.roomId}/history/doc?seq=${seen.seq}`, { headers: { authorization: `Bearer ${token()}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      const doc = new Y.Doc();
      Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()));
      expect(featuresMap(doc).toJSON()).toEqual(seen.features);
      expect(plain(rankingOf(doc))).toEqual(plain(seen.ranking));
      doc.destroy();
    }
    expect((await get('/history/doc?seq=abc')).status).toBe(400);
    expect((await get('/history/doc?seq=999999')).status).toBe(400);
  });

  test('asked in random order, back and forth (kept replay documents, indexed states), every seq still gives what clients saw', async () => {
    const rng = createRng(seed + 1);
    const order = session.seen.filter((_, i) => i % NAMES.length === 0);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j] as (typeof order)[number], order[i] as (typeof order)[number]];
    }
    for (const seen of order) {
      const state = (await get(`/history/state?seq=${seen.seq}`)).json as { seq: number; features: unknown[] };
      expect(state.features, `state at seq ${seen.seq}`).toEqual(plain(seen.ranking));
      const res = await fetch(`${server.url}/api/rooms/${room.roomId}/history/doc?seq=${seen.seq}`, { headers: { authorization: `Bearer ${token()}` } });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()));
      expect(featuresMap(doc).toJSON(), `doc at seq ${seen.seq}`).toEqual(seen.features);
      doc.destroy();
    }
  });

  test('the timeline lists every update with its author, and recorded seqs are on it', async () => {
    const answer = await get('/history/timeline');
    expect(answer.status).toBe(200);
    const points = (answer.json as { points: { seq: number; at: number; participantId: string | null; name: string }[] }).points;
    expect(points.map((p) => p.seq)).toEqual(points.map((_, i) => i + 1));
    for (const seen of session.seen) expect(points[seen.seq - 1]?.seq).toBe(seen.seq);
    const authors = new Set(points.filter((p) => p.participantId !== null).map((p) => p.name));
    for (const name of authors) expect(NAMES).toContain(name);
    expect(points[0]?.participantId).toBeNull();
    const tail = (await get('/history/timeline?afterSeq=10')).json as { points: unknown[] };
    expect(tail.points).toEqual(points.slice(10));
    expect((await get('/history/timeline?afterSeq=-1')).status).toBe(400);
  });

  test('paging walks the whole history without gaps or repeats, never splitting an update', async () => {
    const all = (await get('/history')).json as Page;
    expect(all.hasMore).toBe(false);
    expect(all.events.length).toBeGreaterThanOrEqual(40);
    for (const limit of [1, 3, 10]) {
      const collected: Event[] = [];
      let afterSeq = 0;
      for (let pages = 0; ; pages++) {
        expect(pages).toBeLessThan(1000);
        const page = (await get(`/history?afterSeq=${afterSeq}&limit=${limit}`)).json as Page;
        collected.push(...page.events);
        if (page.events.length > 0) expect(page.nextAfterSeq).toBe(page.events.at(-1)?.seq);
        if (!page.hasMore) break;
        const next = (await get(`/history?afterSeq=${page.nextAfterSeq}&limit=1`)).json as Page;
        expect(next.events[0]?.seq).toBeGreaterThan(page.nextAfterSeq);
        afterSeq = page.nextAfterSeq;
      }
      expect(collected).toEqual(all.events);
    }
    const said = new Map<string, string>();
    for (const bad of ['limit=0', 'limit=-1', 'limit=2.5', 'afterSeq=x']) {
      const answer = await get(`/history?${bad}`);
      expect(answer.status, bad).toBe(400);
      expect((answer.json as { error: string }).error).toBe('invalid_value');
      said.set(bad, (answer.json as { message: string }).message);
    }
    // Every bad limit gets the same rule.
    for (const bad of ['limit=0', 'limit=-1', 'limit=2.5']) expect(said.get(bad), bad).toBe('Invalid query: limit must be a whole number, 1 or more.');
  });

  test('exports the history as CSV and as JSON lines, one event per row or line', async () => {
    const { events } = (await get('/history')).json as Page;
    const jsonl = await get('/history.jsonl');
    expect(jsonl.status).toBe(200);
    expect(jsonl.contentType).toMatch(/^application\/x-ndjson/);
    const lines = jsonl.text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(events);

    const csv = await get('/history.csv');
    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/csv/);
    const rows = csv.text.split('\r\n');
    expect(rows.pop()).toBe('');
    expect(rows[0]).toBe('seq,at,time,participantId,name,kind,featureId,field,from,to,roundId');
    expect(rows.length).toBe(events.length + 1);
    const changed = events.findIndex((e) => e.kind === 'changed');
    const event = events[changed] as Event;
    expect(rows[changed + 1]).toBe([event.seq, event.at, new Date(event.at).toISOString(), event.participantId, event.name, 'changed',
      event.featureId, event.field, JSON.stringify(event.from) ?? '', JSON.stringify(event.to) ?? '', ''].join(','));
    const created = events.findIndex((e) => e.kind === 'created');
    expect(rows[created + 1]).toContain(`""id"":""${(events[created] as Event).featureId}""`);

    const outsider = await api(server.url, `/api/rooms/${room.roomId}/history.csv`);
    expect(outsider.status).toBe(401);
  });
});
