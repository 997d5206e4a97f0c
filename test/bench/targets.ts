import type { Table } from './report';

// The targets the benchmark is held to, each printed as met / not met with the figure that decides it, read from the
// tables of the run (a part not run, or run below the target's size, says so instead of guessing).

type Row = Record<string, string | number>;
export interface TargetRow { target: string; figure: string; verdict: 'met' | 'not met' | 'not measured' }

const find = (tables: readonly Table[], prefix: string) => tables.find((t) => t.name.startsWith(prefix));
const measure = (table: Table | undefined, starts: string): number | null => {
  const r = table?.rows.find((x) => String(x.measure ?? '').startsWith(starts));
  return r && typeof r.value === 'number' ? r.value : null;
};
const num = (v: string | number | undefined) => (typeof v === 'number' ? v : Number.NaN);
const verdict = (ok: boolean): TargetRow['verdict'] => (ok ? 'met' : 'not met');

export function targetRows(tables: readonly Table[], run: { quick: boolean; seconds: number }): TargetRow[] {
  const out: TargetRow[] = [];
  // 1,000 clients, every cursor moving, 20 edits/s, the server held to one core.
  const big = find(tables, 'Big room');
  const allMoving = big?.rows.filter((r) => String(r.server) === 'Ladder' && num(r['moving cursors']) === num(r.clients) && num(r.clients) > 0) ?? [];
  const at1000 = allMoving.find((r) => num(r.clients) >= 1000);
  const t1 = '1,000 clients, all cursors moving, 20 edits/s, one core: edit p99 < 100 ms and every client ≥ 5 presence frames/s';
  if (at1000) {
    const p99 = num(at1000['edit p99 ms']);
    const hz = num(at1000['presence Hz min']);
    out.push({ target: t1, figure: `p99 ${p99} ms, slowest client ${hz} frames/s (${String(at1000.confined ?? 'confinement unknown')})`, verdict: verdict(p99 < 100 && hz >= 5) });
  } else out.push({ target: t1, figure: allMoving.length ? `run at ${Math.max(...allMoving.map((r) => num(r.clients)))} clients only` : 'big room not run', verdict: 'not measured' });
  // Soak.
  const soak = find(tables, 'Soak');
  const soakRow = soak?.rows[0] as Row | undefined;
  const t2 = 'Soak, 300 clients, 10 minutes: RSS after the first minute grows < 10 %';
  if (soakRow && !soak?.name.includes('shortened')) out.push({ target: t2, figure: `${num(soakRow['RSS growth %'])} %`, verdict: verdict(num(soakRow['RSS growth %']) < 10) });
  else out.push({ target: t2, figure: soakRow ? `shortened soak: ${num(soakRow['RSS growth %'])} %` : 'soak not run', verdict: 'not measured' });
  const t2h = 'Soak: heap after a forced GC grows < 5 %';
  const heapGrowth = num(soakRow?.['heap after GC growth %']);
  if (soakRow && Number.isFinite(heapGrowth) && !soak?.name.includes('shortened')) out.push({ target: t2h, figure: `${heapGrowth} %`, verdict: verdict(heapGrowth < 5) });
  else out.push({ target: t2h, figure: !soakRow ? 'soak not run' : Number.isFinite(heapGrowth) ? `shortened soak: ${heapGrowth} %` : 'the server gave no heap sample', verdict: 'not measured' });
  // History.
  const history = find(tables, 'history');
  const full = history?.name.includes('50,000') ?? false;
  const state = measure(history, 'history/state right after the start, p50');
  const t3 = 'history/state right after a restart, 50,000-update room: p50 < 50 ms';
  if (state !== null && full) out.push({ target: t3, figure: `${state} ms`, verdict: verdict(state < 50) });
  else out.push({ target: t3, figure: state !== null ? `${state} ms on a smaller room` : 'history not run', verdict: 'not measured' });
  const bytes = measure(history, 'SQLite bytes per update');
  const t4 = 'Storage per update halved from 1,302 bytes (≤ 651 B)';
  if (bytes !== null && full) out.push({ target: t4, figure: `${bytes} B`, verdict: verdict(bytes <= 651) });
  else out.push({ target: t4, figure: bytes !== null ? `${bytes} B on a smaller room` : 'history not run', verdict: 'not measured' });
  // Web.
  const web = tables.find((t) => /^web: board with \d+ cards/.test(t.name));
  const cards = Number(/with (\d+) cards/.exec(web?.name ?? '')?.[1] ?? 0);
  const load = measure(web, 'page load → interactive');
  const t5 = 'Web: 1,000 cards interactive in under 2 s';
  if (load !== null && cards >= 1000) out.push({ target: t5, figure: `${load} ms`, verdict: verdict(load < 2000) });
  else out.push({ target: t5, figure: load !== null ? `${load} ms with ${cards} cards` : 'web not run', verdict: 'not measured' });
  const p95 = measure(web, 'frame time p95');
  const t6 = 'Web: frame time p95 < 33 ms while 10 remote edits a second arrive';
  out.push(p95 !== null ? { target: t6, figure: `${p95} ms with ${cards} cards`, verdict: verdict(p95 < 33) } : { target: t6, figure: 'web not run', verdict: 'not measured' });
  // Scale-out.
  const scale = find(tables, 'Scale-out capacity:');
  const one = scale?.rows.find((r) => num(r.nodes) === 1);
  const three = scale?.rows.find((r) => num(r.nodes) === 3);
  const t7 = 'Scale-out: 3 nodes hold ≥ 2.5× the room one node holds';
  const cap = (r: Row | undefined) => Number(String(r?.['clients in one room'] ?? '').replace(/[^\d.]/g, ''));
  if (one && three && cap(one) > 0) {
    const ratio = cap(three) / cap(one);
    out.push({ target: t7, figure: `${cap(three)} vs ${cap(one)} clients (${ratio.toFixed(1)}×)`, verdict: verdict(ratio >= 2.5) });
  } else {
    const why = !scale ? 'scale-out capacity not run' : !three ? 'this run searched 1 and 2 nodes only' : 'one node held no step';
    out.push({ target: t7, figure: why, verdict: 'not measured' });
  }
  if (run.quick) out.push({ target: 'pnpm bench --quick finishes in under 3 minutes', figure: `${Math.round(run.seconds)} s`, verdict: verdict(run.seconds < 180) });
  return out;
}

/** The targets as a table of the run. */
export function targetsTable(tables: readonly Table[], run: { quick: boolean; seconds: number }): Table {
  return { name: 'Targets', rows: targetRows(tables, run).map((r) => ({ target: r.target, figure: r.figure, verdict: r.verdict })) };
}
