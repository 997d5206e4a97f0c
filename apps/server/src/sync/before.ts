import * as Y from 'yjs';

/**
 * What `map` held under `key` before the transaction `txn` (still in progress) began: walks the key's items from the
 * newest, past those this transaction made, to the one that was current before it (alive then, or deleted by it).
 */
export function valueBefore(txn: Y.Transaction, map: Y.Map<unknown>, key: string): { had: boolean; value: unknown } {
  let item = (map as unknown as { _map: Map<string, Y.Item> })._map.get(key) ?? null;
  const madeHere = (it: Y.Item) => it.id.clock >= (txn.beforeState.get(it.id.client) ?? 0);
  while (item !== null && madeHere(item)) item = item.left;
  if (item === null) return { had: false, value: undefined };
  // Deleted before this transaction: the key was empty then.
  if (item.deleted && !deletedBy(txn, item.id)) return { had: false, value: undefined };
  const content = item.content.getContent();
  return { had: true, value: content[content.length - 1] };
}

/** Whether `txn` deleted the item at `id` (its delete set is not sorted until the transaction ends: searched whole). */
function deletedBy(txn: Y.Transaction, id: Y.ID): boolean {
  const ranges = txn.deleteSet.clients.get(id.client) ?? [];
  return ranges.some((r) => id.clock >= r.clock && id.clock < r.clock + r.len);
}
