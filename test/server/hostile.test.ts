import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, featuresMap, metaMap } from '@ladder/board-doc';
import { eventually, rawPresenceFrame } from '@ladder/testing';
import { connectClient } from '../support/clients';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { presenceMarker } from '../support/marker';
import { spawnLadder, type LadderProcess } from '../support/server';
import { closedWithin, docFromStep2, openRaw, updateFrame, type RawSocket } from '../support/wire';

// Every attack of a hostile participant at once, against the server in its own process: its memory (RSS) stays
// bounded, /healthz keeps answering from outside while it runs, and the room stays usable. The figures are printed.

/** What the attacks may add to the server's resident memory (they grew it by 750 MB before the limits). */
const RSS_GROWTH_BOUND = 200 * 1024 * 1024;
/** Loose on purpose: the suite shares two cores with other test files. */
const HEALTH_BOUND_MS = 1000;

let server: LadderProcess;
let room: RoomWithPeople;

beforeAll(async () => {
  server = await spawnLadder();
  room = await roomWith(server.url, { Ann: 'facilitator', Bob: 'portfolio', Mal: 'product', Olga: 'observer' }, 'Hostile');
});

afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Samples /healthz every 20 ms until stopped; each sample is the request's time in ms (-1: not 200). */
function sampleHealth(url: string): { stop(): Promise<number[]> } {
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const answer = await fetch(`${url}/healthz`).catch(() => null);
      samples.push(answer?.status === 200 ? performance.now() - started : -1);
      await answer?.text();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

async function raw(name: string): Promise<RawSocket> {
  return openRaw(server.wsUrl, room.roomId, member(room, name).token);
}

/** Sends `frame` on a fresh socket of `name` and waits until the server closes it; the close code. */
async function refusedFrame(name: string, frame: Uint8Array): Promise<number | null> {
  const socket = await raw(name);
  socket.send(frame);
  const close = await closedWithin(socket, 10_000);
  if (!close) await socket.close();
  return close?.code ?? null;
}

function chainUpdate(base: Y.Doc, depth: number): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    let current = new Y.Map<unknown>();
    (featuresMap(doc).get('F-1') as Y.Map<unknown>).set('description', current);
    for (let i = 1; i < depth; i++) {
      const next = new Y.Map<unknown>();
      current.set('x', next);
      current = next;
    }
  });
  return Y.encodeStateAsUpdate(doc, before);
}

