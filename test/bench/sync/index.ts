import { cpus, totalmem } from 'node:os';
import { capacityRows } from './capacity';
import { joinRows } from './join';
import { latencyRows } from './latency';
import { killAllServers, SERVER_LABELS, SERVER_NAMES, type ServerName } from './targets';

export { killAllServers, SERVER_NAMES };
export type { ServerName };

export interface SyncOptions {
  clients: readonly number[];
  servers: readonly ServerName[];
  quick: boolean;
  log?: (line: string) => void;
}

export interface BenchTable { name: string; rows: Record<string, string | number>[] }

/** The settings each part runs with: the full run, or a short smoke run with `quick`. */
export function syncSettings(quick: boolean) {
  return {
    rate: 10,
    warmupMs: quick ? 1_000 : 3_000,
    measureMs: quick ? 3_000 : 10_000,
    join: quick
      ? { features: 100, updates: 2_000, writers: 5, writerRate: 100, joins: 3 }
      : { features: 500, updates: 20_000, writers: 20, writerRate: 100, joins: 5 },
    capacity: quick
      ? { rates: [20, 50, 100, 200], warmupMs: 1_000, measureMs: 2_000 }
      : { rates: [20, 50, 100, 150, 200, 300, 400, 600, 800], warmupMs: 2_000, measureMs: 5_000 },
    seed: 20_261,
    /** The latency runs start no new server and N after this many minutes. */
    latencyBudgetMinutes: quick ? 5 : 7,
  };
}

/** How the load was generated, printed beside the tables. */
export function loadDescription(): string {
  return 'Load generator: one Node process (the bench itself) holding every client on one event loop, '
    + 'sharing one clock (performance.now()); each server runs alone in its own child process, started fresh '
    + `for every server and N. Machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB. `
    + "'load CPU s' is the bench process' own CPU during the window: near the window's length, the load generator was the limit.";
}

/** The sync comparison: latency and resources per server and N, join time per server, Ladder's sustained rate. */
export async function benchSync(options: SyncOptions): Promise<BenchTable[]> {
  const log = options.log ?? ((line: string) => console.error(line));
  const settings = syncSettings(options.quick);
  const latency = await latencyRows({ servers: options.servers, clients: options.clients, rate: settings.rate, warmupMs: settings.warmupMs, measureMs: settings.measureMs, seed: settings.seed, deadline: performance.now() + settings.latencyBudgetMinutes * 60_000, log });
  const join = await joinRows({ servers: options.servers, ...settings.join, seed: settings.seed, log });
  const tables: BenchTable[] = [
    { name: `Sync: edit latency at ${settings.rate} edits/s from random clients, ${settings.measureMs / 1000} s measured (servers: ${options.servers.map((s) => `${s} = ${SERVER_LABELS[s]}`).join('; ')})`, rows: latency },
    { name: `Join: a new client syncs a room with ${settings.join.features} features and ${settings.join.updates} updates of history`, rows: join },
  ];
  if (options.servers.includes('ladder')) {
    const clients = Math.min(100, ...options.clients);
    const capacity = await capacityRows({ clients, ...settings.capacity, budgetMs: 100, seed: settings.seed, log });
    const highest = settings.capacity.rates.at(-1);
    const verdict = capacity.sustained === null
      ? 'no measured rate kept p99 under 100 ms'
      : capacity.sustained === highest
        ? `${capacity.sustained} edits/s (the highest rate tried) sustained with p99 ≤ 100 ms`
        : `${capacity.sustained} edits/s sustained with p99 ≤ 100 ms`;
    tables.push({ name: `Capacity: Ladder, ${clients} clients, edit rate stepped up until p99 > 100 ms: ${verdict}`, rows: capacity.rows });
  }
  return tables;
}
