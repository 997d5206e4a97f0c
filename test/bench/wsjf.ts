import { realpathSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { cutLine, DEFAULT_SCALE, rankFeatures, type RankInput } from '@ladder/wsjf';
import { percentile, seededRandom } from './stats';

const FEATURES = 10_000;
const WARMUP_RUNS = 5;
const MEASURED_RUNS = 40;

/** Features with estimates on the scale (many WSJF ties) and about 5 % unscored. */
function scaleFeatures(seed: number): RankInput[] {
  const rnd = seededRandom(seed);
  const pick = (): number => DEFAULT_SCALE[Math.floor(rnd() * DEFAULT_SCALE.length)] as number;
  return Array.from({ length: FEATURES }, (_, i) => ({
    id: `F-${i}`,
    createdAt: 1_700_000_000_000 + Math.floor(rnd() * 1e9),
    userBusinessValue: pick(),
    timeCriticality: pick(),
    riskReduction: pick(),
    jobSize: rnd() < 0.05 ? null : pick(),
  }));
}

/** Features with arbitrary positive estimates (few ties, exact comparison on fractions). */
function continuousFeatures(seed: number): RankInput[] {
  const rnd = seededRandom(seed);
  const value = (): number => 0.1 + rnd() * 100;
  return Array.from({ length: FEATURES }, (_, i) => ({
    id: `F-${i}`,
    createdAt: 1_700_000_000_000 + i,
    userBusinessValue: value(),
    timeCriticality: value(),
    riskReduction: value(),
    jobSize: value(),
  }));
}

function measure(run: () => unknown): { median: number; p95: number } {
  for (let i = 0; i < WARMUP_RUNS; i++) run();
  const times: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95) };
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** Ranks 10,000 seeded random features repeatedly and reports ms per ranking. */
export async function benchWsjf(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const cases: { name: string; run: () => unknown }[] = [];
  const onScale = scaleFeatures(42);
  const continuous = continuousFeatures(7);
  const sizes = new Map(onScale.map((f) => [f.id, f.jobSize]));
  const ranked = rankFeatures(onScale).map((r) => ({ ...r, jobSize: sizes.get(r.id) ?? null }));
  cases.push({ name: 'rankFeatures, scale values (many ties)', run: () => rankFeatures(onScale) });
  cases.push({ name: 'rankFeatures, continuous values', run: () => rankFeatures(continuous) });
  cases.push({ name: 'cutLine, capacity 5000', run: () => cutLine(ranked, 5000) });
  const rows = cases.map(({ name, run }) => {
    const { median, p95 } = measure(run);
    return { case: name, features: FEATURES, runs: MEASURED_RUNS, 'median ms': round(median), 'p95 ms': round(p95) };
  });
  return { name: 'wsjf: ranking 10,000 features', rows };
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isMain()) {
  const result = await benchWsjf();
  console.log(result.name);
  console.table(result.rows);
}
