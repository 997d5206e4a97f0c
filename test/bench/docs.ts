import { mkdirSync, writeFileSync } from 'node:fs';
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

/** The README's benchmark section from one run: its tables, the machine, the command and how it was measured. */
export function readmeSection(result: RunResult): string {
  const m = result.machine;
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
    ...(result.args.only.includes('sync') ? [`Clients per room in this run: ${result.args.clients.join(', ')}.`, '', ...METHOD] : []),
    ...(result.args.only.includes('multinode') ? MULTINODE : []),
    ...result.notes.flatMap((note) => [note, '']),
    ...result.tables.flatMap((table) => [markdownTable(table), '']),
  ].join('\n');
}

/** Writes `docs/bench/README-section.md` from one run. */
export function writeReadmeSection(result: RunResult): void {
  const text = readmeSection(result);
  mkdirSync(join(repoRoot, 'docs', 'bench'), { recursive: true });
  writeFileSync(join(repoRoot, 'docs', 'bench', 'README-section.md'), text);
}
