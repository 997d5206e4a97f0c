import { parse } from 'csv-parse';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { HttpError } from '../errors';
import type * as Y from 'yjs';
import { BoardDocError, checkFeatureField, createFeature, featuresMap, readFeature, readMeta, toPlain, updateFeature, type FeaturePatch } from '@ladder/board-doc';
import { snapToScale, type Component } from '@ladder/wsjf';
import type { ImportWarning as WireImportWarning } from '@ladder/wire';

/** The fields a CSV column can fill, and the header names (compared lower-case, letters and digits only) that mean it. */
const COLUMN_NAMES: Record<string, readonly string[]> = {
  id: ['id', 'issuekey', 'key'],
  title: ['title', 'summary'],
  description: ['description'],
  team: ['team'],
  // A room's themes are its strategic themes (guardrails and shares are kept per `theme`).
  theme: ['theme', 'strategictheme'],
  userBusinessValue: ['userbusinessvalue', 'businessvalue'],
  timeCriticality: ['timecriticality'],
  riskReduction: ['riskreduction', 'riskreductionopportunityenablement', 'rroe'],
  jobSize: ['jobsize', 'storypoints'],
};
/** The estimate columns, and how a warning names each. */
const ESTIMATE_NAMES: Readonly<Record<Component, string>> = {
  userBusinessValue: 'Business value',
  timeCriticality: 'Time criticality',
  riskReduction: 'Risk reduction',
  jobSize: 'Job size',
};
const isEstimate = (field: string): field is Component => Object.hasOwn(ESTIMATE_NAMES, field);

/** What one import may hold, and how it is read and written so that other rooms never wait on it for long. */
export const IMPORT_LIMITS = {
  /** Bytes of one CSV body (413 beyond). */
  maxBytes: 5 * 1024 * 1024,
  /** Rows of one CSV, the header not counted (413 beyond). */
  maxRows: 5000,
  /** Bytes parsed between two turns of the event loop. */
  parseChunkBytes: 32 * 1024,
  /** Rows written in one change (one stored update each). */
  rowsPerChange: 100,
} as const;

export interface ImportRow {
  /** Line of the record in the file; the header is line 1. */
  line: number;
  fields: Record<string, string | number>;
  /** Estimate cells that are not numbers (left out of `fields`); present only when there are some. */
  unreadable?: Array<{ field: Component; text: string }>;
}

export interface Rejected {
  line: number;
  reason: string;
}

/** An estimate the import left out of a row it imported (the answer's `warnings`, as `@ladder/wire` declares them). */
export type ImportWarning = WireImportWarning & { column: Component };

export class CsvImportError extends Error {
  readonly code = 'invalid_csv';

  constructor(message: string) {
    super(message);
    this.name = 'CsvImportError';
  }
}

/** A header as compared: Jira's "Custom field (Story Points)" is "Story Points"; then lower-case letters and digits only. */
const normalise = (header: string) => header.replace(/^\s*custom\s*field\s*\((.*)\)\s*$/i, '$1').toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The separator of the file, read from its header line: European Excel writes `;` where the decimal mark is a comma,
 * and a spreadsheet copied as text separates by tabs. Counts outside quotes; a comma wins a tie.
 */
