import { afterEach } from 'vitest';
import { connectClient, type SyncClient } from './clients';

/**
 * What a test opens against a server — stock clients, raw sockets — closed after each test, the newest first. Call it
 * at the top of a test file.
 */
export function closedAfterEach(): {
  /** A stock client of the room, synced. */
  client(wsUrl: string, roomId: string, token: string): Promise<SyncClient>;
  /** Keeps anything with a `close` to close after the test. */
  keep<T extends { close(): unknown }>(item: T): T;
} {
  const opened: { close(): unknown }[] = [];
  afterEach(async () => {
    for (const item of opened.splice(0).reverse()) await item.close();
  });
  return {
    async client(wsUrl, roomId, token) {
      const c = connectClient(wsUrl, roomId, token);
      opened.push({ close: () => c.destroy() });
      await c.synced;
      return c;
    },
    keep(item) {
      opened.push(item);
      return item;
    },
  };
}
