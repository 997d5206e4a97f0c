import * as Y from 'yjs';
import { featuresMap, metaMap, readFeature, readFeatures, readMeta, type RankingRow } from '@ladder/board-doc';
import type { Storage } from '../storage/types';
import { docAt } from './state';
import {
  answerAt, atOf, changeOf, copyPlain, decodeSegment, emptyPlain, encodeSegment, plainAt, segmentEnd, type Change, type Plain, type Segment,
  type Step,
} from './state-segment';

/** Updates per segment of the index, in memory and in storage: an answer replays at most this many steps. */
export const SEGMENT_SEQS = 1000;
/** Updates read from storage at a time by a build. */
const CHUNK = 1000;
/** Segments kept in memory per room (those not stored yet are always kept). */
const KEPT_SEGMENTS = 32;
/**
 * A build runs on the server's event loop: it yields to other requests after this many ms of applying updates, so a
 * request that arrives meanwhile waits at most about this long for it (a chunk of updates takes ~100 ms to apply).
 */
export const BUILD_SLICE_MS = 8;

export interface ExtendOptions {
  /** Runs whenever the build has applied updates for `sliceMs`, so a long build leaves room for other work. */
  pause?: () => Promise<void>;
  sliceMs?: number;
  /** Also store the segment in progress, short as it is (the room is idle: nothing follows soon). */
  storeTail?: boolean;
}

export interface StateIndexOptions {
  segmentSeqs?: number;
  /** A segment could not be stored (the index answers from memory all the same). */
  onError?: (error: unknown) => void;
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

function readPlain(doc: Y.Doc): Plain {
  return { features: new Map(readFeatures(doc).features.map((f) => [f.id, f])), capacity: readMeta(doc).capacity };
}

interface Kept {
  segment: Segment;
  /** Stored (written by this index or read from storage). */
  stored: boolean;
}

/**
 * The ranking after every seq of one room, in segments of SEGMENT_SEQS updates: the room after the segment's first
 * seq, then the fields each update changed. A build replays the log in a Yjs document, update by update, reading
 * after each one the features it touched the way `rankingOf` reads them (all of them when the room's settings
 * changed); each finished segment is stored, so that after a restart, or on another node, answers come from storage
 * without a document decoded, and a build goes on from the end of the stored index (its document from the nearest
 * snapshot). The log is immutable, so the index only grows.
 */
export class RoomStateIndex {
  readonly #segmentSeqs: number;
  readonly #onError: (error: unknown) => void;
  /** Segments by fromSeq, least recently used first. */
  readonly #kept = new Map<number, Kept>();
  /** The segment the build adds to; null until the build started. */
  #open: Segment | null = null;
  /** The room after the open segment's last seq. */
  #current: Plain = emptyPlain();
  #doc: Y.Doc | null = null;
  #touched = new Set<string>();
  #all = false;
  #building: Promise<void> | null = null;
  #writes: Promise<void> = Promise.resolve();
  /** The last seq of the short segment last stored (so that an idle room is not stored again unchanged). */
  #tailStored = -1;
  #destroyed = false;

  constructor(private readonly storage: Storage, readonly roomId: string, options: StateIndexOptions = {}) {
    this.#segmentSeqs = options.segmentSeqs ?? SEGMENT_SEQS;
    this.#onError = options.onError ?? (() => {});
  }

  /** The highest seq the build reached (0 before it started). */
  get covered(): number {
    return this.#open ? segmentEnd(this.#open) : 0;
  }

  /** False once destroyed or the log had a gap: the index then answers nothing more and the caller replays from a snapshot. */
  get usable(): boolean {
    return !this.#destroyed;
  }

