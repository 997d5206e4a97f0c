import { fig } from '../stats';
import { peakRssMiB } from '../sync/proc';
import { latencyFigures, LoadSession, loadFigures } from '../sync/session';
import { startCluster, type ClusterTarget } from './target';

export interface MultinodeOptions {
  clients: number;
  /** Node counts to compare, e.g. [1, 3]. */
  nodes: readonly number[];
  rate: number;
  warmupMs: number;
  measureMs: number;
  seed: number;
  workers: number;
  log: (line: string) => void;
}

/** The settings of the multi-node part: the full run (600 clients) or a short smoke run with `quick`. */
export function multinodeSettings(quick: boolean) {
  return quick
    ? { clients: 30, nodes: [1, 3], rate: 10, warmupMs: 1_000, measureMs: 2_000, seed: 20_261 }
    : { clients: 600, nodes: [1, 3], rate: 10, warmupMs: 3_000, measureMs: 10_000, seed: 20_261 };
}

type Row = Record<string, string | number>;

async function measure(nodes: number, options: MultinodeOptions): Promise<Row> {
  let target: ClusterTarget | null = null;
  let session: LoadSession | null = null;
  const setup = `${nodes} node${nodes === 1 ? '' : 's'} (PostgreSQL + Redis)`;
  try {
    target = await startCluster(nodes);
    session = await LoadSession.open(target, options.clients, performance.now() + 120_000 + options.clients * 200, options.workers);
    const result = await session.phase(options.rate, options.warmupMs, options.measureMs, options.seed);
    const pids = target.pids ?? [target.pid];
    return {
      setup,
      clients: options.clients,
      'clients per node': Math.round(options.clients / nodes),
      'edits/s': options.rate,
      edits: result.edits,
      ...latencyFigures(result),
      'server CPU s (all nodes)': fig(result.serverCpuSeconds),
      'peak RSS MiB (largest node)': fig(Math.max(...pids.map(peakRssMiB))),
      'bytes/edit': Math.round(result.bytesPerEdit),
      ...loadFigures(result),
      load: session.describeLoad(),
      confined: target.confinement ?? 'none',
    };
  } catch (error) {
    options.log(`multinode: ${setup} failed: ${(error as Error).message}`);
    return { setup, clients: options.clients, error: (error as Error).message.split('\n')[0] ?? 'failed' };
  } finally {
    session?.close();
    await target?.stop().catch((error: unknown) => options.log(`multinode: cleaning up: ${(error as Error).message}`));
  }
}

/**
 * Scale-out: one room of `clients` clients spread over several Ladder nodes (client i on node i mod n), edits at
 * a fixed rate from random clients; fan-out latency and delivery per node count, one fresh cluster each.
 */
export async function benchMultinode(options: MultinodeOptions): Promise<{ name: string; rows: Row[] }> {
  const rows: Row[] = [];
  for (const nodes of options.nodes) {
    options.log(`multinode: ${nodes} node(s), ${options.clients} clients, ${options.rate} edits/s for ${options.measureMs / 1000} s`);
    rows.push(await measure(nodes, options));
  }
  return {
    name: `Scale-out: ${options.clients} clients in one room spread over the nodes, ${options.rate} edits/s from random clients, ${options.measureMs / 1000} s measured; each setup a fresh cluster with its own PostgreSQL schema and Redis key prefix`,
    rows,
  };
}