export function separatorOf(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  return counts['\t'] > counts[','] ? '\t' : ',';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A parsed record and the bytes read up to its end. */
interface ParsedRecord {
  record: string[];
  info: { bytes: number };
}

/**
 * Reads the records of `body` a chunk at a time, giving the event loop a turn between chunks (a 5 MB file holds
 * it for under a second in one go). Stops past `IMPORT_LIMITS.maxRows` data rows with a 413.
 */
async function readRecords(body: string, delimiter: string, onBytes: (bytes: number) => void): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  // relax_quotes: a quote inside an unquoted cell is text (`27" monitors`), as spreadsheets read it.
  const parser = parse({
    relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true, info: true, delimiter,
    on_record: (record, context) => {
      onBytes(context.bytes);
      return record;
    },
  });
  parser.on('readable', () => {
    for (let record = parser.read() as ParsedRecord | null; record !== null; record = parser.read() as ParsedRecord | null) out.push(record);
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  done.catch(() => { /* awaited below */ });
  const bytes = Buffer.from(body, 'utf8');
  for (let at = 0; at < bytes.length && !parser.destroyed; at += IMPORT_LIMITS.parseChunkBytes) {
    parser.write(bytes.subarray(at, at + IMPORT_LIMITS.parseChunkBytes));
    await nextTurn();
    if (out.length > IMPORT_LIMITS.maxRows + 1) {
      parser.destroy();
      throw tooManyRows(`more than ${IMPORT_LIMITS.maxRows}`);
    }
  }
  if (!parser.destroyed) parser.end();
  await done;
  return out;
}

const tooManyRows = (count: string) => new HttpError(413, 'too_many_rows',
  `The CSV has ${count} rows; import at most ${IMPORT_LIMITS.maxRows} at a time: split the file and import each part.`);

/** Parses an import CSV into rows of known fields; rows that cannot be read are rejected with their line. */
export async function parseImportCsv(text: string): Promise<{ rows: ImportRow[]; rejected: Rejected[]; ignoredColumns: string[] }> {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new CsvImportError('The CSV is empty: send a header row and one row per feature.');
  // A JSON body (a script's mistake) would read as a one-column CSV with a strange header: say what was expected.
  if (/^\s*[[{]/.test(body) && isJson(body)) {
    throw new CsvImportError('The body is JSON, not CSV: send the backlog as CSV text (a header row, then one row per feature).');
  }
  const badByte = body.indexOf('\uFFFD');
  if (badByte >= 0) {
    const line = body.slice(0, badByte).split('\n').length;
    throw new CsvImportError(`The CSV is not UTF-8 text (line ${line} holds a character that cannot be read): save it as "CSV UTF-8" and import it again.`);
  }
  let records: string[][];
  /** The line each record starts on: a quoted cell may hold line breaks (Jira descriptions do), so records are not lines. */
  const startLines: number[] = [];
  // Line breaks (\n, \r\n or a lone \r) counted in the bytes before each record.
  const bytes = Buffer.from(body, 'utf8');
  let line = 1;
  let at = 0;
  const countLinesTo = (end: number) => {
    for (; at < end && at < bytes.length; at++) {
      if (bytes[at] === 0x0a || (bytes[at] === 0x0d && bytes[at + 1] !== 0x0a)) line++;
    }
  };
  let readBytes = 0;
  try {
    const parsed = await readRecords(body, separatorOf(body), (n) => {
      readBytes = n;
    });
    if (parsed.length - 1 > IMPORT_LIMITS.maxRows) throw tooManyRows(String(parsed.length - 1));
    for (const { info } of parsed) {
      startLines.push(line);
      countLinesTo(info.bytes);
    }
    records = parsed.map(({ record }) => record);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    // Everything after a broken quote is one cell as far as any reader can tell: no row after it can be trusted.
    countLinesTo(readBytes);
    throw new CsvImportError(`The CSV cannot be read from line ${line} on: the row starting there opens a quote that is never closed. `
      + 'Quote a whole cell ("like, this") and double the quotes inside it (""); nothing was imported.');
  }
  const [header, ...data] = records;
  if (!header) throw new CsvImportError('The CSV has no header row.');
  const names = header.map(normalise);
  const columns: Array<[string, number[]]> = Object.entries(COLUMN_NAMES).map(([field, aliases]) => [
    field,
    aliases.flatMap((alias) => names.flatMap((name, index) => (name === alias ? [index] : []))),
  ]);
  const hasColumn = (name: string) => columns.some(([field, indexes]) => field === name && indexes.length > 0);
  // Without titles a file can still update the features it names by id; each row with an unknown id is rejected on its own.
  if (!hasColumn('title') && !hasColumn('id')) {
    throw new CsvImportError('The CSV needs a title column ("title" or Jira\'s "Summary"), or an id column ("id" or "Issue key") to update features on the board.');
  }
  const used = new Set(columns.flatMap(([, indexes]) => indexes));
  const ignoredColumns = header.filter((name, index) => !used.has(index) && name.trim() !== '').map((name) => name.trim());
  const rows: ImportRow[] = [];
  const rejected: Rejected[] = [];
  const seenIds = new Map<string, number>();
  data.forEach((cells, i) => {
    const line = startLines[i + 1] as number;
    if (cells.every((cell) => cell.trim() === '')) return;
    if (cells.length > header.length && cells.slice(header.length).some((cell) => cell.trim() !== '')) {
      rejected.push({ line, reason: `The row has ${cells.length} cells but the header has ${header.length}: quote values that contain the separator.` });
      return;
    }
    const fields: Record<string, string | number> = {};
    const unreadable: NonNullable<ImportRow['unreadable']> = [];
    const problems: string[] = [];
    for (const [field, indexes] of columns) {
      const raw = indexes.map((index) => cells[index] ?? '').find((cell) => cell.trim() !== '');
      if (raw === undefined) continue;
      if (isEstimate(field)) {
        // Not a number: the estimate is left blank (applyImport says so), the rest of the row is imported.
        const value = decimalOf(raw);
        if (value === null) unreadable.push({ field, text: raw.trim().slice(0, 40) });
        else fields[field] = value;
      } else {
        fields[field] = field === 'description' ? raw : raw.trim();
      }
    }
    const id = typeof fields.id === 'string' && fields.id !== '' ? fields.id : null;
    const first = id === null ? undefined : seenIds.get(id);
    if (first !== undefined) problems.push(`id ${id} is on line ${first} already: one row per feature`);
    if (problems.length > 0) {
      rejected.push({ line, reason: problems.join('; ') + '.' });
      return;
    }
    if (id !== null) seenIds.set(id, line);
    rows.push(unreadable.length > 0 ? { line, fields, unreadable } : { line, fields });
  });
  return { rows, rejected, ignoredColumns };
}

/** A number as a spreadsheet writes one (`5`, `-1`, `2.5`, `.5`), or null: no hex, exponents, `Infinity` or thousands separators. */
function decimalOf(cell: string): number | null {
  const text = cell.trim();
  return /^[+-]?(\d+(\.\d+)?|\.\d+)$/.test(text) ? Number(text) : null;
}

/**
 * Writes the rows into the document (call inside one transaction): a known id updates its feature, any other
 * row creates one. Empty cells leave existing values alone. An estimate that is not on the room's scale, or not a
 * number, is left out as if its cell were empty, with a warning; the rest of its row is imported. Rows the document
 * refuses are rejected (their warnings dropped), and so is a row without a title whose id is not on the board (a
 * file without a title column can only update).
 */
export function applyImport(doc: Y.Doc, rows: readonly ImportRow[], ctx: { participantId: string; now: number }) {
  let created = 0;
  let updated = 0;
  const rejected: Rejected[] = [];
  const warnings: ImportWarning[] = [];
  const { scale } = readMeta(doc);
  for (const row of rows) {
    const { line } = row;
    const id = typeof row.fields.id === 'string' ? row.fields.id : undefined;
    const existing = id !== undefined ? featuresMap(doc).get(id) : undefined;
    const current = (field: Component) => (existing === undefined ? null : readFeature(doc, id as string)?.[field] ?? null);
    const { fields, rowWarnings } = leaveOutBadEstimates(row, scale, current);
    try {
      if (id !== undefined && existing !== undefined) {
        const { id: _id, ...patch } = fields;
        const before = JSON.stringify(toPlain(existing));
        updateFeature(doc, id, patch as FeaturePatch, ctx);
        // A row that repeats what the feature already holds is not an update.
        if (JSON.stringify(toPlain(existing)) !== before) updated++;
      } else {
        if (typeof fields.title !== 'string' || fields.title === '') {
          const known = id === undefined ? '' : ` (no feature has id ${id})`;
          throw new BoardDocError('invalid_value', `no title: a new feature needs a title${known}.`);
        }
        createFeature(doc, fields as unknown as Parameters<typeof createFeature>[1], ctx);
        created++;
      }
      warnings.push(...rowWarnings);
    } catch (error) {
      if (!(error instanceof BoardDocError)) throw error;
      rejected.push({ line, reason: problemsOf(doc, fields) ?? error.message });
    }
  }
  return { created, updated, rejected, warnings };
}

/**
 * The row's fields without its estimates that are off the scale, and a warning for each of those and for each cell
 * that was not a number: "left blank", or "kept N" when the feature being updated holds N (as an empty cell would).
 */
function leaveOutBadEstimates(row: ImportRow, scale: readonly number[], current: (field: Component) => number | null) {
  const fields = { ...row.fields };
  const rowWarnings: ImportWarning[] = [];
  const outcome = (field: Component) => {
    const kept = current(field);
    return kept === null ? 'left blank' : `kept ${kept}`;
  };
  for (const field of Object.keys(ESTIMATE_NAMES) as Component[]) {
    const text = row.unreadable?.find((cell) => cell.field === field)?.text;
    const value = row.fields[field];
    if (text !== undefined) {
      rowWarnings.push({
        line: row.line, column: field, value: text, nearest: null,
        message: `${ESTIMATE_NAMES[field]} "${text}" is not a number; ${outcome(field)} (use a value of the room's scale: ${scale.join(', ')})`,
      });
    } else if (typeof value === 'number' && !scale.includes(value)) {
      delete fields[field];
      const nearest = snapToScale(value, scale);
      rowWarnings.push({
        line: row.line, column: field, value, nearest,
        message: `${ESTIMATE_NAMES[field]} ${value} is not on the room's scale; ${outcome(field)} (nearest: ${nearest})`,
      });
    }
  }
  return { fields, rowWarnings };
}

/** Every bad value of a row, so one round of fixes is enough; null when no single field is at fault. */
function problemsOf(doc: Y.Doc, fields: Record<string, string | number>): string | null {
  const { scale } = readMeta(doc);
  const problems: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const check = checkFeatureField(field, value, scale);
    if (!check.ok) problems.push(check.message.replace(/\.$/, ''));
  }
  return problems.length > 1 ? problems.join('; ') + '.' : null;
}
