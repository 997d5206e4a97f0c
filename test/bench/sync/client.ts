import { HocuspocusProvider, type HocuspocusProviderConfiguration } from '@hocuspocus/provider';
import { WebSocket, type RawData } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

// Every provider adds a process 'exit' listener; a run holds a thousand of them.
process.setMaxListeners(0);

/** Bytes received by every client socket of this process since the last reset. */
export const wire = { bytes: 0 };

function sizeOf(data: RawData | string): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.byteLength, 0);
  return data.byteLength;
}

/** `ws` WebSocket that counts the payload bytes of every message it receives. */
class CountingWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('message', (data: RawData) => { wire.bytes += sizeOf(data); });
  }
}

const Polyfill = CountingWebSocket as unknown as typeof globalThis.WebSocket;

export interface BenchClient {
  doc: Y.Doc;
  /** Resolves on the first completed sync with the server. */
  synced: Promise<void>;
  destroy(): void;
}

/**
 * Stock y-websocket 3 client (Ladder, the reference server and the relay). Clients carry no presence:
 * the local awareness state is cleared before connecting, so only document updates travel.
 */
export function yWebsocketClient(serverUrl: string, room: string, doc: Y.Doc, params: Record<string, string>): BenchClient {
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    params,
    WebSocketPolyfill: Polyfill,
    disableBc: true,
    connect: false,
  });
  provider.awareness.setLocalState(null);
  const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  provider.connect();
  return { doc, synced, destroy: () => provider.destroy() };
}

/** Everything a load process needs to connect any client of a room: serialisable, sent to the load processes. */
export interface RoomSpec {
  provider: 'y-websocket' | 'hocuspocus';
  /** Server base URLs (y-websocket: up to the room name); client i connects to `urls[i % urls.length]`. */
  urls: string[];
  room: string;
  /** Participant token of client i (Ladder), or null for servers without tokens. */
  tokens: string[] | null;
}

/** Connects client number `index` of a room with the client code of its server. */
export function connectClient(spec: RoomSpec, index: number, doc: Y.Doc = new Y.Doc()): BenchClient {
  const url = spec.urls[index % spec.urls.length] as string;
  if (spec.provider === 'hocuspocus') return hocuspocusClient(url, spec.room, doc);
  const token = spec.tokens?.[index];
  if (spec.tokens && token === undefined) throw new Error(`No participant token for client ${index}: open the room with more clients.`);
  return yWebsocketClient(url, spec.room, doc, token === undefined ? {} : { token });
}

/** Hocuspocus' own provider, one socket per client, no awareness. */
export function hocuspocusClient(url: string, room: string, doc: Y.Doc): BenchClient {
  let resolveSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => { resolveSynced = resolve; });
  const provider = new HocuspocusProvider({
    url,
    name: room,
    document: doc,
    awareness: null,
    WebSocketPolyfill: Polyfill,
    // Without awareness no message may arrive for a while; do not treat silence as a dead socket.
    messageReconnectTimeout: 3_600_000,
    onSynced: () => resolveSynced(),
  } as HocuspocusProviderConfiguration);
  return {
    doc,
    synced,
    destroy: () => {
      provider.destroy();
      provider.configuration.websocketProvider.destroy();
    },
  };
}
