import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { readmeSection } from './docs';

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
});