describe('a hostile participant, all at once', () => {
  test('presence floods, nested structures, oversized values and maximal imports: memory bounded, /healthz answering, room usable', async () => {
    const ann = connectClient(server.wsUrl, room.roomId, member(room, 'Ann').token);
    await ann.synced;
    createFeature(ann.doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, { participantId: 'ann', now: 1 });
    await eventually(async () => ((await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Bob').token })).json as { features: unknown[] }).features.length === 1, { what: 'the feature stored' });
    const pid = server.child.pid as number;
    const before = rssOf(pid);
    const health = sampleHealth(server.url);
    const codes = new Map<string, (number | null)[]>();
    const note = (what: string, code: number | null) => codes.set(what, [...(codes.get(what) ?? []), code]);

    // Presence: frames of 110,000 client ids (an observer's token is enough), and a 1 MB state sent again and again.
    const ids = Array.from({ length: 110_000 }, (_, i) => ({ clientId: 5_000_000 + i, clock: 1, json: '{}' }));
    for (let i = 0; i < 8; i++) note('110,000 presence ids', await refusedFrame('Olga', rawPresenceFrame(ids)));
    const bigState = rawPresenceFrame([{ clientId: 777, clock: 1, json: JSON.stringify({ blob: 'x'.repeat(1_000_000) }) }]);
    for (let i = 0; i < 20; i++) note('1 MB presence state', await refusedFrame('Olga', bigState));
    // Presence within the per-state limit, as fast as a socket can send: the byte budget drops what is over it.
    const flooders = await Promise.all(Array.from({ length: 10 }, () => raw('Olga')));
    const state = (n: number) => JSON.stringify({ user: { name: 'Flood' }, pad: 'p'.repeat(15_000), n });
    for (let round = 0; round < 50; round++) {
      flooders.forEach((socket, k) => socket.send(rawPresenceFrame([{ clientId: 6_000_000 + k, clock: round + 1, json: state(round) }])));
      await new Promise((resolve) => setImmediate(resolve));
    }

    // The document: a chain of 3,500 nested maps, 15,000 entries in one update, a 900 KB field.
    const writer = await raw('Mal');
    const base = docFromStep2((await writer.probe()) ?? new Uint8Array([0, 0]));
    await writer.close();
    for (let i = 0; i < 10; i++) note('nested chain', await refusedFrame('Mal', updateFrame(chainUpdate(base, 3500))));
    const wide = new Y.Doc();
    Y.applyUpdate(wide, Y.encodeStateAsUpdate(base));
    const sv = Y.encodeStateVector(wide);
    wide.transact(() => { for (let i = 0; i < 15_000; i++) metaMap(wide).set(`k${i}`, i); });
    const wideUpdate = Y.encodeStateAsUpdate(wide, sv);
    for (let i = 0; i < 5; i++) note('15,000 entries', await refusedFrame('Mal', updateFrame(wideUpdate)));
    const fat = new Y.Doc();
    Y.applyUpdate(fat, Y.encodeStateAsUpdate(base));
    const fatSv = Y.encodeStateVector(fat);
    fat.transact(() => metaMap(fat).set('padding', 'x'.repeat(900_000)));
    const fatUpdate = Y.encodeStateAsUpdate(fat, fatSv);
    for (let i = 0; i < 20; i++) note('900 KB value', await refusedFrame('Mal', updateFrame(fatUpdate)));

    // Imports: too many rows, then the largest allowed.
    const rows = (n: number) => ['Summary,Description,Job Size', ...Array.from({ length: n }, (_, i) => `Imported ${i},"${'d'.repeat(900)}",5`)].join('\n');
    const importAs = (body: string) => api(server.url, `/api/rooms/${room.roomId}/import`, { token: member(room, 'Mal').token, body, contentType: 'text/csv' });
    expect((await importAs(rows(5001))).status).toBe(413);
    const imported = await importAs(rows(5000));
    expect(imported.status).toBe(200);

    for (const socket of flooders) await socket.close();
    const samples = await health.stop();
    const after = rssOf(pid);
    const worst = Math.max(...samples);
    console.log(`hostile: RSS ${(before / 2 ** 20).toFixed(0)} → ${(after / 2 ** 20).toFixed(0)} MiB; /healthz ${samples.length} samples, worst ${worst.toFixed(1)} ms; closes ${JSON.stringify(Object.fromEntries(codes))}`);

    expect(codes.get('110,000 presence ids')?.every((c) => c === 4400)).toBe(true);
    expect(codes.get('1 MB presence state')?.every((c) => c === 4400 || c === 4413)).toBe(true);
    expect(codes.get('nested chain')?.every((c) => c === 4422)).toBe(true);
    expect(codes.get('15,000 entries')?.every((c) => c === 4422)).toBe(true);
    expect(codes.get('900 KB value')?.every((c) => c === 4422)).toBe(true);
    expect(samples.filter((ms) => ms < 0), 'every /healthz answered 200').toEqual([]);
    expect(worst).toBeLessThan(HEALTH_BOUND_MS);
    expect(after - before).toBeLessThan(RSS_GROWTH_BOUND);

    // The room is usable: presence and edits flow between two honest clients, and the ranking answers.
    const bob = connectClient(server.wsUrl, room.roomId, member(room, 'Bob').token);
    await bob.synced;
    expect(bob.provider.awareness.getStates().size).toBeLessThan(20);
    await presenceMarker(ann, [bob], 'Ann after the attacks');
    (featuresMap(ann.doc).get('F-1') as Y.Map<unknown>).set('title', 'Checkout, after the attacks');
    await eventually(() => (featuresMap(bob.doc).get('F-1') as Y.Map<unknown> | undefined)?.get('title') === 'Checkout, after the attacks', { what: 'an honest edit after the attacks' });
    ann.destroy();
    bob.destroy();
  }, 120_000);
});
