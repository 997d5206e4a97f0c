import * as Y from 'yjs';
import { featuresMap, metaMap, rankRows, readFeature, readFeatures, readMeta, type Feature, type RankingRow } from '@ladder/board-doc';
import type { Storage } from '../storage/types';

/** A full copy of the features every this many seqs, so an answer replays at most this many changes. */
const CHECKPOINT_EVERY = 200;
/** Updates read from storage at a time by a build. */
const CHUNK = 1000;
/**
 * A build runs on the server's event loop: it yields to other requests after this many ms of applying updates, so a
 * request that arrives meanwhile waits at most about this long for it (a chunk of updates takes ~100 ms to apply).
 */
export const BUILD_SLICE_MS = 8;

/** The features and capacity of the room after one seq. */
interface Plain {
  features: Map<string, Feature>;
  capacity: number | null;
}

/** What one stored update changed: the features it touched (null: gone), or everything when the room's settings changed. */
interface Step {
  at: number;
  changed: Map<string, Feature | null> | null;
  full: Plain | null;
}

function readPlain(doc: Y.Doc): Plain {
  return { features: new Map(readFeatures(doc).features.map((f) => [f.id, f])), capacity: readMeta(doc).capacity };
}

function copyPlain(plain: Plain): Plain {
  return { features: new Map(plain.features), capacity: plain.capacity };
}

function applyStep(plain: Plain, step: Step): void {
  if (step.full) {
    plain.features = new Map(step.full.features);
    plain.capacity = step.full.capacity;
    return;
  }
  for (const [id, feature] of step.changed ?? []) {
    if (feature) plain.features.set(id, feature);
    else plain.features.delete(id);
  }
}

/** Ranked as `rankingOf` ranks a document: features in `readFeatures` order (createdAt, then id), then `rankRows`. */
function rankPlain(plain: Plain): RankingRow[] {
  const features = [...plain.features.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rankRows(features, plain.capacity);
}

/**
 * The ranking after every seq of one room, from one pass over its update log: a Yjs document replays the log from
 * the start, update by update, and after each one the features it touched are read the way `rankingOf` reads them
 * (all of them when the room's settings changed). Answers are then a checkpoint plus at most CHECKPOINT_EVERY steps,
 * with no document decoded. The log is immutable, so the index only grows; `extend` follows new updates.
 */
export class RoomStateIndex {
  /** Seqs 0…`covered` are indexed. */
  #covered = 0;
  readonly #steps: Step[] = [];
  readonly #checkpoints: Plain[] = [];
  #doc: Y.Doc | null = new Y.Doc();
  #current: Plain;
  #touched = new Set<string>();
  #all = false;
  #building: Promise<void> | null = null;
  #broken = false;

  constructor(private readonly storage: Storage, readonly roomId: string) {
    const doc = this.#doc as Y.Doc;
    this.#current = readPlain(doc);
    this.#checkpoints.push(copyPlain(this.#current));
    featuresMap(doc).observeDeep((events) => {
      for (const event of events) {
        if (event.target === featuresMap(doc)) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) this.#touched.add(key);
        else if (typeof event.path[0] === 'string') this.#touched.add(event.path[0]);
      }
    });
    metaMap(doc).observeDeep(() => { this.#all = true; });
  }

  /** The highest seq this index answers. */
  get covered(): number {
    return this.#covered;
  }

  /** False once the log had a gap: the index then answers nothing and the caller replays from a snapshot. */
  get usable(): boolean {
    return !this.#broken;
  }

  /** The time and ranking after `seq`, or null when `seq` is not indexed (yet). */
  answer(seq: number): { at: number; features: RankingRow[] } | null {
    if (this.#broken || seq > this.#covered || seq < 0) return null;
    const base = Math.floor(seq / CHECKPOINT_EVERY);
    const plain = copyPlain(this.#checkpoints[base] as Plain);
    for (let s = base * CHECKPOINT_EVERY + 1; s <= seq; s++) applyStep(plain, this.#steps[s - 1] as Step);
    return { at: seq === 0 ? 0 : (this.#steps[seq - 1] as Step).at, features: rankPlain(plain) };
  }

  /**
   * Indexes every update up to `toSeq` (one running build at a time; calls while one runs wait for it and then go on).
   * `pause` runs whenever the build has applied updates for `sliceMs`, so a long build leaves room for other requests.
   */
  extend(toSeq: number, pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)), sliceMs = BUILD_SLICE_MS): Promise<void> {
    const run = async (): Promise<void> => {
      let sliceStart = performance.now();
      while (!this.#broken && this.#doc && this.#covered < toSeq) {
        const to = Math.min(toSeq, this.#covered + CHUNK);
        const updates = await this.storage.updatesInRange(this.roomId, this.#covered, to);
        for (const stored of updates) {
          // Dropped from the cache while reading or pausing: nothing more to do.
          if (!this.#doc) return;
          if (stored.seq !== this.#covered + 1) {
            this.#break();
            return;
          }
          this.#apply(stored.seq, stored.at, stored.update);
          if (performance.now() - sliceStart >= sliceMs && this.#covered < toSeq) {
            await pause();
            sliceStart = performance.now();
          }
        }
        if (updates.length === 0) return;
      }
    };
    // A failed build (storage gone, e.g. at shutdown) fails its own callers only; the next one starts afresh.
    const next = (this.#building ?? Promise.resolve()).then(run);
    const settled = next.then(() => {}, () => {});
    this.#building = settled;
    void settled.then(() => { if (this.#building === settled) this.#building = null; });
    return next;
  }

  #apply(seq: number, at: number, update: Uint8Array): void {
    const doc = this.#doc as Y.Doc;
    this.#touched.clear();
    this.#all = false;
    try {
      Y.applyUpdate(doc, update);
    } catch {
      // A stored update that does not apply is skipped, as when the room is loaded.
    }
    let step: Step;
    if (this.#all) {
      this.#current = readPlain(doc);
      step = { at, changed: null, full: copyPlain(this.#current) };
    } else {
      const changed = new Map<string, Feature | null>();
      for (const id of this.#touched) {
        const feature = readFeature(doc, id);
        changed.set(id, feature);
        if (feature) this.#current.features.set(id, feature);
        else this.#current.features.delete(id);
      }
      step = { at, changed, full: null };
    }
    this.#steps.push(step);
    this.#covered = seq;
    if (seq % CHECKPOINT_EVERY === 0) this.#checkpoints.push(copyPlain(this.#current));
  }

  #break(): void {
    this.destroy();
  }

  /** Frees the replaying document: the index answers nothing more and grows no further. */
  destroy(): void {
    this.#doc?.destroy();
    this.#doc = null;
    this.#broken = true;
  }
}
