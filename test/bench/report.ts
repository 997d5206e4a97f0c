import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export interface Table { name: string; rows: Record<string, string | number>[] }

function columnsOf(rows: Table['rows']): string[] {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return columns;
}

const cell = (value: string | number | undefined) => (value === undefined ? '' : typeof value === 'number' && Number.isNaN(value) ? 'n/a' : String(value));

/** A plain-text table with aligned columns, numbers right-aligned. */
export function textTable(table: Table): string {
  const columns = columnsOf(table.rows);
  const cells = table.rows.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (values: string[], numeric: boolean[]) =>
    values.map((v, i) => (numeric[i] ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number))).join('  ').trimEnd();
  const numeric = columns.map((c) => table.rows.every((r) => r[c] === undefined || typeof r[c] === 'number'));
  return [table.name, line(columns, columns.map(() => false)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map((r) => line(r, numeric))].join('\n');
}

/** The same table in Markdown. */
export function markdownTable(table: Table): string {
  const columns = columnsOf(table.rows);
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `**${escape(table.name)}**`,
    '',
    `| ${columns.map(escape).join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...table.rows.map((row) => `| ${columns.map((c) => escape(cell(row[c]))).join(' | ')} |`),
  ].join('\n');
}

export interface Machine { nproc: number; cpuModel: string; memoryGiB: number; node: string; platform: string }

export function machine(): Machine {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) cpuModel = match[1].trim();
  } catch {
    // not Linux: keep the model os.cpus() reports
  }
  return { nproc: cpus().length, cpuModel, memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10, node: process.version, platform: `${process.platform} ${process.arch}` };
}
