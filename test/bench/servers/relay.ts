import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/**
 * The floor: a relay that keeps no document. Every binary frame a socket sends is forwarded to the other
 * sockets of its room, except sync step 1 (a client asking for what it misses): the relay answers it
 * itself with an empty sync step 2, so a provider counts itself synced after one round trip, and no
 * other client has to answer. "Synced" on the floor therefore means "connected", and the document a
 * client holds is only what it brought along or received live.
 *
 * Frames (y-websocket protocol): varUint message type (0 sync, 1 awareness), for sync a varUint
 * sub-type (0 step 1, 1 step 2, 2 update) then the payload. Listens on HOST:PORT, prints `listening on <port>`.
 */
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? '0');

/** Sync step 2 carrying an empty Yjs update (no structs, empty delete set). */
const EMPTY_STEP2 = Uint8Array.of(0, 1, 2, 0, 0);

const rooms = new Map<string, Set<WebSocket>>();

function roomOf(url: string | undefined): string {
  const path = new URL(url ?? '/', 'http://relay').pathname;
  return path.replace(/^\/+/, '') || '/';
}

function isStep1(frame: Buffer): boolean {
  return frame.length >= 2 && frame[0] === 0 && frame[1] === 0;
}

const wss = new WebSocketServer({ host, port, maxPayload: 16 * 1024 * 1024 });
wss.on('connection', (socket, request) => {
  const name = roomOf(request.url);
  const room = rooms.get(name) ?? new Set<WebSocket>();
  rooms.set(name, room);
  room.add(socket);
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (!isBinary) return;
    const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isStep1(frame)) {
      socket.send(EMPTY_STEP2);
      return;
    }
    for (const peer of room) if (peer !== socket && peer.readyState === peer.OPEN) peer.send(frame);
  });
  socket.on('close', () => {
    room.delete(socket);
    if (room.size === 0) rooms.delete(name);
  });
  socket.on('error', () => socket.terminate());
});
wss.on('listening', () => {
  const address = wss.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : String(address)}`);
});

const stop = () => { wss.close(); for (const client of wss.clients) client.terminate(); process.exit(0); };
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
