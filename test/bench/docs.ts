import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/server';
import type { BenchArgs } from './args';
import { markdownTable, type Machine, type Table } from './report';

export interface RunResult {
  startedAt: string;
  finishedAt: string;
  command: string;
  args: BenchArgs;
  machine: Machine;
  notes: string[];
  tables: Table[];
}

const METHOD = [
  'How the sync figures are measured:',
  '',
  '- One room per server and N. A seeding client writes 50 features with `createFeature` (board-doc) into the room\'s',
  '  document; then N stock clients join (`y-websocket` 3 `WebsocketProvider` with `ws`; Hocuspocus\' own',
  '  `HocuspocusProvider`), without presence (the local awareness state is cleared), so only document updates travel.',
  '- Random clients edit a random estimate with `updateFeature`, stamping `updatedAt` with the send time. Latency is the',
  '  time until each other client observes that edit, or a later edit of the same feature (Ladder merges a 20 ms tick of',
  '  updates into one message). "delivered" = observations / (edits × (N − 1)).',
  '- Server CPU: utime + stime of the server process (`/proc/<pid>/stat`) over the measured window; peak RSS: VmHWM;',
  '  RSS/client: (VmRSS with N clients − VmRSS with the room loaded and only the seeding client) / N; bytes/edit: payload',
  '  bytes received by all client sockets during the window / edits.',
  '- Ladder runs from source (`node --import tsx apps/server/src/main.ts`), SQLite in a temp dir, durable log and',
  '  history on. The y-websocket reference server (`y-websocket@2.1.0` `bin/server.cjs`) and Hocuspocus (no',
  '  extensions) keep documents in memory only. The floor is `test/bench/servers/relay.ts`: it forwards every frame to',
  '  the room\'s other sockets and answers sync step 1 with an empty step 2, so on the floor "synced" means connected;',
  '  its clients start with the seeded features, and a joining client receives no document (see "features received").',
  '- Join: writers create the features, then write the history as estimate edits (Ladder allows 200 messages a second',
  '  per connection, so the writers are paced); once every writer holds the same state, new clients join one at a time',
  '  and the time to synced with every feature present is taken.',
  '- Capacity (Ladder only): the same room setup at a fixed N; the edit rate steps up until p99 exceeds 100 ms or',
  '  updates go missing (a failing step is tried once more before it counts); the title names the last rate that held,',
  '  or says that even the lowest step failed, with its figures.',
  '- Load processes: the N clients of a room are split over several child processes (`--workers K`, default one per',
  '  core beyond the server\'s and at least two; the "load" column says how each row ran). The bench process keeps the',
  '  seeding client and the edit schedule and hands each edit to the process holding its sender. Every process stamps',
  '  and reads times on CLOCK_MONOTONIC (`process.hrtime`) on one epoch base, so a latency measured across processes',
  '  is exact. "busiest load process CPU %" near 100 would mean the load generator, not the server, was the limit;',
  '  "load loop delay p99 ms" is the worst event-loop delay of a load process in the window: on a shared machine a',
  '  process can fall behind with little CPU of its own, and a delay near the latencies means they include that wait.',
  '',
];

const MULTINODE = [
  'How the scale-out figures are measured: one room of 600 clients, client i connected to node i mod n; 10 edits per',
  'second from random clients, latency and delivery as for the sync table. "1 node" and "3 nodes" run in the same',
  'run, each on a fresh cluster: Ladder nodes with `DATABASE_URL` (PostgreSQL, a schema of its own, dropped after) and',
  '`REDIS_URL` (Redis, a key prefix of its own, deleted after); `DATABASE_URL`/`REDIS_URL` in the bench\'s environment',
  'choose the services (default `postgres://postgres@127.0.0.1:5432/test`, `redis://127.0.0.1:6379`).',
  '',
];

const CONFINEMENT = [
  'How each server is held to its CPU allowance: every server under test — Ladder, the y-websocket reference,',
  'Hocuspocus, the relay, each node of a Ladder cluster — runs in a cgroup of its own with a CPU quota (v2 `cpu.max` or',
  'v1 `cpu.cfs_quota_us`, whichever the machine lets us write), else pinned to cores of its own with `taskset`; the load',
  'processes, PostgreSQL and Redis run outside it (`test/bench/confine.ts`). `BENCH_SERVER_CPUS` sets the allowance of',
  'the latency, big-room and soak runs (default 1 CPU), `BENCH_CAPACITY_CPUS` that of the capacity searches (default',
  '0.25), `BENCH_MANY_ROOMS_CPUS` that of the many-rooms run (default 0.5), `BENCH_CPU_PERIOD_MS` the quota\'s period',
  '(default 100 ms, the kernel\'s own: a quarter core is 25 ms of every 100). Each table says how its rows ran in its',
  '`confined` column, and gives',
  '`server CPU µs/delivery`: the server\'s CPU time per update delivered to a client, which does not depend on how busy',
  'the rest of the machine was.',
  '',
];

