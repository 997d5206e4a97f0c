import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `pnpm bench --quick` on its smallest sizes, so the benchmark never rots: every part it runs here prints its table
// with each server confined, and no part fails. No figure is judged (a timing assertion has no place in a test).

const repoRoot = join(import.meta.dirname, '..', '..');

describe('pnpm bench --quick, smallest sizes', () => {
  it('runs wsjf, sync (Ladder and the relay), scale-out, many rooms and history to the end, every server row saying how it was confined', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'bench', 'run.ts'),
      '--quick', '--only', 'wsjf,sync,multinode,history', '--clients', '5', '--servers', 'ladder,relay', '--workers', '1', '--no-docs'], {
      cwd: repoRoot, encoding: 'utf8', timeout: 300_000, env: { ...process.env, LADDER_BENCH_UPDATES: '200' },
    });
    const out = `${run.stdout}\n${run.stderr}`;
    expect(run.status, out.slice(-3000)).toBe(0);
    expect(out).not.toMatch(/: failed: /);
    for (const table of ['Sync: edit latency', 'Join:', 'Capacity: Ladder', 'Scale-out:', 'Many rooms:']) expect(out, table).toContain(table);
    // Every row of the latency table names its confinement (a cgroup quota, taskset, or says it had none).
    const latency = out.slice(out.indexOf('Sync: edit latency')).split('\n').slice(3, 5);
    expect(latency).toHaveLength(2);
    for (const row of latency) expect(row).toMatch(/cgroup v[12] quota|taskset CPUs|none \(/);
  }, 320_000);
});