  /** The time and ranking after `seq` from the segments in memory, or null. */
  answer(seq: number): { at: number; features: RankingRow[] } | null {
    if (this.#destroyed || seq < 0) return null;
    const segment = this.#segmentHolding(seq);
    return segment ? answerAt(segment, seq) : null;
  }

  /** The time and ranking after `seq` from the stored segment holding it (kept in memory for the next answers), or null. */
  async answerStored(seq: number): Promise<{ at: number; features: RankingRow[] } | null> {
    if (this.#destroyed || seq < 0) return null;
    const segment = await this.#readStored(() => this.storage.stateSegmentAt(this.roomId, seq));
    if (!segment || segmentEnd(segment) < seq) return null;
    this.#keep(segment, true);
    return answerAt(segment, seq);
  }

  /**
   * Indexes every update up to `toSeq` (one running build at a time; calls while one runs wait for it and then go on),
   * storing each segment it finishes. Resolves once those are stored.
   */
  extend(toSeq: number, options: ExtendOptions = {}): Promise<void> {
    const next = (this.#building ?? Promise.resolve()).then(() => this.#run(toSeq, options));
    // A failed build (storage gone, e.g. at shutdown) fails its own callers only; the next one starts afresh.
    const settled = next.then(() => {}, () => {});
    this.#building = settled;
    void settled.then(() => { if (this.#building === settled) this.#building = null; });
    return next;
  }

  async #run(toSeq: number, { pause = yieldToOthers, sliceMs = BUILD_SLICE_MS, storeTail = false }: ExtendOptions): Promise<void> {
    if (!this.#open && !(await this.#start())) return;
    let sliceStart = performance.now();
    while (!this.#destroyed && this.covered < toSeq) {
      if (!this.#doc && !(await this.#openDoc())) return;
      const updates = await this.storage.updatesInRange(this.roomId, this.covered, Math.min(toSeq, this.covered + CHUNK));
      for (const stored of updates) {
        // Dropped from the cache while reading or pausing: nothing more to do.
        if (this.#destroyed) return;
        if (stored.seq !== this.covered + 1) {
          this.destroy();
          return;
        }
        this.#apply(stored.at, stored.update);
        if (performance.now() - sliceStart >= sliceMs && this.covered < toSeq) {
          await pause();
          sliceStart = performance.now();
        }
      }
      if (updates.length === 0) break;
    }
    const open = this.#open;
    if (storeTail && open && !this.#destroyed && open.steps.length > 0 && segmentEnd(open) !== this.#tailStored) {
      this.#tailStored = segmentEnd(open);
      this.#store(open);
    }
    await this.#writes;
  }

  /**
   * Starts from the end of the stored index (its last segment, kept open when short). False when destroyed meanwhile.
   * The replaying document is made only once there is something past the stored index to replay.
   */
  async #start(): Promise<boolean> {
    const last = await this.#readStored(() => this.storage.lastStateSegment(this.roomId));
    if (this.#destroyed) return false;
    if (this.#open) return true;
    if (!last) {
      this.#open = { fromSeq: 0, at: 0, base: emptyPlain(), steps: [] };
      this.#current = emptyPlain();
      return true;
    }
    this.#keep(last, true);
    const end = segmentEnd(last);
    if (last.steps.length < this.#segmentSeqs) {
      this.#open = last;
      this.#tailStored = end;
    } else {
      this.#open = { fromSeq: end, at: atOf(last, end), base: plainAt(last, end), steps: [] };
    }
    this.#current = plainAt(last, end);
    return true;
  }

  /** The document after the build's last seq: the nearest snapshot and the updates after it. */
  async #openDoc(): Promise<boolean> {
    const seq = this.covered;
    const doc = seq === 0 ? new Y.Doc() : (await docAt(this.storage, this.roomId, { seq })).doc;
    if (this.#destroyed || this.#doc) {
      doc.destroy();
      return this.#doc !== null && !this.#destroyed;
    }
    featuresMap(doc).observeDeep((events) => {
      for (const event of events) {
        if (event.target === featuresMap(doc)) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) this.#touched.add(key);
        else if (typeof event.path[0] === 'string') this.#touched.add(event.path[0]);
      }
    });
    metaMap(doc).observeDeep(() => { this.#all = true; });
    this.#doc = doc;
    return true;
  }

  #apply(at: number, update: Uint8Array): void {
    const doc = this.#doc as Y.Doc;
    const open = this.#open as Segment;
    this.#touched.clear();
    this.#all = false;
    try {
      Y.applyUpdate(doc, update);
    } catch {
      // A stored update that does not apply is skipped, as when the room is loaded.
    }
    const changes: [string, Change][] = [];
    const step: Step = { at, changes };
    const current = this.#current;
    if (this.#all) {
      const next = readPlain(doc);
      if (next.capacity !== current.capacity) step.capacity = next.capacity;
      for (const id of [...new Set([...current.features.keys(), ...next.features.keys()])].sort()) {
        const change = changeOf(current.features.get(id), next.features.get(id) ?? null);
        if (change !== undefined) changes.push([id, change]);
      }
      this.#current = next;
    } else {
      for (const id of [...this.#touched].sort()) {
        const feature = readFeature(doc, id);
        const change = changeOf(current.features.get(id), feature);
        if (change === undefined) continue;
        changes.push([id, change]);
        if (feature) current.features.set(id, feature);
        else current.features.delete(id);
      }
    }
    open.steps.push(step);
    if (open.steps.length === this.#segmentSeqs) {
      this.#store(open);
      const end = segmentEnd(open);
      this.#open = { fromSeq: end, at, base: copyPlain(this.#current), steps: [] };
    }
  }

  /** Stores the segment as it is now (in order after the ones before; a failure is reported, the index goes on). */
  #store(segment: Segment): void {
    const kept = this.#keep(segment, false);
    const data = encodeSegment(segment);
    const toSeq = segmentEnd(segment);
    this.#writes = this.#writes.then(async () => {
      try {
        await this.storage.writeStateSegment(this.roomId, { fromSeq: segment.fromSeq, toSeq, data });
        if (segmentEnd(kept.segment) === toSeq) kept.stored = true;
      } catch (error) {
        this.#onError(error);
      }
    });
  }

  /** A stored segment, decoded; null when there is none or it does not decode (then it is as if not stored). */
  async #readStored(read: () => Promise<{ fromSeq: number; data: Uint8Array; toSeq: number } | null>): Promise<Segment | null> {
    const row = await read();
    if (!row) return null;
    try {
      const segment = decodeSegment(row.fromSeq, row.data);
      return segmentEnd(segment) === row.toSeq ? segment : null;
    } catch (error) {
      this.#onError(error);
      return null;
    }
  }

  /** The kept segment holding `seq` (the open one included), marked most recently used. */
  #segmentHolding(seq: number): Segment | null {
    const from = Math.floor(seq / this.#segmentSeqs) * this.#segmentSeqs;
    for (const start of [from, from - this.#segmentSeqs]) {
      const open = this.#open;
      if (open && open.fromSeq === start && segmentEnd(open) >= seq) return open;
      const kept = this.#kept.get(start);
      if (kept && segmentEnd(kept.segment) >= seq) {
        this.#kept.delete(start);
        this.#kept.set(start, kept);
        return kept.segment;
      }
    }
    return null;
  }

  /** Keeps a segment (a longer one than kept replaces it); drops the least recently used stored ones past KEPT_SEGMENTS. */
  #keep(segment: Segment, stored: boolean): Kept {
    const known = this.#kept.get(segment.fromSeq);
    if (known && (known.segment === segment || segmentEnd(known.segment) >= segmentEnd(segment))) {
      if (known.segment === segment) known.stored = stored;
      this.#kept.delete(segment.fromSeq);
      this.#kept.set(segment.fromSeq, known);
      return known;
    }
    const kept = { segment, stored };
    this.#kept.delete(segment.fromSeq);
    this.#kept.set(segment.fromSeq, kept);
    for (const [from, k] of this.#kept) {
      if (this.#kept.size <= KEPT_SEGMENTS) break;
      if (k.stored && k.segment !== this.#open) this.#kept.delete(from);
    }
    return kept;
  }

  /** Frees the replaying document and the kept segments: the index answers nothing more and grows no further. */
  destroy(): void {
    this.#doc?.destroy();
    this.#doc = null;
    this.#destroyed = true;
    this.#kept.clear();
  }
}
