import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { GENERATED_END, GENERATED_START, readmeSection, spliceGenerated } from './docs';

const machine = { nproc: 2, cpuModel: 'Test CPU', memoryGiB: 4, node: 'v20.20.2', platform: 'linux x64' };

describe('README section of a bench run', () => {
  it('shows the command, the load processes, how scale-out is measured, and every table of the run', () => {
    const text = readmeSection({
      startedAt: '2026-11-24T00:00:00.000Z', finishedAt: '2026-11-24T00:20:00.000Z', command: 'pnpm bench -- --only sync,multinode --workers 3',
      args: parseArgs(['--only', 'sync,multinode', '--workers', '3']), machine, notes: ['a note'],
      tables: [{ name: 'Scale-out: 600 clients', rows: [{ setup: '3 nodes (PostgreSQL + Redis)', 'p99 ms': 42 }] }],
    });
    expect(text).toContain('`pnpm bench -- --only sync,multinode --workers 3`');
    expect(text).toContain('Load processes per room: 3');
    expect(text).toContain('How the scale-out figures are measured');
    expect(text).toContain('| 3 nodes (PostgreSQL + Redis) | 42 |');
    expect(text).not.toContain('big-room soak');
  });

  it('names the soak length when the big room ran', () => {
    const text = readmeSection({ startedAt: '2026-11-24T00:00:00.000Z', finishedAt: '2026-11-24T00:20:00.000Z', command: 'pnpm bench', args: parseArgs(['--only', 'bigroom']), machine, notes: [], tables: [] });
    expect(text).toContain('big-room soak: 600 s');
    expect(text).not.toContain('How the scale-out figures are measured');
  });

  it('puts the Targets table first, before the method and the other tables', () => {
    const text = readmeSection({
      startedAt: '2026-11-24T00:00:00.000Z', finishedAt: '2026-11-24T00:20:00.000Z', command: 'pnpm bench', args: parseArgs(['--only', 'capacity']), machine, notes: [],
      tables: [{ name: 'Capacity: each server', rows: [{ server: 'Ladder' }] }, { name: 'Targets', rows: [{ target: 'T', figure: '1', verdict: 'met' }] }],
    });
    expect(text.indexOf('| T | 1 | met |')).toBeLessThan(text.indexOf('How capacity is searched'));
    expect(text.indexOf('How capacity is searched')).toBeLessThan(text.indexOf('| Ladder |'));
    expect(text).toContain('How each server is held to its CPU allowance');
  });

  it('replaces only what lies between the performance page\'s markers, and says when they are missing', () => {
    const page = `# Performance\n\nWritten by hand.\n\n${GENERATED_START}\n\nold figures\n\n${GENERATED_END}\n\n## Method by hand\n`;
    const next = spliceGenerated(page, '## Benchmarks\n\nnew figures\n') as string;
    expect(next).toContain('Written by hand.');
    expect(next).toContain('## Method by hand');
    expect(next).toContain('new figures');
    expect(next).not.toContain('old figures');
    expect(spliceGenerated(next, 'again')).toContain('again');
    expect(spliceGenerated('# no markers', 'x')).toBeNull();
  });
});
