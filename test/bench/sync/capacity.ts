import { fig } from '../stats';
import { latencyFigures, LoadSession, loadFigures, type PhaseResult } from './session';
import { startTarget, type Target } from './targets';

export interface CapacityOptions {
  clients: number;
  rates: readonly number[];
  warmupMs: number;
  measureMs: number;
  /** p99 above this ends the search. */
  budgetMs: number;
  seed: number;
  workers: number;
  log: (line: string) => void;
}

type Row = Record<string, string | number>;

/** One measured step: the rate asked for and what it gave. */
export interface CapacityStep { rate: number; p99: number; delivered: number }

/** A step holds when p99 is within the budget and (practically) every update arrived. */
export function stepHolds(step: CapacityStep, budgetMs: number): boolean {
  return step.p99 <= budgetMs && step.delivered >= 0.999;
}

/** The sentence the capacity table is titled with: the last rate that held, or that none did, with the figures. */
export function capacityVerdict(steps: readonly CapacityStep[], budgetMs: number, highestTried: number): { sustained: number | null; text: string } {
  let sustained: number | null = null;
  for (const step of steps) {
    if (!stepHolds(step, budgetMs)) break;
    sustained = step.rate;
  }
  const first = steps[0];
  if (!first) return { sustained, text: 'not measured (the run failed before the first step)' };
  // One decimal, so a p99 just over the budget does not read as the budget itself.
  const figures = (s: CapacityStep) => `p99 ${Math.round(s.p99 * 10) / 10} ms, ${fig(s.delivered * 100)} % delivered`;
  if (sustained === null) return { sustained, text: `even the lowest step failed: ${first.rate} edits/s gave ${figures(first)}` };
  const failed = steps.find((s) => !stepHolds(s, budgetMs));
  if (!failed) {
    return { sustained, text: sustained === highestTried ? `at least ${sustained} edits/s (the highest rate tried held) with p99 ≤ ${budgetMs} ms` : `${sustained} edits/s held with p99 ≤ ${budgetMs} ms; the run ended before a higher step` };
  }
  return { sustained, text: `${sustained} edits/s sustained with p99 ≤ ${budgetMs} ms (${failed.rate} edits/s gave ${figures(failed)})` };
}

/**
 * Ladder alone: steps the edit rate up over one room of `clients` clients until p99 crosses the
 * budget (or deliveries fall short); the last rate under the budget is what Ladder sustains.
 */
export async function capacityRows(options: CapacityOptions): Promise<{ rows: Row[]; steps: CapacityStep[] }> {
  const rows: Row[] = [];
  const steps: CapacityStep[] = [];
  let target: Target | null = null;
  let session: LoadSession | null = null;
  try {
    target = await startTarget('ladder');
    session = await LoadSession.open(target, options.clients, performance.now() + 120_000 + options.clients * 200, options.workers);
    for (const rate of options.rates) {
      options.log(`capacity: ladder, ${options.clients} clients, ${rate} edits/s`);
      let result: PhaseResult = await session.phase(rate, options.warmupMs, options.measureMs, options.seed);
      const held = (r: PhaseResult) => stepHolds({ rate, p99: r.latency.p99, delivered: r.delivered }, options.budgetMs);
      // A shared machine has stalls: a rate fails only when a second try fails too.
      if (!held(result)) {
        options.log(`capacity: p99 ${Math.round(result.latency.p99)} ms at ${rate} edits/s; trying that rate once more`);
        result = await session.phase(rate, options.warmupMs, options.measureMs, options.seed + 1);
      }
      const within = held(result);
      steps.push({ rate, p99: result.latency.p99, delivered: result.delivered });
      rows.push({
        server: 'ladder',
        clients: options.clients,
        'edits/s': rate,
        'sent/s': fig(result.edits / (options.measureMs / 1000)),
        ...latencyFigures(result),
        'server CPU %': fig((result.serverCpuSeconds / result.seconds) * 100),
        ...loadFigures(result),
        [`p99 ≤ ${options.budgetMs} ms`]: within ? 'yes' : 'no',
        confined: target.confinement ?? 'none',
        load: session.describeLoad(),
      });
      if (!within) break;
    }
  } catch (error) {
    rows.push({ server: 'ladder', clients: options.clients, error: (error as Error).message.split('\n')[0] ?? 'failed' });
    options.log(`capacity: failed: ${(error as Error).message}`);
  } finally {
    session?.close();
    await target?.stop();
  }
  return { rows, steps };
}
