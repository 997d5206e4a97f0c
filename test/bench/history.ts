import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { createFeature, readFeature, updateFeature } from '@ladder/board-doc';
import { COMPONENTS, DEFAULT_SCALE } from '@ladder/wsjf';
import { connectClient, createRng, mapPool, sleep, waitFor, type SyncClient } from '../support/clients';
import { createRoom, joinRoom, startLadder, type Participant } from '../support/server';

/** A long PI planning day: a hundred people, 50,000 stored updates in one room (override with LADDER_BENCH_UPDATES). */
const PEOPLE = 100;
const UPDATES = Number(process.env.LADDER_BENCH_UPDATES ?? 50_000);
const FEATURES = 200;
/** People editing at once; each sends one change every PACE_MS, under the per-connection rate limit. */
const AT_ONCE = 10;
const PACE_MS = 8;
const STATE_SAMPLES = 200;
const PAGE = 5000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
const round = (n: number) => Math.round(n * 10) / 10;

function containsClocks(have: Y.Doc, of: Y.Doc): boolean {
  const mine = Y.decodeStateVector(Y.encodeStateVector(have));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(of))) if ((mine.get(client) ?? 0) < clock) return false;
  return true;
}

function dbBytes(dataDir: string): number {
  return readdirSync(dataDir).filter((f) => f.startsWith('ladder.db')).reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
}

/**
 * History at scale, through the real server: time to answer `history/state` at random points, time to load the
 * whole event list and the update timeline as the browser does (fetch and parse every page), and SQLite bytes per update.
 */
export async function benchHistory(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const ladder = await startLadder();
  const clients: SyncClient[] = [];
  try {
    const rng = createRng(2026);
    const room = await createRoom(ladder.url, 'PI planning day');
    const people: Participant[] = await mapPool(Array.from({ length: PEOPLE }, (_, i) => i), 8,
      (i) => joinRoom(ladder.url, room.roomId, room.invites[i % 5 === 0 ? 'facilitator' : 'product'], `Person ${i + 1}`));
    const auth = { authorization: `Bearer ${(people[0] as Participant).token}` };
    const watcher = connectClient(ladder.wsUrl, room.roomId, (people[0] as Participant).token);
    clients.push(watcher);
    await watcher.synced;

    const buildStart = performance.now();
    const stored = async () => {
      const res = await fetch(`${ladder.url}/api/rooms/${room.roomId}/history/timeline`, { headers: auth });
      return ((await res.json()) as { points: unknown[] }).points.length;
    };
    // Changes a client sends while reconnecting reach the server merged into one update, so the room is topped
    // up until it holds UPDATES stored updates.
    let latest = await stored();
    while (latest < UPDATES) {
      const missing = UPDATES - latest;
      const perPerson = Math.ceil(missing / PEOPLE);
      let sent = 0;
      await mapPool(people, AT_ONCE, async (person, index) => {
        if (sent >= missing) return;
        const client = connectClient(ladder.wsUrl, room.roomId, person.token);
        clients.push(client);
        await client.synced;
        const ctx = () => ({ participantId: person.participantId, now: Date.now() });
        for (let i = 0; i < perPerson && sent < missing; i++) {
          const features = client.doc.getMap('features');
          if (features.size === 0 || (features.size < FEATURES && (index === 0 || rng.chance(0.05)))) {
            const id = `F-${features.size + 1}-${index}-${latest + sent}`;
            createFeature(client.doc, { id, title: `Feature ${features.size + 1}`, userBusinessValue: rng.pick(DEFAULT_SCALE), timeCriticality: rng.pick(DEFAULT_SCALE), riskReduction: rng.pick(DEFAULT_SCALE), jobSize: rng.pick(DEFAULT_SCALE) }, ctx());
          } else {
            const id = rng.pick([...features.keys()]);
            const field = rng.pick(COMPONENTS);
            const current = (readFeature(client.doc, id) as Record<string, unknown> | null)?.[field];
            updateFeature(client.doc, id, { [field]: rng.pick(DEFAULT_SCALE.filter((v) => v !== current)) }, ctx());
          }
          sent++;
          await sleep(PACE_MS);
        }
        // Everything this person sent reached the watcher, so the server stored it.
        await waitFor(() => containsClocks(watcher.doc, client.doc), 120_000, () => `${person.participantId}'s changes did not arrive`);
        client.destroy();
        // Forget it: a hundred copies of a large document would otherwise stay in memory.
        clients.splice(clients.indexOf(client), 1);
      });
      latest = await stored();
    }
    const buildSeconds = (performance.now() - buildStart) / 1000;

    const stateTimes: number[] = [];
    for (let i = 0; i < STATE_SAMPLES; i++) {
      const seq = rng.int(1, latest);
      const start = performance.now();
      const res = await fetch(`${ladder.url}/api/rooms/${room.roomId}/history/state?seq=${seq}`, { headers: auth });
      const body = (await res.json()) as { seq: number };
      stateTimes.push(performance.now() - start);
      if (body.seq !== seq) throw new Error(`history/state?seq=${seq} answered seq ${body.seq}`);
    }
    stateTimes.sort((a, b) => a - b);

    const eventsStart = performance.now();
    let events = 0;
    let pages = 0;
    for (let afterSeq = 0, more = true; more; pages++) {
      const res = await fetch(`${ladder.url}/api/rooms/${room.roomId}/history?afterSeq=${afterSeq}&limit=${PAGE}`, { headers: auth });
      const page = (await res.json()) as { events: unknown[]; nextAfterSeq: number; hasMore: boolean };
      events += page.events.length;
      afterSeq = page.nextAfterSeq;
      more = page.hasMore;
    }
    const eventsMs = performance.now() - eventsStart;

    const timelineStart = performance.now();
    const timelineRes = await fetch(`${ladder.url}/api/rooms/${room.roomId}/history/timeline`, { headers: auth });
    const timeline = (await timelineRes.json()) as { points: unknown[] };
    const timelineMs = performance.now() - timelineStart;

    for (const client of clients.splice(0)) client.destroy();
    await ladder.stop();
    const bytes = dbBytes(ladder.dataDir);
    return {
      name: `history: one room, ${latest.toLocaleString('en')} updates by ${PEOPLE} people`,
      rows: [
        { measure: 'building the room through the server', value: round(buildSeconds), unit: 's' },
        { measure: `history/state at random seqs p50 (${STATE_SAMPLES} samples)`, value: round(percentile(stateTimes, 50)), unit: 'ms' },
        { measure: 'history/state p95 (target < 150)', value: round(percentile(stateTimes, 95)), unit: 'ms' },
        { measure: 'history/state max', value: round(stateTimes[stateTimes.length - 1] ?? NaN), unit: 'ms' },
        { measure: `whole event list, fetch + parse (${events.toLocaleString('en')} events, ${pages} pages of ${PAGE})`, value: round(eventsMs), unit: 'ms' },
        { measure: `update timeline, fetch + parse (${timeline.points.length.toLocaleString('en')} points)`, value: round(timelineMs), unit: 'ms' },
        { measure: `SQLite bytes per update (${(bytes / 1024 / 1024).toFixed(1)} MiB in all)`, value: Math.round(bytes / latest), unit: 'B' },
      ],
    };
  } finally {
    for (const client of clients) client.destroy();
    await ladder.stop();
    ladder.cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const result = await benchHistory();
  console.log(result.name);
  console.table(result.rows);
}
