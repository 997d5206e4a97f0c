import { cpus, totalmem } from 'node:os';
import { capacityRows, capacityVerdict } from './capacity';
import { joinRows } from './join';
import { latencyRows } from './latency';
import { killAllServers, SERVER_LABELS, SERVER_NAMES, serverCpus, type ServerName } from './targets';

export { killAllServers, SERVER_NAMES };
export type { ServerName };

export interface SyncOptions {
  clients: readonly number[];
  servers: readonly ServerName[];
  quick: boolean;
  /** Load processes the clients of a room are spread over. */
  workers: number;
  /** Ladder's own edit-rate search at one CPU (default on; off when the capacity part searches every server's). */
  ladderCapacity?: boolean;
  log?: (line: string) => void;
}

export interface BenchTable { name: string; rows: Record<string, string | number>[] }

/** The settings each part runs with: the full run, or a short smoke run with `quick`. */
export function syncSettings(quick: boolean) {
  return {
    rate: 10,
    warmupMs: quick ? 1_000 : 3_000,
    measureMs: quick ? 2_000 : 10_000,
    join: quick
      ? { features: 100, updates: 1_000, writers: 5, writerRate: 100, joins: 3 }
      : { features: 500, updates: 20_000, writers: 20, writerRate: 100, joins: 5 },
    capacity: quick
      ? { rates: [20, 100], warmupMs: 1_000, measureMs: 2_000 }
      : { rates: [10, 50, 100, 200, 300, 400, 600, 800], warmupMs: 2_000, measureMs: 5_000 },
    seed: 20_261,
    /** The latency runs start no new server and N after this many minutes. */
    latencyBudgetMinutes: quick ? 5 : 7,
  };
}

/** How the load was generated, printed beside the tables. */
export function loadDescription(workers: number): string {
  return `Load generator: the clients of a room are split over ${workers} load process${workers === 1 ? '' : 'es'} `
    + '(child processes, `node --import tsx test/bench/load/worker.ts`; contiguous client ranges, sizes differ by at most one; '
    + "the 'load' column gives the split of each row); the bench process itself holds the seeding client and schedules the edits, "
    + 'sending each to the process that holds its sender. All processes stamp and read times on one clock: CLOCK_MONOTONIC '
    + '(process.hrtime) on an epoch base fixed by the bench process, so times taken in different processes compare exactly. '
    + `Each server runs alone in its own child process, started fresh for every server and N, held to ${serverCpus()} CPU of its own (the 'confined' column says how: a cgroup CPU quota where one is writable, else pinned with taskset; load processes, PostgreSQL and Redis run outside it; BENCH_SERVER_CPUS sets the allowance); 'server CPU µs/delivery' is the server's CPU time per update delivered to a client, which does not depend on how busy the machine was. Machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB. `
    + "'load CPU s' is the CPU of every load process and the bench process in the window; 'busiest load process CPU %' near 100 means that process was the limit; 'load loop delay p99 ms' is the worst p99 event-loop delay of a load process in the window (on a machine shared with other work a process can fall behind with little CPU of its own: a delay near the latencies means the figures include the load generator's wait). "
    + 'Set the number of load processes with --workers K.';
}

/** The sync comparison: latency and resources per server and N, join time per server, Ladder's sustained rate. */
export async function benchSync(options: SyncOptions): Promise<BenchTable[]> {
  const log = options.log ?? ((line: string) => console.error(line));
  const settings = syncSettings(options.quick);
  const latency = await latencyRows({ servers: options.servers, clients: options.clients, rate: settings.rate, warmupMs: settings.warmupMs, measureMs: settings.measureMs, seed: settings.seed, deadline: performance.now() + settings.latencyBudgetMinutes * 60_000, workers: options.workers, log });
  const join = await joinRows({ servers: options.servers, ...settings.join, seed: settings.seed, log });
  const tables: BenchTable[] = [
    { name: `Sync: edit latency at ${settings.rate} edits/s from random clients, ${settings.measureMs / 1000} s measured (servers: ${options.servers.map((s) => `${s} = ${SERVER_LABELS[s]}`).join('; ')})`, rows: latency },
    { name: `Join: a new client syncs a room with ${settings.join.features} features and ${settings.join.updates} updates of history`, rows: join },
  ];
  // Ladder's own rate search; a run with the capacity part has it beside the other servers' there instead.
  if (options.servers.includes('ladder') && options.ladderCapacity !== false) {
    const clients = Math.min(100, ...options.clients);
    const capacity = await capacityRows({ clients, ...settings.capacity, budgetMs: 100, seed: settings.seed, workers: options.workers, log });
    const verdict = capacityVerdict(capacity.steps, 100, settings.capacity.rates.at(-1) ?? NaN);
    tables.push({ name: `Capacity: Ladder, ${clients} clients, edit rate stepped up until p99 > 100 ms: ${verdict.text}`, rows: capacity.rows });
  }
  return tables;
}
