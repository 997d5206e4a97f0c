import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { clientAddress, type AccessLimiter } from '../access/limits';
import { wsSocket } from '../sync/socket';
import type { SyncServer } from '../sync/sync-server';

/**
 * The WebSocket layer reads frames up to twice the frame limit, so a frame over the limit reaches the connection and is
 * refused there with 4413 and a reason naming its size; only a frame over twice the limit is cut off by the layer
 * itself with 1009, before it is buffered.
 */
function transportCeiling(maxFrameBytes: number): number {
  return maxFrameBytes * 2;
}

/** Connects per room and source address: past the limit an upgrade is answered 429 with Retry-After (the client retries). */
export interface UpgradeLimits { limiter: AccessLimiter; trustProxy: number }

/** Answers WebSocket upgrades on `/sync/:roomId?token=…` on the HTTP server's own port; anything else gets a 404. */
export function attachUpgrade(server: Server, sync: SyncServer, maxFrameBytes: number, limits?: UpgradeLimits): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: transportCeiling(maxFrameBytes), perMessageDeflate: false });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/sync\/([^/]*)$/.exec(url.pathname);
    if (!match) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let roomId = '';
    try {
      roomId = decodeURIComponent(match[1] as string);
    } catch {
      // An undecodable room id stays empty and is refused as an unknown room.
    }
    const refused = limits?.limiter.connect(roomId, clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], limits.trustProxy));
    if (refused) {
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${refused.retryAfterSeconds}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', (error: Error & { code?: string }) => {
        // ws closes the socket itself after this error; the close reaches the connection as usual.
        if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') sync.closedByTransport(1009, 'Frame over the size limit.');
      });
      sync.handle(wsSocket(ws, (code, reason) => sync.closedByTransport(code, reason)), roomId, url.searchParams.get('token'));
    });
  });
  return wss;
}
