import type * as Y from 'yjs';
import type { TLRecord, TLStore } from 'tldraw';
import type { YKeyValue } from 'y-utility/y-keyvalue';
import type { CanvasRecord } from '../room/model';

type Change = { action: 'add'; newValue: CanvasRecord } | { action: 'update'; oldValue: CanvasRecord; newValue: CanvasRecord } | { action: 'delete'; oldValue: CanvasRecord };

export interface BindOptions {
  /** Origin of the transactions that carry this store's changes; they are not merged back. */
  origin: object;
  /** Observers: remote changes come in, nothing goes out. */
  readOnly: boolean;
  onRejected?: (record: unknown, error: unknown) => void;
}

/** Puts records one batch at a time; a record another client wrote that does not validate is skipped. */
function putValid(store: TLStore, records: CanvasRecord[], onRejected?: (r: unknown, e: unknown) => void): void {
  if (records.length === 0) return;
  try {
    store.put(records as unknown as TLRecord[]);
  } catch {
    for (const record of records) {
      try {
        store.put([record as unknown as TLRecord]);
      } catch (err) {
        onRejected?.(record, err);
      }
    }
  }
}

/**
 * Binds a tldraw store to the document's canvas (tldraw records by id in a YKeyValue):
 * local changes → one Yjs transaction with `origin`; remote changes → `store.mergeRemoteChanges`.
 * Returns the function that unbinds.
 */
export function bindStore(store: TLStore, canvas: YKeyValue<CanvasRecord>, options: BindOptions): () => void {
  const doc = canvas.doc;
  store.mergeRemoteChanges(() => {
    putValid(store, [...canvas.map.values()].map((e) => e.val), options.onRejected);
  });

  const unlisten = options.readOnly
    ? () => {}
    : store.listen(({ changes }) => {
        doc.transact(() => {
          for (const record of Object.values(changes.added)) canvas.set(record.id, record as unknown as CanvasRecord);
          for (const [, record] of Object.values(changes.updated)) canvas.set(record.id, record as unknown as CanvasRecord);
          for (const record of Object.values(changes.removed)) canvas.delete(record.id);
        }, options.origin);
      }, { source: 'user', scope: 'document' });

  const onChange = (changes: Map<string, Change>, txn: Y.Transaction) => {
    if (txn.origin === options.origin) return;
    const puts: CanvasRecord[] = [];
    const removes: string[] = [];
    changes.forEach((change, key) => {
      if (change.action === 'delete') removes.push(key);
      else puts.push(change.newValue);
    });
    store.mergeRemoteChanges(() => {
      const gone = removes.filter((id) => store.has(id as TLRecord['id'])) as TLRecord['id'][];
      if (gone.length > 0) store.remove(gone);
      putValid(store, puts, options.onRejected);
    });
  };
  canvas.on('change', onChange);
  return () => {
    unlisten();
    canvas.off('change', onChange);
  };
}
