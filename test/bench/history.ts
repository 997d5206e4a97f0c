import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { rankingOf } from '@ladder/board-doc';
import { mapPool } from '../support/clients';
import { createRoom, joinRoom, repoRoot, spawnLadder, TEST_SECRET, type LadderProcess, type Participant } from '../support/server';
import { plannedDay } from './history-session';
import type { Table } from './report';
import { fig, percentile } from './stats';
import { confine, type Confinement } from './confine';
import { cpuSeconds } from './sync/proc';
import { serverCpus } from './sync/targets';
import { createRng } from '@ladder/testing';

/** A long PI planning day: a hundred people, 50,000 stored updates in one room (override with LADDER_BENCH_UPDATES). */
const PEOPLE = 100;
const UPDATES = Number(process.env.LADDER_BENCH_UPDATES ?? 50_000);
const FEATURES = 200;
const STATE_SAMPLES = 200;
/** Requests right after the server started, before its state index covers the room. */
const COLD_SAMPLES = 20;
const DOC_SAMPLES = 50;
/** Successive seqs asked for while the replay plays. */
const PLAY_STEPS = 100;
/** The server's snapshot interval (LADDER_SNAPSHOT_EVERY default). */
const SNAPSHOT_EVERY = 500;
/** The page size the browser's history panel asks for (apps/web/src/history/api.ts). */
const PAGE = 5000;
const DAY_START = Date.UTC(2026, 2, 10, 8, 0, 0);
const DAY_MS = 9 * 3600_000;

const ingestScript = join(repoRoot, 'apps', 'server', 'src', 'history', 'ingest-cli.ts');

/** The bytes the snapshot rows hold as stored (compressed), read from the server's SQLite file with its own driver. */
function storedSnapshotBytes(dataDir: string): number {
  type Db = { prepare(sql: string): { get(): { bytes: number | null } }; close(): void };
  const Database = createRequire(join(repoRoot, 'apps', 'server', 'package.json'))('better-sqlite3') as new (file: string, options: { readonly: boolean }) => Db;
  const db = new Database(join(dataDir, 'ladder.db'), { readonly: true });
  try {
    return db.prepare('SELECT SUM(length(state)) AS bytes FROM snapshots').get().bytes ?? 0;
  } finally {
    db.close();
  }
}

function dbBytes(dataDir: string): number {
  return readdirSync(dataDir).filter((f) => f.startsWith('ladder.db')).reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
}

/** Runs the server's ingest (its own commit path, no sockets) on `dataDir` while no server uses it. */
function ingest(dataDir: string, roomId: string, file: string): Promise<{ stored: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ingestScript, roomId, file], {
      cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir, LADDER_SECRET: TEST_SECRET, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1) as string) as { stored: number; seconds: number });
      else reject(new Error(`ingesting the updates exited with ${code}: ${err}`));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until the process has used under 2 % of a core for a second (at most `limitMs`); resolves to the ms waited. */