const CAPACITY = [
  'How capacity is searched: each server at the same allowance, a fresh server per step; steps of clients in one room',
  '(20 edits/s) and of edits a second (100 clients) in increasing order until edit p99 reaches 100 ms or an edit is',
  'not delivered to every client, with 5 % of the clients moving their cursors at 5 Hz and every client\'s presence',
  'said once on connect (as the web client does); the capacity is the last step that held. Scale-out capacity is the',
  'same search over one room spread on 1, 2 and 3 Ladder nodes (PostgreSQL + Redis, client i on node i mod n), each',
  'node at the same allowance. Many rooms: 100 rooms of 10, one edit a second and one moving cursor in each, on one',
  'node and on three — with each room\'s clients spread round-robin over the nodes, and placed by room (room r on node',
  'r mod n, as a balancer hashing the room\'s path places them: docs/operations.md).',
  '',
];

/** The section's boundaries in docs/performance.md: a full run replaces what lies between them. */
export const GENERATED_START = '<!-- pnpm bench: the figures of the last full run, written by test/bench/docs.ts -->';
export const GENERATED_END = '<!-- pnpm bench: end of the generated figures -->';

/** `page` with the text between the markers replaced by `section`; null when the page lacks either marker. */
export function spliceGenerated(page: string, section: string): string | null {
  const start = page.indexOf(GENERATED_START);
  const end = page.indexOf(GENERATED_END);
  if (start < 0 || end < start) return null;
  return `${page.slice(0, start + GENERATED_START.length)}\n\n${section.trim()}\n\n${page.slice(end)}`;
}

/** The README's benchmark section from one run: its tables, the machine, the command and how it was measured. */
export function readmeSection(result: RunResult): string {
  const m = result.machine;
  // The targets first: the verdicts, then the tables they come from.
  const targets = result.tables.filter((t) => t.name === 'Targets');
  const rest = result.tables.filter((t) => t.name !== 'Targets');
  return [
    '## Benchmarks',
    '',
    `Measured on ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC (run took until ${result.finishedAt.slice(11, 16)}).`,
    '',
    `Machine: ${m.nproc} cores (\`nproc\`), ${m.cpuModel}, ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.platform}.`,
    '',
    `Reproduce: \`${result.command || 'pnpm bench'}\` (add \`--quick\` for a short smoke run). Raw figures: \`bench-results/latest.json\`.`,
    '',
    `Load processes per room: ${result.args.workers} (\`--workers\`)${result.args.only.includes('bigroom') ? `; big-room soak: ${result.args.soakSeconds} s (\`--soak-seconds\`)` : ''}.`,
    '',
    ...targets.flatMap((table) => [markdownTable(table), '']),
    ...CONFINEMENT,
    ...(result.args.only.includes('sync') ? [`Clients per room in this run: ${result.args.clients.join(', ')}.`, '', ...METHOD] : []),
    ...(result.args.only.includes('capacity') ? CAPACITY : []),
    ...(result.args.only.includes('multinode') ? MULTINODE : []),
    ...result.notes.flatMap((note) => [note, '']),
    ...rest.flatMap((table) => [markdownTable(table), '']),
  ].join('\n');
}

/**
 * Writes `docs/bench/README-section.md` from one run and, for a full run, puts the same section into
 * docs/performance.md between its markers. Returns whether the performance page was rewritten.
 */
export function writeReadmeSection(result: RunResult): boolean {
  const text = readmeSection(result);
  mkdirSync(join(repoRoot, 'docs', 'bench'), { recursive: true });
  writeFileSync(join(repoRoot, 'docs', 'bench', 'README-section.md'), text);
  if (result.args.quick) return false;
  const pagePath = join(repoRoot, 'docs', 'performance.md');
  const page = existsSync(pagePath) ? spliceGenerated(readFileSync(pagePath, 'utf8'), text) : null;
  if (page === null) return false;
  writeFileSync(pagePath, page);
  return true;
}
