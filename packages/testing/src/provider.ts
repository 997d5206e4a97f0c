/** What `closeProvider` needs of a y-websocket `WebsocketProvider` (described here so this package does not depend on it). */
export interface ClosableProvider {
  maxBackoffTime: number;
  destroy(): void;
  awareness: { destroy(): void };
  doc: { destroy(): void };
}

const closed = new WeakSet<ClosableProvider>();

/**
 * Closes a y-websocket client for good: its socket, its awareness timer and its document. y-websocket schedules a
 * reconnect whenever its socket closes (a no-op once destroyed); with no backoff left it runs at once, so no timer of
 * the client outlives the test that opened it. Closing twice does nothing.
 */
export function closeProvider(provider: ClosableProvider): void {
  if (closed.has(provider)) return;
  closed.add(provider);
  provider.maxBackoffTime = 0;
  provider.destroy();
  provider.awareness.destroy();
  provider.doc.destroy();
}
