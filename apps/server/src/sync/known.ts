import * as Y from 'yjs';

interface Range { clock: number; len: number }

/**
 * Tells whether an update would change a document, without applying it: a rejoining client's sync step 2
 * carries its whole delete set even when the server has all of it, and storing those would cost a write per client.
 * The document's state vector and delete set are computed once per document version.
 */
export class KnownState {
  #sv: Map<number, number> | null = null;
  #ds: Map<number, Range[]> | null = null;

  constructor(private readonly doc: Y.Doc) {}

  /** Forget the cached state (call on every document change). */
  invalidate(): void {
    this.#sv = null;
    this.#ds = null;
  }

  /** True when every struct and every deletion in `update` is already in the document. */
  holds(update: Uint8Array): boolean {
    const store = this.doc.store;
    if (store.pendingStructs || store.pendingDs) return false;
    const { structs, ds } = Y.decodeUpdate(update);
    this.#sv ??= Y.decodeStateVector(Y.encodeStateVector(this.doc));
    for (const struct of structs) {
      if (struct.id.clock + struct.length > (this.#sv.get(struct.id.client) ?? 0)) return false;
    }
    if (ds.clients.size === 0) return true;
    this.#ds ??= Y.createDeleteSetFromStructStore(store).clients as Map<number, Range[]>;
    for (const [client, items] of ds.clients as Map<number, Range[]>) {
      const known = this.#ds.get(client);
      if (!known) return false;
      for (const item of items) if (!covered(known, item)) return false;
    }
    return true;
  }
}

/** `ranges` is sorted and merged (as Yjs builds it): one range must hold all of `item`. */
function covered(ranges: readonly Range[], item: Range): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = ranges[mid] as Range;
    if (item.clock < range.clock) hi = mid - 1;
    else if (item.clock >= range.clock + range.len) lo = mid + 1;
    else return item.clock + item.len <= range.clock + range.len;
  }
  return false;
}
