import * as Y from 'yjs';

/** Whether the transaction `txn` (still in progress) made `item`. */
export function madeIn(txn: Y.Transaction, item: Y.Item): boolean {
  return item.id.clock >= (txn.beforeState.get(item.id.client) ?? 0);
}

/** A client the transaction wrote for: its structs, and the clock the transaction started from. */
export interface WrittenClient {
  client: number;
  structs: readonly (Y.Item | Y.GC)[];
  from: number;
}

/**
 * Inside a transaction still in progress (its afterState is only filled once it ends): the clients whose items go past
 * its start, read once from the document's store.
 */
export function clientsWrittenIn(txn: Y.Transaction): WrittenClient[] {
  const out: WrittenClient[] = [];
  txn.doc.store.clients.forEach((structs, client) => {
    const last = structs[structs.length - 1];
    const from = txn.beforeState.get(client) ?? 0;
    if (last && last.id.clock + last.length > from) out.push({ client, structs: structs as (Y.Item | Y.GC)[], from });
  });
  return out;
}

/**
 * The item that was current under `key` of `map` before the transaction `txn` (still in progress) began, or null when
 * the key was empty then: walks the key's items from the newest, past those this transaction made.
 */
export function itemBefore(txn: Y.Transaction, map: Y.Map<unknown>, key: string): Y.Item | null {
  let item = (map as unknown as { _map: Map<string, Y.Item> })._map.get(key) ?? null;
  while (item !== null && madeIn(txn, item)) item = item.left;
  // Deleted before this transaction: the key was empty then.
  if (item === null || (item.deleted && !deletedBy(txn, item.id))) return null;
  return item;
}

/** The value an item holds (the last of its content). */
export function valueOf(item: Y.Item): unknown {
  const content = item.content.getContent();
  return content[content.length - 1];
}

/** What `map` held under `key` before the transaction `txn` (still in progress) began. */
export function valueBefore(txn: Y.Transaction, map: Y.Map<unknown>, key: string): { had: boolean; value: unknown } {
  const item = itemBefore(txn, map, key);
  return item === null ? { had: false, value: undefined } : { had: true, value: valueOf(item) };
}

/** Whether `txn` deleted the item at `id` (its delete set is not sorted until the transaction ends: searched whole). */
function deletedBy(txn: Y.Transaction, id: Y.ID): boolean {
  const ranges = txn.deleteSet.clients.get(id.client) ?? [];
  return ranges.some((r) => id.clock >= r.clock && id.clock < r.clock + r.len);
}
