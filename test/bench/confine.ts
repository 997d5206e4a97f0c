import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

// Each server under test runs in its own CPU allowance, so the load generator (and PostgreSQL, Redis, the rest of the
// machine) cannot blur its figures: a cgroup with a CPU quota (v2's `cpu.max`, or v1's `cpu.cfs_quota_us`), or — where
// no cgroup is writable — the process pinned to cores of its own with `taskset`. The table says which, per row.

/** How a process was confined, as the table prints it. */
export interface Confinement {
  /** `cgroup v2`, `cgroup v1`, `taskset` or `none`. */
  method: 'cgroup v2' | 'cgroup v1' | 'taskset' | 'none';
  /** e.g. "cgroup v1 quota 0.25 CPU per 100 ms", "taskset CPUs 0", "none (no writable cgroup, no taskset)". */
  label: string;
  /** Moves another process (a cluster's next node, a child) into the same allowance. */
  add(pid: number): void;
  /** Takes the allowance down (after its processes exited). */
  release(): void;
}

export interface ConfineOptions {
  /** The allowance in CPUs (0.25 = a quarter of one core). */
  cpus: number;
  /** Names the cgroup (letters, digits, dashes). */
  name: string;
  /** Where cgroup file systems are mounted (tests point it at a directory of their own). */
  root?: string;
  /** Runs `taskset` (tests replace it). */
  taskset?: (args: string[]) => void;
  /** Cores of the machine (for pinning). */
  cores?: number;
  /** The quota's period in µs (default `periodUs()`). */
  periodUs?: number;
}

/**
 * The period a quota is counted over, µs: `BENCH_CPU_PERIOD_MS` (default 100 ms, the kernel's and most container
 * platforms' own). A quarter of a core is then 25 ms of every 100 ms: a burst that fits runs at full speed, one that
 * does not waits for the next period. A full run at 10 ms periods (2026-12-07) held every server to a smaller room
 * (Ladder 200 clients instead of 400, the relay 100 instead of 200): a fan-out to hundreds of peers cut into 2.5 ms
 * slices takes four periods of wall time.
 */
export function periodUs(): number {
  const ms = Number(process.env.BENCH_CPU_PERIOD_MS ?? '100');
  return Number.isFinite(ms) && ms >= 1 && ms <= 1000 ? Math.round(ms * 1000) : 100_000;
}

/** The quota in µs of `cpus` per period (the kernel's floor is 1 ms). */
const quotaUs = (cpus: number, period: number) => Math.max(1000, Math.round(cpus * period));

/** The cgroup this machine lets us write, if any: v2 (unified, with the cpu controller) first, then v1's cpu. */
export function writableCgroup(root = '/sys/fs/cgroup'): { version: 2 | 1; dir: string } | null {
  for (const dir of [root, join(root, 'unified')]) {
    const controllers = join(dir, 'cgroup.controllers');
    if (existsSync(controllers) && readFileSync(controllers, 'utf8').split(/\s+/).includes('cpu') && canMake(dir)) return { version: 2, dir };
  }
  const v1 = join(root, 'cpu');
  if (existsSync(join(v1, 'cpu.cfs_quota_us')) && canMake(v1)) return { version: 1, dir: v1 };
  return null;
}

function canMake(dir: string): boolean {
  const probe = join(dir, `ladder-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** The quota line of cgroup v2's `cpu.max` for an allowance of `cpus`. */
export function cpuMax(cpus: number, period = periodUs()): string {
  return `${quotaUs(cpus, period)} ${period}`;
}

/** The cores to pin an allowance of `cpus` to: the first ones, at least one, leaving the rest to the load. */
export function pinnedCores(cpus: number, cores: number): number[] {
  const count = Math.min(Math.max(1, Math.ceil(cpus)), Math.max(1, cores - 1));
  return Array.from({ length: count }, (_, i) => i);
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Confines `pid` to `cpus` CPUs: a cgroup quota where one is writable, else `taskset`, else nothing (and says so). */
export function confine(pid: number, options: ConfineOptions): Confinement {
  const cgroup = writableCgroup(options.root);
  const name = `ladder-bench-${options.name.replace(/[^A-Za-z0-9-]/g, '-')}-${process.pid}`;
  if (cgroup) {
    const dir = join(cgroup.dir, name);
    const period = options.periodUs ?? periodUs();
    // The allowance as it is set: the kernel's 1 ms floor can raise a tiny one.
    const cpus = quotaUs(options.cpus, period) / period;
    try {
      mkdirSync(dir, { recursive: true });
      if (cgroup.version === 2) writeFileSync(join(dir, 'cpu.max'), cpuMax(options.cpus, period));
      else {
        // The quota first when the period shrinks (the kernel refuses a quota above the old period's share), else after.
        const quota = join(dir, 'cpu.cfs_quota_us');
        writeFileSync(quota, '-1');
        writeFileSync(join(dir, 'cpu.cfs_period_us'), String(period));
        writeFileSync(quota, String(quotaUs(options.cpus, period)));
      }
      const add = (p: number) => writeFileSync(join(dir, 'cgroup.procs'), String(p));
      add(pid);
      return {
        method: cgroup.version === 2 ? 'cgroup v2' : 'cgroup v1',
        label: `cgroup v${cgroup.version} quota ${round(cpus)} CPU per ${round(period / 1000)} ms`,
        add,
        release() {
          try { rmdirSync(dir); } catch { /* still holds a process; the next run's name differs */ }
        },
      };
    } catch {
      // Fall through to pinning.
    }
  }
  const cores = pinnedCores(options.cpus, options.cores ?? availableParallelism());
  const taskset = options.taskset ?? ((args: string[]) => { execFileSync('taskset', args, { stdio: 'ignore' }); });
  try {
    const add = (p: number) => taskset(['-a', '-cp', cores.join(','), String(p)]);
    add(pid);
    return { method: 'taskset', label: `taskset CPUs ${cores.join(',')}`, add, release() {} };
  } catch {
    return { method: 'none', label: 'none (no writable cgroup, no taskset)', add() {}, release() {} };
  }
}

/** CPU time the server spent per delivered update, in µs: independent of how busy the rest of the machine was. */
export function cpuPerDeliveryUs(cpuSeconds: number, deliveries: number): number | null {
  return deliveries > 0 ? (cpuSeconds * 1e6) / deliveries : null;
}
