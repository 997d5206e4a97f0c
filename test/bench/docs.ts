import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/server';
import type { BenchArgs } from './args';
import { markdownTable, type Machine, type Table } from './report';

export interface RunResult {
  startedAt: string;
  finishedAt: string;
  command: string;
  args: BenchArgs;
  machine: Machine;
  notes: string[];
  tables: Table[];
}

/** Writes `docs/bench/README-section.md` from one run: its tables, the machine and the command. */
export function writeReadmeSection(result: RunResult): void {
  const m = result.machine;
  const text = [
    '## Benchmarks',
    '',
    `Measured on ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC (run took until ${result.finishedAt.slice(11, 16)}).`,
    '',
    `Machine: ${m.nproc} cores (\`nproc\`), ${m.cpuModel}, ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.platform}.`,
    '',
    `Reproduce: \`${result.command || 'pnpm bench'}\` (add \`--quick\` for a short smoke run). Raw figures: \`bench-results/latest.json\`.`,
    '',
    `Clients per room in this run: ${result.args.clients.join(', ')}.`,
    '',
    ...result.notes.flatMap((note) => [note, '']),
    ...result.tables.flatMap((table) => [markdownTable(table), '']),
  ].join('\n');
  writeFileSync(join(repoRoot, 'docs', 'bench', 'README-section.md'), text);
}
