import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { confine, cpuMax, cpuPerDeliveryUs, pinnedCores, writableCgroup } from './confine';

// The confinement helper against cgroup file systems laid out in a temporary directory (the real ones need root and
// would confine the test runner's children for real).

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const fakeRoot = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ladder-cgroup-'));
  dirs.push(dir);
  return dir;
};

describe('confining a server to its CPU allowance', () => {
  it('cgroup v2: writes cpu.max and the pid into a cgroup of its own', () => {
    const root = fakeRoot();
    writeFileSync(join(root, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
    const c = confine(4242, { cpus: 0.25, name: 'ladder 1', root });
    expect(c.method).toBe('cgroup v2');
    expect(c.label).toBe('cgroup v2 quota 0.25 CPU per 100 ms');
    const dir = join(root, `ladder-bench-ladder-1-${process.pid}`);
    expect(readFileSync(join(dir, 'cpu.max'), 'utf8')).toBe('25000 100000');
    expect(readFileSync(join(dir, 'cgroup.procs'), 'utf8')).toBe('4242');
  });

  it('cgroup v1 where v2 has no cpu controller: cfs quota and period', () => {
    const root = fakeRoot();
    mkdirSync(join(root, 'unified'));
    writeFileSync(join(root, 'unified', 'cgroup.controllers'), 'pids\n');
    mkdirSync(join(root, 'cpu'));
    writeFileSync(join(root, 'cpu', 'cpu.cfs_quota_us'), '-1');
    expect(writableCgroup(root)).toEqual({ version: 1, dir: join(root, 'cpu') });
    const c = confine(77, { cpus: 1, name: 'y-websocket', root });
    expect(c.method).toBe('cgroup v1');
    const dir = join(root, 'cpu', `ladder-bench-y-websocket-${process.pid}`);
    expect(readFileSync(join(dir, 'cpu.cfs_quota_us'), 'utf8')).toBe('100000');
    expect(readFileSync(join(dir, 'cpu.cfs_period_us'), 'utf8')).toBe('100000');
    c.add(78);
    expect(readFileSync(join(dir, 'cgroup.procs'), 'utf8')).toBe('78');
  });

  it('a period of its own: the label says the allowance as set, raised to the kernel\'s 1 ms floor', () => {
    const root = fakeRoot();
    writeFileSync(join(root, 'cgroup.controllers'), 'cpu\n');
    expect(confine(5, { cpus: 0.25, name: 'a', root, periodUs: 10_000 }).label).toBe('cgroup v2 quota 0.25 CPU per 10 ms');
    expect(confine(6, { cpus: 0.05, name: 'b', root, periodUs: 10_000 }).label).toBe('cgroup v2 quota 0.1 CPU per 10 ms');
  });

  it('no writable cgroup: pinned with taskset to cores of its own; without taskset it says it is unconfined', () => {
    const root = fakeRoot();
    const calls: string[][] = [];
    const pinned = confine(99, { cpus: 0.5, name: 'relay', root, cores: 2, taskset: (args) => calls.push(args) });
    expect(pinned).toMatchObject({ method: 'taskset', label: 'taskset CPUs 0' });
    expect(calls).toEqual([['-a', '-cp', '0', '99']]);
    const none = confine(99, { cpus: 0.5, name: 'relay', root, taskset: () => { throw new Error('no taskset'); } });
    expect(none).toMatchObject({ method: 'none', label: 'none (no writable cgroup, no taskset)' });
  });

  it('quota, cores and CPU per delivery', () => {
    expect(cpuMax(0.25)).toBe('25000 100000');
    expect(cpuMax(0.25, 10_000)).toBe('2500 10000');
    expect(cpuMax(0.001)).toBe('1000 100000');
    expect(pinnedCores(0.25, 2)).toEqual([0]);
    expect(pinnedCores(3, 8)).toEqual([0, 1, 2]);
    expect(pinnedCores(4, 2)).toEqual([0]);
    expect(cpuPerDeliveryUs(0.5, 10_000)).toBe(50);
    expect(cpuPerDeliveryUs(0.5, 0)).toBeNull();
  });
});
