import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { rankRows, type Feature, type RankingRow } from '@ladder/board-doc';

// A segment of a room's state index: the features and capacity after seq `fromSeq`, then what each following update
// changed, down to the field. Segments start at multiples of the segment length, so every node cuts the same ones;
// their bytes depend on the log alone (features and changes in id order, fields in the order a feature is read).

/** The features and capacity of the room after one seq. */
export interface Plain {
  features: Map<string, Feature>;
  capacity: number | null;
}

/** The fields of a feature one update changed (every field for a new one; undefined: the field is gone), or null: the feature is gone. */
export type Change = Readonly<Record<string, unknown>> | null;

/** What one stored update changed (nothing, for most of a board's updates: cards moving, presence, notes). */
export interface Step {
  at: number;
  /** By feature id, in id order. */
  changes: readonly (readonly [string, Change])[];
  /** Present when the capacity changed. */
  capacity?: number | null;
}

export interface Segment {
  fromSeq: number;
  /** The time of update `fromSeq` (0 for seq 0). */
  at: number;
  /** The room after `fromSeq`. Never changed once the segment exists. */
  base: Plain;
  /** The steps of seqs fromSeq + 1, fromSeq + 2, … */
  steps: Step[];
}

const FORMAT = 1;

export const emptyPlain = (): Plain => ({ features: new Map(), capacity: null });

export function copyPlain(plain: Plain): Plain {
  return { features: new Map(plain.features), capacity: plain.capacity };
}

/** The last seq a segment answers. */
export const segmentEnd = (segment: Segment): number => segment.fromSeq + segment.steps.length;

/** How a feature changed from `before` to `after`: undefined when it did not. Values are plain (strings, numbers, booleans, null). */
export function changeOf(before: Feature | undefined, after: Feature | null): Change | undefined {
  if (!after) return before ? null : undefined;
  if (!before) return { ...after };
  let change: Record<string, unknown> | undefined;
  const was = before as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(after)) {
    if (was[field] !== value) (change ??= {})[field] = value;
  }
  for (const field of Object.keys(was)) if (!(field in after)) (change ??= {})[field] = undefined;
  return change;
}

export function applyStep(plain: Plain, step: Step): void {
  if (step.capacity !== undefined) plain.capacity = step.capacity;
  for (const [id, change] of step.changes) {
    if (change === null) {
      plain.features.delete(id);
      continue;
    }
    const next = { ...plain.features.get(id), ...change } as Record<string, unknown>;
    for (const [field, value] of Object.entries(change)) if (value === undefined) delete next[field];
    plain.features.set(id, next as unknown as Feature);
  }
}

