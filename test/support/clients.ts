import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { closeProvider } from '@ladder/testing';
import { readSyncFrame, type CloseInfo } from './wire';


// Each provider adds a process 'exit' listener; tests run dozens of them in one process.
if (process.getMaxListeners() < 200) process.setMaxListeners(200);

export type { CloseInfo };

/** A stock y-websocket 3 client in Node, as the browser uses it. */
export interface SyncClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves on the first completed sync with the server. */
  synced: Promise<void>;
  /** Close frames the server sent this client, oldest first (local disconnects are not listed). */
  closes: CloseInfo[];
  /**
   * Every update the server sent this client (sync step 2 and update payloads, as sent), in arrival order.
   * Not the document's update events: those are computed against local state and can carry local deletions.
   */
  received: Uint8Array[];
  destroy(): void;
}

export interface ConnectOptions {
  /** Start disconnected (call `provider.connect()` later). */
  connect?: boolean;
  /** Apply this state to the document before connecting. */
  initial?: Uint8Array;
  /** Keep reconnecting after 4400–4499 too (the stock client gives up there). */
  reconnectAlways?: boolean;
  /** The Yjs client id of the document (which of two concurrent writes Yjs orders last depends on it). */
  clientId?: number;
}

/**
 * Connects a stock `WebsocketProvider` to `/sync/<roomId>?token=…`.
 * BroadcastChannel is off: in one Node process it would let clients sync past the server.
 */
export function connectClient(wsUrl: string, roomId: string, token: string, options: ConnectOptions = {}): SyncClient {
  const doc = new Y.Doc();
  if (options.clientId !== undefined) doc.clientID = options.clientId;
  if (options.initial) Y.applyUpdate(doc, options.initial);
  const provider = new WebsocketProvider(`${wsUrl}/sync`, roomId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 500,
    ...(options.reconnectAlways ? { shouldReconnect: () => true } : {}),
  });
  const closes: CloseInfo[] = [];
  const received: Uint8Array[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  const watched = new WeakSet<object>();
  const watch = () => {
    const ws = provider.ws as unknown as WebSocket | null;
    if (!ws || watched.has(ws)) return;
    watched.add(ws);
    ws.addEventListener('message', (event) => {
      try {
        const frame = readSyncFrame(new Uint8Array(event.data as ArrayBuffer));
        if (frame && (frame.sub === 1 || frame.sub === 2)) received.push(frame.payload);
      } catch {
        // not a sync frame this test can read; the provider reports it
      }
    });
  };
  // The first socket exists before we can listen for 'status'; later ones are announced by it.
  watch();
  provider.on('status', watch);
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
  let destroyed = false;
  return {
    doc,
    provider,
    synced,
    closes,
    received,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      closeProvider(provider);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Maps `items` through `fn` with at most `concurrency` calls in flight; results keep the items' order. */
export async function mapPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
