import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { readRound, roundsMap } from '@ladder/board-doc';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, type ApiAnswer, type RoomWithPeople } from '../support/http';
import { joinRoom, type Role } from '../support/server';
import { docFromStep2, openRaw, readSyncFrame, type RawSocket } from '../support/wire';
import { expectStatus, roundIdOf, roundsApi } from './support';
import { useLadder } from '../support/use-ladder';
import { eventually } from '@ladder/testing';

// Two sentinel values on the room's scale whose encodings (float64, either byte order, or as decimal text) cannot
// appear by chance in a frame or an answer.
const SENTINEL_A = 1234.5678;
const SENTINEL_B = 9876.54321;
const SCALE = [1, 2, 3, 5, 8, 13, 20, SENTINEL_A, SENTINEL_B];

function encodings(value: number): Buffer[] {
  const be = Buffer.alloc(8);
  be.writeDoubleBE(value);
  const le = Buffer.alloc(8);
  le.writeDoubleLE(value);
  return [be, le, Buffer.from(String(value))];
}

function containsSentinel(bytes: Uint8Array | string, value: number): boolean {
  const haystack = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
  return encodings(value).some((needle) => haystack.includes(needle));
}

/**
 * Whether a frame the server sent carries the value. A sync step 2 carries the whole document, whose scale lists the
 * sentinels: there everything but the scale is searched.
 */
function frameCarries(frame: Uint8Array, value: number): boolean {
  let step2: Uint8Array | null = null;
  try {
    const sync = readSyncFrame(frame);
    if (sync?.sub === 1) step2 = sync.payload;
  } catch {
    // not a sync frame: searched as bytes
  }
  if (!step2) return containsSentinel(frame, value);
  const doc = docFromStep2(step2);
  const text = JSON.stringify({ features: doc.getMap('features').toJSON(), rounds: roundsMap(doc).toJSON(), meta: { ...doc.getMap('meta').toJSON(), scale: null } });
  doc.destroy();
  return containsSentinel(text, value);
}

const server = useLadder();

interface Run {
  observerFrames: Uint8Array[];
  voterFrames: Uint8Array[];
  answers: ApiAnswer[];
  /** The observer's document before the reveal, ids and times replaced by stable labels. */
  normalizedBefore: string;
  /** How many frames each socket had when the room's state had reached it (before the round began). */
  joined: { observer: number; voter: number };
  observerDoc: Y.Doc;
  cleanup: () => Promise<void>;
  reveal: () => Promise<ApiAnswer>;
}

/** Sorted-key JSON of the whole document with every id and time replaced, so two rooms compare by content. */
function normalized(doc: Y.Doc, ids: Map<string, string>): string {
  const label = (s: string) => ids.get(s) ?? s;
  const walk = (value: unknown, key = ''): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((k) => [label(k), walk((value as Record<string, unknown>)[k], k)]));
    }
    if (typeof value === 'number' && /At$|^deadline$/.test(key)) return 'time';
    return typeof value === 'string' ? label(value) : value;
  };
  return JSON.stringify(walk({ features: doc.getMap('features').toJSON(), meta: doc.getMap('meta').toJSON(), rounds: roundsMap(doc).toJSON() }));
}