/** Ranked as `rankingOf` ranks a document: features in `readFeatures` order (createdAt, then id), then `rankRows`. */
export function rankPlain(plain: Plain): RankingRow[] {
  const features = [...plain.features.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rankRows(features, plain.capacity);
}

/** The room after `seq` (fromSeq ≤ seq ≤ segmentEnd). */
export function plainAt(segment: Segment, seq: number): Plain {
  const plain = copyPlain(segment.base);
  for (let i = 0; i < seq - segment.fromSeq; i++) applyStep(plain, segment.steps[i] as Step);
  return plain;
}

/** The time of update `seq` (fromSeq ≤ seq ≤ segmentEnd). */
export function atOf(segment: Segment, seq: number): number {
  return seq === segment.fromSeq ? segment.at : (segment.steps[seq - segment.fromSeq - 1] as Step).at;
}

export function answerAt(segment: Segment, seq: number): { at: number; features: RankingRow[] } {
  return { at: atOf(segment, seq), features: rankPlain(plainAt(segment, seq)) };
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Strings said once per segment and referred to by number after: 0 and the string the first time, its index + 1 after. */
class Names {
  readonly #index = new Map<string, number>();
  readonly #names: string[] = [];

  write(encoder: encoding.Encoder, name: string): void {
    const known = this.#index.get(name);
    if (known !== undefined) {
      encoding.writeVarUint(encoder, known + 1);
      return;
    }
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarString(encoder, name);
    this.#index.set(name, this.#names.length);
    this.#names.push(name);
  }

  read(decoder: decoding.Decoder): string {
    const ref = decoding.readVarUint(decoder);
    if (ref > 0) {
      const name = this.#names[ref - 1];
      if (name === undefined) throw new Error('a segment of the state index refers to a name it never gave');
      return name;
    }
    const name = decoding.readVarString(decoder);
    this.#names.push(name);
    return name;
  }
}

function writeChange(encoder: encoding.Encoder, ids: Names, fields: Names, id: string, change: Change): void {
  ids.write(encoder, id);
  if (change === null) {
    encoding.writeVarUint(encoder, 0);
    return;
  }
  const entries = Object.entries(change);
  encoding.writeVarUint(encoder, entries.length);
  for (const [field, value] of entries) {
    fields.write(encoder, field);
    encoding.writeAny(encoder, value as never);
  }
}

function readChange(decoder: decoding.Decoder, ids: Names, fields: Names): [string, Change] {
  const id = ids.read(decoder);
  const count = decoding.readVarUint(decoder);
  if (count === 0) return [id, null];
  const change: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const field = fields.read(decoder);
    change[field] = decoding.readAny(decoder);
  }
  return [id, change];
}

/** The bytes of a segment (its seqs are the row's: fromSeq and fromSeq + the number of steps). */
export function encodeSegment(segment: Segment): Uint8Array {
  const encoder = encoding.createEncoder();
  const ids = new Names();
  const fields = new Names();
  encoding.writeVarUint(encoder, FORMAT);
  encoding.writeAny(encoder, segment.at);
  encoding.writeAny(encoder, segment.base.capacity);
  const base = [...segment.base.features.keys()].sort(byId);
  encoding.writeVarUint(encoder, base.length);
  for (const id of base) writeChange(encoder, ids, fields, id, { ...segment.base.features.get(id) as Feature });
  encoding.writeVarUint(encoder, segment.steps.length);
  let at = segment.at;
  for (const step of segment.steps) {
    encoding.writeAny(encoder, step.at - at);
    at = step.at;
    encoding.writeVarUint(encoder, step.changes.length * 2 + (step.capacity !== undefined ? 1 : 0));
    if (step.capacity !== undefined) encoding.writeAny(encoder, step.capacity);
    for (const [id, change] of step.changes) writeChange(encoder, ids, fields, id, change);
  }
  return encoding.toUint8Array(encoder);
}

/** A segment from its bytes; throws on bytes of another format or cut short. */
export function decodeSegment(fromSeq: number, data: Uint8Array): Segment {
  const decoder = decoding.createDecoder(data);
  const format = decoding.readVarUint(decoder);
  if (format !== FORMAT) throw new Error(`a segment of the state index in format ${format}, which this server does not know`);
  const ids = new Names();
  const fields = new Names();
  const at = decoding.readAny(decoder) as number;
  const capacity = decoding.readAny(decoder) as number | null;
  const features = new Map<string, Feature>();
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const [id, change] = readChange(decoder, ids, fields);
    features.set(id, change as unknown as Feature);
  }
  const steps: Step[] = [];
  const length = decoding.readVarUint(decoder);
  let last = at;
  for (let i = 0; i < length; i++) {
    last += decoding.readAny(decoder) as number;
    const head = decoding.readVarUint(decoder);
    const step: { at: number; changes: [string, Change][]; capacity?: number | null } = { at: last, changes: [] };
    if (head % 2 === 1) step.capacity = decoding.readAny(decoder) as number | null;
    for (let c = 0; c < Math.floor(head / 2); c++) step.changes.push(readChange(decoder, ids, fields));
    steps.push(step);
  }
  if (decoding.hasContent(decoder)) throw new Error('a segment of the state index has bytes past its end');
  return { fromSeq, at, base: { features, capacity }, steps };
}
