import type * as Y from 'yjs';

// A part of a room's document read for React (`useSyncExternalStore`): read at most once a frame after what it watches
// changes, however many components read it, and handed out as the same object until `read` answers a new one. The
// document is observed only while someone listens; without listeners every read is fresh.

const frame = (fn: () => void): (() => void) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(fn);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(fn, 16);
  return () => clearTimeout(id);
};

export interface DocPart<T> {
  /** The part as it is now; `prev` (the last answer) is answered again, the same object, when nothing in it changed. */
  read(doc: Y.Doc, prev: T | null): T;
  /** Observes what the part is read from, calling `changed` on any change; answers how to stop. */
  watch(doc: Y.Doc, changed: () => void): () => void;
}

export class DocStore<T> {
  private state: T | null = null;
  private readonly listeners = new Set<() => void>();
  private stop: (() => void) | null = null;
  private pending: (() => void) | null = null;

  constructor(private readonly doc: Y.Doc, private readonly part: DocPart<T>) {}

  private read(): T {
    return this.part.read(this.doc, this.state);
  }

  getSnapshot = (): T => {
    // Read at once when nobody listens (the document is not observed then, so a kept copy could be stale).
    if (this.state === null || this.listeners.size === 0) this.state = this.read();
    return this.state;
  };

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    if (!this.stop) this.observe();
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size > 0) return;
      this.stop?.();
      this.stop = null;
      this.pending?.();
      this.pending = null;
    };
  };

  private observe(): void {
    const changed = () => {
      if (this.pending) return;
      this.pending = frame(() => {
        this.pending = null;
        if (this.doc.isDestroyed) return;
        const next = this.read();
        if (next === this.state) return;
        this.state = next;
        for (const fn of this.listeners) fn();
      });
    };
    this.stop = this.part.watch(this.doc, changed);
    // Whatever changed before the first listener came is read now.
    this.state = this.read();
  }
}

/** One store per document and part, made on first use. */
export function storeFor<T>(stores: WeakMap<Y.Doc, DocStore<T>>, doc: Y.Doc, part: DocPart<T>): DocStore<T> {
  let store = stores.get(doc);
  if (!store) {
    store = new DocStore(doc, part);
    stores.set(doc, store);
  }
  return store;
}
