import * as Y from 'yjs';
import { featuresMap, LEAD_KEY, metaMap, readMeta } from '@ladder/board-doc';
import type { Author } from '../plugins';
import { isCommitOrigin, type RoomPeer } from '../sync/room';
import { FACILITATOR_SETTINGS, featureProblem, metaProblem, metaRequired, plainOf, plainValue, type Plain, type Violation } from './rules';

/** The violations one stored update caused, with who sent it. */
export interface Offence {
  seq: number;
  author: Author;
  sender: RoomPeer | null;
  violations: Violation[];
}

/**
 * Keeps the last valid copy of every feature and of the room settings, and after each applied update reports
 * what it changed that breaks the rules, with the fix (the previous valid value, or a deletion).
 */
export class ValidityTracker {
  readonly #features = new Map<string, Plain>();
  readonly #meta: Plain = {};
  readonly #pending: Offence[] = [];
  /** Invalid values the document held when it was loaded (a server stopped between an invalid change and its revert). */
  readonly #atLoad: Violation[] = [];
  readonly #stop: () => void;
  /** Transactions checked in their commit and found valid: the copies are up to date, the observers skip them. */
  readonly #decided = new WeakSet<Y.Transaction>();

  constructor(readonly doc: Y.Doc, private readonly trusted: (author: Author) => boolean) {
    const features = featuresMap(doc);
    const meta = metaMap(doc);
    const { scale } = readMeta(doc);
    features.forEach((map, id) => {
      if (!(map instanceof Y.Map)) {
        this.#atLoad.push({ featureId: id, field: null, value: plainValue(map), reason: 'A feature must be a map of fields.', fix: { op: 'feature', fields: null } });
        return;
      }
      const fields = plainOf(map);
      this.#features.set(id, this.#validPart(id, fields, scale));
      for (const [field, value] of Object.entries(fields)) {
        const problem = featureProblem(id, field, value, scale);
        if (problem !== null) this.#atLoad.push({ featureId: id, field, value, reason: problem, fix: { op: 'delete' } });
      }
    });
    for (const [key, value] of meta.entries()) {
      const problem = metaProblem(key, plainValue(value));
      if (problem === null) this.#meta[key] = plainValue(value);
      else this.#atLoad.push({ featureId: null, field: key, value: plainValue(value), reason: problem, fix: { op: 'delete' } });
    }
    const onFeatures = (events: Y.YEvent<Y.AbstractType<unknown>>[], txn: Y.Transaction): void => {
      if (this.#decided.has(txn)) return;
      // Feature id → the fields this transaction wrote (null: the whole entry was set or removed).
      const touched = new Map<string, Set<string> | null>();
      for (const event of events) {
        if (event.target === features) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) touched.set(key, null);
        else if (typeof event.path[0] === 'string' && event.path.length === 1 && event instanceof Y.YMapEvent) {
          const id = event.path[0];
          const fields = touched.has(id) ? touched.get(id) : new Set<string>();
          if (fields) for (const key of event.keysChanged) fields.add(key);
          touched.set(id, fields ?? null);
        } else if (typeof event.path[0] === 'string') touched.set(event.path[0], null);
      }
      this.#check(txn, this.#checkFeatures(touched));
    };
    const onMeta = (event: Y.YMapEvent<unknown>, txn: Y.Transaction): void => {
      if (this.#decided.has(txn)) return;
      const author = isCommitOrigin(txn.origin) ? txn.origin.author : null;
      this.#check(txn, this.#checkMeta(event.keysChanged, author?.role ?? null));
    };
    features.observeDeep(onFeatures);
    meta.observe(onMeta);
    this.#stop = () => {
      features.unobserveDeep(onFeatures);
      meta.unobserve(onMeta);
    };
  }

  /** Invalid values found in the document as loaded, each with a deletion as its fix (see `guard` for better ones). */
  invalidAtLoad(): Violation[] {
    return this.#atLoad.splice(0);
  }

  /** Offences recorded since the last call. */
  take(): Offence[] {
    return this.#pending.splice(0);
  }

  stop(): void {
    this.#stop();
  }

