import { describe, expect, it } from 'vitest';
import { BenchArgsError, parseArgs } from './args';
import { defaultWorkers } from './load/split';

describe('pnpm bench arguments', () => {
  it('runs every part at 100 and 500 clients by default (1,000 in one room is the big-room part\'s), the full 10-minute soak, and writes the docs section', () => {
    expect(parseArgs([])).toEqual({
      only: ['wsjf', 'sync', 'capacity', 'multinode', 'history', 'bigroom', 'web'],
      clients: [100, 500],
      servers: ['ladder', 'y-websocket', 'hocuspocus', 'relay'],
      quick: false,
      workers: defaultWorkers(),
      soakSeconds: 600,
      writeDocs: true,
    });
  });

  it('takes the number of load processes and the soak length', () => {
    const args = parseArgs(['--', '--workers', '3', '--soak-seconds', '120', '--only', 'multinode,bigroom']);
    expect(args.workers).toBe(3);
    expect(args.soakSeconds).toBe(120);
    expect(args.only).toEqual(['multinode', 'bigroom']);
    expect(parseArgs(['--quick', '--soak-seconds', '600']).soakSeconds).toBe(600);
    expect(() => parseArgs(['--workers', '0'])).toThrow(/--workers takes a whole number from 1/);
    expect(() => parseArgs(['--workers', '2.5'])).toThrow(BenchArgsError);
    expect(() => parseArgs(['--soak-seconds'])).toThrow(/needs a value/);
  });

  it('takes client counts and a part as pnpm passes them (with a -- separator)', () => {
    const args = parseArgs(['--', '--clients', '100,500', '--only', 'sync']);
    expect(args.clients).toEqual([100, 500]);
    expect(args.only).toEqual(['sync']);
  });

  it('makes --quick a small smoke run that leaves the docs alone', () => {
    const args = parseArgs(['--quick']);
    expect(args.quick).toBe(true);
    expect(args.clients).toEqual([20]);
    expect(args.soakSeconds).toBe(10);
    expect(args.writeDocs).toBe(false);
  });

  it('refuses unknown parts, servers, options and bad counts with a message saying what to use', () => {
    expect(() => parseArgs(['--only', 'disk'])).toThrow(BenchArgsError);
    expect(() => parseArgs(['--servers', 'sharedb'])).toThrow(/choose from ladder/);
    expect(() => parseArgs(['--clients', '1'])).toThrow(/whole numbers/);
    expect(() => parseArgs(['--clients'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--fast'])).toThrow(/Unknown option/);
  });
});