async function untilIdle(pid: number, limitMs: number): Promise<number> {
  const start = performance.now();
  let before = cpuSeconds(pid);
  while (performance.now() - start < limitMs) {
    await sleep(1000);
    const now = cpuSeconds(pid);
    if (now - before < 0.02) return performance.now() - start - 1000;
    before = now;
  }
  throw new Error(`the server was still busy after ${limitMs} ms`);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Every page of the event list, fetched and parsed as the history panel does. */
async function loadEvents(url: string, roomId: string, headers: Record<string, string>): Promise<{ events: number; pages: number }> {
  let events = 0;
  let pages = 0;
  for (let afterSeq = 0, more = true; more; pages++) {
    const res = await fetch(`${url}/api/rooms/${roomId}/history?afterSeq=${afterSeq}&limit=${PAGE}`, { headers });
    const page = (await res.json()) as { events: unknown[]; nextAfterSeq: number; hasMore: boolean };
    events += page.events.length;
    afterSeq = page.nextAfterSeq;
    more = page.hasMore;
  }
  return { events, pages };
}

async function loadTimeline(url: string, roomId: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${url}/api/rooms/${roomId}/history/timeline`, { headers });
  return ((await res.json()) as { points: unknown[] }).points.length;
}

/**
 * History at scale. The room is built in-process: the real server creates the room and a hundred people join over
 * HTTP; their day of edits is generated as the clients' Yjs updates and stored through the server's own commit path
 * (`apps/server/src/history/ingest.ts`: room queue, store, apply, history events, a snapshot every 500), without
 * sockets. Then a real Ladder server on that data directory answers every measured HTTP call.
 */
export async function benchHistory(): Promise<Table> {
  const rng = createRng(2026);
  const workDir = mkdtempSync(join(tmpdir(), 'ladder-bench-history-'));
  let ladder: LadderProcess | null = null;
  let dataDir: string | null = null;
  let allowance: Confinement | null = null;
  try {
    // The room and its people, through the real server.
    const setup = await spawnLadder();
    ladder = setup;
    dataDir = setup.dataDir;
    const room = await createRoom(setup.url, 'PI planning day');
    const people: Participant[] = await mapPool(Array.from({ length: PEOPLE }, (_, i) => i), 8,
      (i) => joinRoom(setup.url, room.roomId, room.invites[i % 5 === 0 ? 'facilitator' : 'product'], `Person ${i + 1}`));
    const headers = { authorization: `Bearer ${(people[0] as Participant).token}` };
    const first = await fetch(`${setup.url}/api/rooms/${room.roomId}/history/doc?seq=1`, { headers });
    if (first.status !== 200) throw new Error(`history/doc?seq=1 answered ${first.status}`);
    const initial = new Uint8Array(await first.arrayBuffer());
    const before = await loadTimeline(setup.url, room.roomId, headers);
    await setup.stop();
    ladder = null;

    // The clients' updates of the day.
    const generated = await timed(async () => {
      let expected = '';
      const lines: string[] = [];
      let bytes = 0;
      // The document's size at each seq where the server takes a snapshot: what its snapshots hold.
      let snapshotBytes = 0;
      let lastSnapshot = 0;
      for (const { participantId, update, doc } of plannedDay({
        initial, people: people.map((p) => p.participantId), updates: UPDATES - before, features: FEATURES, rng,
        start: DAY_START, stepMs: DAY_MS / UPDATES, done: (doc) => { expected = JSON.stringify(rankingOf(doc)); },
      })) {
        bytes += update.byteLength;
        lines.push(JSON.stringify({ participantId, update: Buffer.from(update).toString('base64') }));
        if ((before + lines.length) % SNAPSHOT_EVERY === 0) {
          lastSnapshot = Y.encodeStateAsUpdate(doc).byteLength;
          snapshotBytes += lastSnapshot;
        }
      }
      const file = join(workDir, 'updates.jsonl');
      writeFileSync(file, lines.join('\n') + '\n');
      return { file, count: lines.length, bytes, expected, snapshotBytes, lastSnapshot };
    });
    const day = generated.value;

    // Stored through the server's commit path, then served by a real server.
    const stored = await ingest(dataDir, room.roomId, day.file);
    if (stored.stored !== day.count) throw new Error(`the server stored ${stored.stored} of ${day.count} updates`);
    ladder = await spawnLadder({ dataDir });
    // The server that answers every measured call runs in its own CPU allowance, as the servers of the other parts.
    allowance = confine(ladder.child.pid as number, { cpus: serverCpus(), name: 'history' });
    const { url } = ladder;
    const latest = await loadTimeline(url, room.roomId, headers);
    if (latest !== before + day.count) throw new Error(`the room holds ${latest} updates, expected ${before + day.count}`);
    const firstStateAt = performance.now();
    const last = (await (await fetch(`${url}/api/rooms/${room.roomId}/history/state?seq=${latest}`, { headers })).json()) as { features: unknown };
    const firstAnswerMs = performance.now() - firstStateAt;
    if (JSON.stringify(last.features) !== day.expected) throw new Error('history/state at the last update differs from the ranking the clients saw');

    const load = loadavg()[0] as number;
    const stateAt = async (seq: number) => {
      const { ms, value } = await timed(async () => (await (await fetch(`${url}/api/rooms/${room.roomId}/history/state?seq=${seq}`, { headers })).json()) as { seq: number; features: unknown });
      if (value.seq !== seq) throw new Error(`history/state?seq=${seq} answered seq ${value.seq}`);
      return { ms, features: JSON.stringify(value.features) };
    };
    // Right after the start: from the index stored as the room was written, or the nearest snapshot + the updates after it.
    const cold = new Map<number, string>();
    const coldTimes: number[] = [];
    for (let i = 0; i < COLD_SAMPLES; i++) {
      const seq = rng.int(1, latest);
      const answer = await stateAt(seq);
      cold.set(seq, answer.features);
      coldTimes.push(answer.ms);
    }
    coldTimes.sort((a, b) => a - b);
    const pid = ladder.child.pid as number;
    await untilIdle(pid, 300_000);
    // From the first history/state until the server went idle (less the idle second that showed it).
    const busyMs = performance.now() - 1000 - firstStateAt;

    const stateTimes: number[] = [];
    for (let i = 0; i < STATE_SAMPLES; i++) {
      const seq = rng.int(1, latest);
      stateTimes.push((await stateAt(seq)).ms);
    }
    stateTimes.sort((a, b) => a - b);
    // The indexed answers equal the replayed ones, and the last one what the clients' document ranks.
    for (const [seq, features] of cold) if ((await stateAt(seq)).features !== features) throw new Error(`history/state?seq=${seq} differs between replay and index`);
    if ((await stateAt(latest)).features !== day.expected) throw new Error('history/state at the last update (indexed) differs from the ranking the clients saw');

    const docTimes: number[] = [];
    for (let i = 0; i < DOC_SAMPLES; i++) {
      const seq = rng.int(1, latest);
      const { ms } = await timed(async () => (await fetch(`${url}/api/rooms/${room.roomId}/history/doc?seq=${seq}`, { headers })).arrayBuffer());
      docTimes.push(ms);
    }
    docTimes.sort((a, b) => a - b);

    // Playing: the replay asks for one seq after the other.
    const playTimes: number[] = [];
    const playFrom = rng.int(1, Math.max(1, latest - PLAY_STEPS));
    for (let seq = playFrom; seq < playFrom + PLAY_STEPS && seq <= latest; seq++) {
      const { ms } = await timed(async () => (await fetch(`${url}/api/rooms/${room.roomId}/history/doc?seq=${seq}`, { headers })).arrayBuffer());
      playTimes.push(ms);
    }
    playTimes.sort((a, b) => a - b);

    const events = await timed(() => loadEvents(url, room.roomId, headers));
    const timeline = await timed(() => loadTimeline(url, room.roomId, headers));
    // The panel opens with both at once.
    const panel = await timed(() => Promise.all([loadEvents(url, room.roomId, headers), loadTimeline(url, room.roomId, headers)]));

    await ladder.stop();
    const bytes = dbBytes(dataDir);
    const snapshotsStored = storedSnapshotBytes(dataDir);
    const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
    return {
      name: `history: one room, ${latest.toLocaleString('en')} updates by ${PEOPLE} people on ~${FEATURES} features`,
      rows: [
        { measure: `clients' updates generated (estimates, titles, card drags; ${Math.round(day.bytes / day.count)} B each on average)`, value: fig(generated.ms / 1000), unit: 's' },
        { measure: 'stored through the server\'s commit path in-process (store, apply, history events, snapshot every 500; no sockets)', value: fig(stored.seconds), unit: 's' },
        { measure: 'history/state first answer after the start (the latest seq, as the history panel opens)', value: fig(firstAnswerMs), unit: 'ms' },
        { measure: `history/state right after the start, p50 (${COLD_SAMPLES} samples, before this server built any index)`, value: fig(percentile(coldTimes, 50)), unit: 'ms' },
        { measure: 'history/state right after the start, max', value: fig(coldTimes.at(-1) ?? NaN), unit: 'ms' },
        { measure: 'from the first history/state until the room is indexed (background build)', value: fig(busyMs / 1000), unit: 's' },
        { measure: `history/state at random seqs p50 (${STATE_SAMPLES} samples, indexed)`, value: fig(percentile(stateTimes, 50)), unit: 'ms' },
        { measure: 'history/state p95 (target < 150)', value: fig(percentile(stateTimes, 95)), unit: 'ms' },
        { measure: 'history/state max', value: fig(stateTimes.at(-1) ?? NaN), unit: 'ms' },
        { measure: `history/doc (replay scrubber) at random seqs p50 (${DOC_SAMPLES} samples)`, value: fig(percentile(docTimes, 50)), unit: 'ms' },
        { measure: 'history/doc p95', value: fig(percentile(docTimes, 95)), unit: 'ms' },
        { measure: `history/doc while playing (${playTimes.length} successive seqs) p50`, value: fig(percentile(playTimes, 50)), unit: 'ms' },
        { measure: 'history/doc while playing p95', value: fig(percentile(playTimes, 95)), unit: 'ms' },
        { measure: `whole event list, fetch + parse (${events.value.events.toLocaleString('en')} events, ${events.value.pages} pages of ${PAGE})`, value: fig(events.ms), unit: 'ms' },
        { measure: `update timeline, fetch + parse (${timeline.value.toLocaleString('en')} points)`, value: fig(timeline.ms), unit: 'ms' },
        { measure: 'history panel opening: both at once, as the browser loads them', value: fig(panel.ms), unit: 'ms' },
        { measure: `SQLite bytes per update (${mib(bytes)} MiB in all: updates, history events, snapshots, indexes)`, value: Math.round(bytes / latest), unit: 'B' },
        { measure: `of which snapshots, per update (document every ${SNAPSHOT_EVERY} updates, ${Math.round(day.lastSnapshot / 1024)} KiB at the end)`, value: Math.round(day.snapshotBytes / latest), unit: 'B' },
        { measure: `of which snapshots as stored (compressed), per update (${mib(snapshotsStored)} MiB)`, value: Math.round(snapshotsStored / latest), unit: 'B' },
        { measure: 'load average (1 min) of the machine when the measurements began', value: fig(load), unit: '' },
        { measure: 'the answering server was confined', value: allowance.label, unit: '' },
      ],
    };
  } finally {
    await ladder?.stop();
    allowance?.release();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const result = await benchHistory();
  console.log(result.name);
  console.table(result.rows);
}