  #check(txn: Y.Transaction, violations: Violation[]): void {
    const origin = txn.origin;
    if (violations.length === 0 || !isCommitOrigin(origin) || this.trusted(origin.author)) return;
    const last = this.#pending[this.#pending.length - 1];
    if (last && last.seq === origin.seq) last.violations.push(...violations);
    else this.#pending.push({ seq: origin.seq, author: origin.author, sender: origin.sender, violations });
  }

  /** The fields of `fields` that pass the rules. */
  #validPart(id: string, fields: Plain, scale: readonly number[]): Plain {
    return Object.fromEntries(Object.entries(fields).filter(([field, value]) => featureProblem(id, field, value, scale) === null));
  }

  /**
   * What a transaction still in progress changed that breaks the rules, read from its `changed` types: a commit calls
   * it after applying an update, changes the refused values back in the same transaction, then calls `decided`.
   */
  violationsIn(txn: Y.Transaction, role: string | null): Violation[] {
    const features = featuresMap(this.doc);
    const meta = metaMap(this.doc);
    const touched = new Map<string, Set<string> | null>();
    let metaKeys: Set<string> | null = null;
    txn.changed.forEach((keys, changed) => {
      const type = changed as unknown;
      if (type === features) {
        for (const key of keys) if (key !== null) touched.set(key, null);
      } else if (type === meta) {
        metaKeys = new Set([...keys].filter((k): k is string => k !== null));
      } else if (changed._item?.parent === features && typeof changed._item.parentSub === 'string') {
        const id = changed._item.parentSub;
        if (touched.has(id) && touched.get(id) === null) return;
        const fields = touched.get(id) ?? new Set<string>();
        for (const key of keys) {
          if (key === null) {
            touched.set(id, null);
            return;
          }
          fields.add(key);
        }
        touched.set(id, fields);
      }
    });
    // One pass: the copies take in the valid part of each change, which is what the document holds once the caller
    // has changed the refused values back.
    return [...this.#checkFeatures(touched), ...(metaKeys ? this.#checkMeta(metaKeys, role) : [])];
  }

  /** The caller decided on `txn` (and put right what `violationsIn` found): the observers need not check it again. */
  decided(txn: Y.Transaction): void {
    this.#decided.add(txn);
  }

  #checkFeatures(touched: Map<string, Set<string> | null>, keep = true): Violation[] {
    const features = featuresMap(this.doc);
    const { scale } = readMeta(this.doc);
    const out: Violation[] = [];
    for (const [id, written] of touched) {
      const entry = features.get(id) as unknown;
      const before = this.#features.get(id);
      if (entry === undefined) {
        if (keep) this.#features.delete(id);
        continue;
      }
      if (!(entry instanceof Y.Map)) {
        out.push({ featureId: id, field: null, value: plainValue(entry), reason: 'A feature must be a map of fields.', fix: { op: 'feature', fields: before ?? null } });
        continue;
      }
      const now = plainOf(entry);
      const valid: Plain = {};
      for (const field of new Set([...Object.keys(now), ...Object.keys(before ?? {})])) {
        if (!(field in now)) continue;
        if (written && !written.has(field)) {
          if (before && field in before) valid[field] = before[field];
          continue;
        }
        const problem = featureProblem(id, field, now[field], scale);
        if (problem === null) {
          valid[field] = now[field];
          continue;
        }
        const previous = before?.[field];
        if (previous !== undefined) valid[field] = previous;
        out.push({ featureId: id, field, value: now[field], reason: problem, fix: previous === undefined ? { op: 'delete' } : { op: 'set', value: previous } });
      }
      if (keep) this.#features.set(id, valid);
    }
    return out;
  }

  #checkMeta(keys: Set<string>, role: string | null, keep = true): Violation[] {
    const meta = metaMap(this.doc);
    const out: Violation[] = [];
    for (const key of keys) {
      const previous = this.#meta[key];
      const current = meta.has(key) ? plainValue(meta.get(key)) : undefined;
      // A setting someone else wrote back to what it was (a compensated change) is no change of it.
      if (FACILITATOR_SETTINGS.has(key) && role !== 'facilitator' && JSON.stringify(current ?? null) !== JSON.stringify(previous ?? null)) {
        out.push({
          featureId: null, field: key, value: current ?? null, reason: key === LEAD_KEY ? 'Only the facilitator brings everyone to a feature (meta.lead).' : `Only the facilitator changes the room's ${key}.`,
          fix: previous === undefined ? { op: 'delete' } : { op: 'set', value: previous },
        });
        continue;
      }
      if (current === undefined) {
        if (metaRequired(key) && previous !== undefined) {
          out.push({ featureId: null, field: key, value: null, reason: `The room's ${key} may not be removed.`, fix: { op: 'set', value: previous } });
        } else if (keep) delete this.#meta[key];
        continue;
      }
      const value = current;
      const problem = metaProblem(key, value);
      if (problem === null) {
        if (keep) this.#meta[key] = value;
        continue;
      }
      out.push({ featureId: null, field: key, value, reason: problem, fix: previous === undefined ? { op: 'delete' } : { op: 'set', value: previous } });
    }
    return out;
  }
}
