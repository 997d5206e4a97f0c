import { fig } from '../stats';
import { LoadSession } from './session';
import { startTarget, type Target } from './targets';

export interface CapacityOptions {
  clients: number;
  rates: readonly number[];
  warmupMs: number;
  measureMs: number;
  /** p99 above this ends the search. */
  budgetMs: number;
  seed: number;
  log: (line: string) => void;
}

type Row = Record<string, string | number>;

/**
 * Ladder alone: steps the edit rate up over one room of `clients` clients until p99 crosses the
 * budget (or deliveries fall short); the last rate under the budget is what Ladder sustains.
 */
export async function capacityRows(options: CapacityOptions): Promise<{ rows: Row[]; sustained: number | null }> {
  const rows: Row[] = [];
  let sustained: number | null = null;
  let target: Target | null = null;
  let session: LoadSession | null = null;
  try {
    target = await startTarget('ladder');
    session = await LoadSession.open(target, options.clients, performance.now() + 120_000 + options.clients * 200);
    for (const rate of options.rates) {
      options.log(`capacity: ladder, ${options.clients} clients, ${rate} edits/s`);
      let result = await session.phase(rate, options.warmupMs, options.measureMs, options.seed);
      // A shared machine has stalls: a rate fails only when a second try fails too.
      if (!(result.latency.p99 <= options.budgetMs && result.delivered >= 0.999)) {
        options.log(`capacity: p99 ${Math.round(result.latency.p99)} ms at ${rate} edits/s; trying that rate once more`);
        result = await session.phase(rate, options.warmupMs, options.measureMs, options.seed + 1);
      }
      const achieved = result.edits / (options.measureMs / 1000);
      const within = result.latency.p99 <= options.budgetMs && result.delivered >= 0.999;
      rows.push({
        server: 'ladder',
        clients: options.clients,
        'edits/s': rate,
        'sent/s': fig(achieved),
        'p50 ms': fig(result.latency.p50),
        'p99 ms': fig(result.latency.p99),
        'max ms': fig(result.latency.max),
        'delivered %': fig(result.delivered * 100),
        'server CPU %': fig((result.serverCpuSeconds / result.seconds) * 100),
        'load CPU %': fig((result.loadCpuSeconds / result.seconds) * 100),
        [`p99 ≤ ${options.budgetMs} ms`]: within ? 'yes' : 'no',
      });
      if (!within) break;
      sustained = rate;
    }
  } catch (error) {
    rows.push({ server: 'ladder', clients: options.clients, error: (error as Error).message.split('\n')[0] ?? 'failed' });
    options.log(`capacity: failed: ${(error as Error).message}`);
  } finally {
    session?.close();
    await target?.stop();
  }
  return { rows, sustained };
}