/** A room where Pia (product) and Polly (portfolio) vote the given values while an observer and Pia record every frame. */
async function runRound(pia: Record<string, number>, polly: Record<string, number>): Promise<Run> {
  const created = await api(server.url, '/api/rooms', { body: { title: 'Secrecy', scale: SCALE } });
  const { roomId, links } = created.json as { roomId: string; links: Record<Role, string> };
  const invite = (role: Role) => new URL(links[role]).searchParams.get('invite') ?? '';
  const people: RoomWithPeople['people'] = {};
  for (const [name, role] of [['Fay', 'facilitator'], ['Pia', 'product'], ['Polly', 'portfolio'], ['Otto', 'observer']] as const) {
    people[name] = { ...(await joinRoom(server.url, roomId, invite(role), name)), name };
  }
  const room: RoomWithPeople = { roomId, links, invites: { facilitator: invite('facilitator'), product: '', portfolio: '', observer: '' }, people };
  const fay = member(room, 'Fay').token;
  expectStatus(await api(server.url, `/api/rooms/${roomId}/import`, { token: fay, body: 'title\nCheckout\n', contentType: 'text/csv' }), 200);
  const featureId = ((await api(server.url, `/api/rooms/${roomId}/ranking`, { token: fay })).json as { features: { id: string }[] }).features[0]?.id ?? '';

  const observer: RawSocket = await openRaw(server.wsUrl, roomId, member(room, 'Otto').token);
  const voter: RawSocket = await openRaw(server.wsUrl, roomId, member(room, 'Pia').token);
  // The room's state as of joining (its scale holds the sentinels): everything after it is what the round sent.
  await observer.probe();
  await voter.probe();
  const joined = { observer: observer.frames.length, voter: voter.frames.length };
  const observerClient: SyncClient = connectClient(server.wsUrl, roomId, member(room, 'Otto').token);
  await observerClient.synced;

  const r = roundsApi(server.url, room);
  const answers: ApiAnswer[] = [];
  const keep = (a: ApiAnswer) => { answers.push(a); return a; };
  const roundId = roundIdOf(keep(await r.open('Fay', { featureId, components: ['userBusinessValue', 'jobSize'] })));
  expectStatus(keep(await r.vote('Pia', roundId, pia)), 204);
  expectStatus(keep(await r.vote('Polly', roundId, polly)), 204);
  for (const name of ['Fay', 'Pia', 'Polly', 'Otto']) keep(await r.state(name, roundId));
  for (const name of ['Fay', 'Otto']) keep(await r.myVote(name, roundId));
  keep(await api(server.url, `/api/rooms/${roomId}/rounds`, { token: member(room, 'Otto').token }));
  keep(await api(server.url, `/api/rooms/${roomId}/history`, { token: member(room, 'Otto').token }));
  keep(await api(server.url, `/api/rooms/${roomId}/export.csv`, { token: member(room, 'Otto').token }));
  await eventually(() => readRound(observerClient.doc, roundId)?.counts.voted === 2, { timeout: 10_000, what: () => 'the observer never saw both voters' });

  const ids = new Map<string, string>([[roomId, 'room'], [featureId, 'feature'], [roundId, 'round']]);
  for (const [name, p] of Object.entries(people)) ids.set(p.participantId, `participant:${name}`);
  return {
    observerFrames: observer.frames,
    voterFrames: voter.frames,
    answers,
    normalizedBefore: normalized(observerClient.doc, ids),
    joined,
    observerDoc: observerClient.doc,
    reveal: () => r.reveal('Fay', roundId),
    cleanup: async () => {
      observerClient.destroy();
      await observer.close();
      await voter.close();
    },
  };
}

describe('secrecy of votes before the reveal', () => {
  test('no frame to an observer or a voter and no API answer carries a vote value before the reveal; after it they do', async () => {
    const run = await runRound({ userBusinessValue: SENTINEL_A, jobSize: 3 }, { userBusinessValue: SENTINEL_B, jobSize: 5 });
    try {
      const before = { observer: run.observerFrames.slice(run.joined.observer), voter: run.voterFrames.slice(run.joined.voter) };
      expect(before.observer.length).toBeGreaterThan(0);
      expect(before.voter.length).toBeGreaterThan(0);
      for (const frame of [...before.observer, ...before.voter]) {
        expect(frameCarries(frame, SENTINEL_A)).toBe(false);
        expect(frameCarries(frame, SENTINEL_B)).toBe(false);
      }
      for (const answer of run.answers) {
        expect(containsSentinel(answer.text, SENTINEL_A), answer.text).toBe(false);
        expect(containsSentinel(answer.text, SENTINEL_B), answer.text).toBe(false);
      }
      // The same check finds the values once they are public: it can fail.
      const revealed = expectStatus(await run.reveal(), 200);
      expect(containsSentinel(revealed.text, SENTINEL_A) && containsSentinel(revealed.text, SENTINEL_B)).toBe(true);
      const seen = { observer: run.joined.observer + before.observer.length, voter: run.joined.voter + before.voter.length };
      await eventually(() => run.observerFrames.slice(seen.observer).some((f) => frameCarries(f, SENTINEL_A))
        && run.voterFrames.slice(seen.voter).some((f) => frameCarries(f, SENTINEL_B)), { timeout: 10_000, what: () => 'the reveal never reached the sockets' });
    } finally {
      await run.cleanup();
    }
  });

  test('two rounds with different votes look identical to an observer before the reveal, apart from ids and times', async () => {
    const one = await runRound({ userBusinessValue: SENTINEL_A, jobSize: 1 }, { userBusinessValue: 2, jobSize: 20 });
    const two = await runRound({ userBusinessValue: 3, jobSize: 13 }, { userBusinessValue: SENTINEL_B, jobSize: 2 });
    try {
      expect(one.normalizedBefore).toBe(two.normalizedBefore);
      expect(one.normalizedBefore).toContain('"counts"');
      // And they differ once revealed: the comparison sees vote values when there are any.
      expectStatus(await one.reveal(), 200);
      expectStatus(await two.reveal(), 200);
      await eventually(() => roundsMap(one.observerDoc).toJSON() && JSON.stringify(roundsMap(one.observerDoc).toJSON()).includes('"revealed"')
        && JSON.stringify(roundsMap(two.observerDoc).toJSON()).includes('"revealed"'), { timeout: 10_000 });
      expect(JSON.stringify(roundsMap(one.observerDoc).toJSON())).not.toBe(JSON.stringify(roundsMap(two.observerDoc).toJSON()));
    } finally {
      await one.cleanup();
      await two.cleanup();
    }
  });

});
