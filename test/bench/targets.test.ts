import { describe, expect, it } from 'vitest';
import type { Table } from './report';
import { targetRows } from './targets';

const tables: Table[] = [
  { name: 'Big room: 1000 clients, 20 edits/s', rows: [
    { server: 'Ladder', clients: 1000, 'moving cursors': 50, 'edit p99 ms': 40, 'presence Hz min': 9, confined: 'cgroup v1 quota 1 CPU' },
    { server: 'Ladder', clients: 1000, 'moving cursors': 1000, 'edit p99 ms': 120, 'presence Hz min': 5.2, confined: 'cgroup v1 quota 1 CPU' },
  ] },
  { name: 'Soak: 300 clients with edits and presence for 600 s', rows: [{ 'RSS growth %': 8.5, 'heap after GC growth %': 6.2 }] },
  { name: 'history: one room, 50,000 updates', rows: [
    { measure: 'history/state right after the start, p50 (20 samples)', value: 30, unit: 'ms' },
    { measure: 'SQLite bytes per update (…)', value: 700, unit: 'B' },
  ] },
  { name: 'web: board with 500 cards in Chromium', rows: [{ measure: 'page load → interactive', value: 1400, unit: 'ms' }, { measure: 'frame time p95', value: 30, unit: 'ms' }] },
  { name: 'Scale-out capacity: one room over 1–3 Ladder nodes', rows: [{ nodes: 1, 'clients in one room': '200' }, { nodes: 3, 'clients in one room': '≥ 600' }] },
];

describe('the targets of a run', () => {
  it('each target met or not met from its table, or not measured when the run did not reach its size', () => {
    const rows = targetRows(tables, { quick: true, seconds: 200 });
    const by = (start: string) => rows.find((r) => r.target.startsWith(start));
    expect(by('1,000 clients')).toMatchObject({ verdict: 'not met', figure: 'p99 120 ms, slowest client 5.2 frames/s (cgroup v1 quota 1 CPU)' });
    expect(by('Soak, 300')).toMatchObject({ verdict: 'met', figure: '8.5 %' });
    expect(by('Soak: heap')).toMatchObject({ verdict: 'not met', figure: '6.2 %' });
    expect(by('history/state')).toMatchObject({ verdict: 'met', figure: '30 ms' });
    expect(by('Storage per update')).toMatchObject({ verdict: 'not met', figure: '700 B' });
    expect(by('Web: 1,000 cards')).toMatchObject({ verdict: 'not measured', figure: '1400 ms with 500 cards' });
    expect(by('Web: frame time')).toMatchObject({ verdict: 'met' });
    expect(by('Scale-out')).toMatchObject({ verdict: 'met', figure: '600 vs 200 clients (3.0×)' });
    expect(by('pnpm bench --quick')).toMatchObject({ verdict: 'not met', figure: '200 s' });
  });

  it('a run without those parts says so', () => {
    const rows = targetRows([], { quick: false, seconds: 0 });
    expect(rows.every((r) => r.verdict === 'not measured')).toBe(true);
    expect(rows.some((r) => r.target.startsWith('pnpm bench --quick'))).toBe(false);
  });

  it('a shortened soak, or one whose server gave no heap sample, is not measured', () => {
    const shortened = targetRows([{ name: 'Soak: 300 clients for 60 s (shortened; the full soak is 600 s)', rows: [{ 'RSS growth %': 2, 'heap after GC growth %': 1 }] }], { quick: true, seconds: 1 });
    expect(shortened.find((r) => r.target.startsWith('Soak: heap'))).toMatchObject({ verdict: 'not measured', figure: 'shortened soak: 1 %' });
    const silent = targetRows([{ name: 'Soak: 300 clients for 600 s', rows: [{ 'RSS growth %': 2, 'heap after GC growth %': 'NaN' }] }], { quick: false, seconds: 1 });
    expect(silent.find((r) => r.target.startsWith('Soak: heap'))).toMatchObject({ verdict: 'not measured', figure: 'the server gave no heap sample' });
  });
});
