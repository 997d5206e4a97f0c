import { WebSocket } from 'ws';
import { CLOSE } from '../close-codes';

/**
 * The little the sync core needs from a socket, so tests can use in-memory pairs as well as real `ws` sockets.
 * `message` delivers one binary frame; `close` fires once, whoever closed.
 */
export interface SyncSocket {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  on(event: 'message', listener: (data: Uint8Array) => void): void;
  on(event: 'close', listener: (code: number, reason: string) => void): void;
  /** Bytes queued for sending and not yet written (0 when unknown). */
  readonly bufferedAmount: number;
}

/**
 * Wraps a `ws` WebSocket. A text frame closes the connection as malformed (4400); `onRefuse` hears of that close, so it
 * is counted like the sync core's own refusals.
 */
export function wsSocket(ws: WebSocket, onRefuse?: (code: number, reason: string) => void): SyncSocket {
  ws.binaryType = 'nodebuffer';
  return {
    send(data) {
      if (ws.readyState === WebSocket.OPEN) ws.send(data, { binary: true });
    },
    close(code, reason) {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
    },
    on(event: 'message' | 'close', listener: (...args: never[]) => void) {
      if (event === 'message') {
        ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
          if (!isBinary) {
            // The protocol is binary: a text frame is malformed, whatever its bytes would decode to.
            if (ws.readyState === WebSocket.OPEN) {
              const reason = 'Text frames are not part of the protocol: send binary y-websocket frames.';
              ws.close(CLOSE.BAD_FRAME, reason);
              onRefuse?.(CLOSE.BAD_FRAME, reason);
            }
            return;
          }
          const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
          (listener as (d: Uint8Array) => void)(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        });
      } else {
        ws.on('close', (code: number, reason: Buffer) => (listener as (c: number, r: string) => void)(code, reason.toString()));
      }
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
  };
}
