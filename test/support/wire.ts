import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';

// Raw y-websocket frames over a plain `ws` socket, for tests that must send what no stock client would.

/** How a connection ended: the server's close code and reason (1006 when dropped without a close frame). */
export interface CloseInfo { code: number; reason: string }

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

/** `[sync, step1, stateVector]`: the server answers with a step 2 carrying what we lack. */
export function syncStep1Frame(doc: Y.Doc = new Y.Doc()): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** `[sync, update, update]`: an incremental document update. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** `[awareness, update]` announcing `state` for a throwaway client. */
export function awarenessFrame(state: Record<string, unknown>): Uint8Array {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(state);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
  awareness.destroy();
  doc.destroy();
  return encoding.toUint8Array(encoder);
}

/** A frame whose outer message type no y-websocket peer knows. */
export function unknownTypeFrame(type = 99): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarString(encoder, 'what is this');
  return encoding.toUint8Array(encoder);
}

export interface SyncFrame { sub: number; payload: Uint8Array }

/** Decodes a sync frame the server sent (`sub` 0 = step 1, 1 = step 2, 2 = update); null for other types. */
export function readSyncFrame(frame: Uint8Array): SyncFrame | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
  const sub = decoding.readVarUint(decoder);
  return { sub, payload: decoding.readVarUint8Array(decoder) };
}

/** A raw WebSocket with everything it received and how it was closed. */
export interface RawSocket {
  ws: WebSocket;
  frames: Uint8Array[];
  /** Resolves when the socket closes, with the close code and reason (1006 when dropped without a close frame). */
  closed: Promise<CloseInfo>;
  closeInfo: CloseInfo | null;
  send(frame: Uint8Array | string): void;
  /** Sends a step 1 and waits for the step 2 answering it; null when the socket closed first. */
  probe(timeoutMs?: number): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

/** Opens `ws://…/sync/<roomId>?token=…` (token omitted when null) and waits until it is open or closed. */
export async function openRaw(wsUrl: string, roomId: string, token: string | null, maxPayload = 64 * 1024 * 1024): Promise<RawSocket> {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(`${wsUrl}/sync/${encodeURIComponent(roomId)}${query}`, { maxPayload });
  ws.binaryType = 'nodebuffer';
  const frames: Uint8Array[] = [];
  const waiters = new Set<() => void>();
  const raw: RawSocket = {
    ws,
    frames,
    closeInfo: null,
    closed: new Promise<CloseInfo>((resolve) => {
      ws.on('close', (code, reason) => {
        raw.closeInfo = { code, reason: reason.toString() };
        resolve(raw.closeInfo);
        for (const wake of waiters) wake();
      });
    }),
    send(frame) {
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
    },
    async probe(timeoutMs = 10_000) {
      const before = frames.length;
      raw.send(syncStep1Frame());
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (let i = before; i < frames.length; i++) {
          const frame = readSyncFrameSafe(frames[i] as Uint8Array);
          if (frame?.sub === 1) return frame.payload;
        }
        if (raw.closeInfo) return null;
        if (Date.now() > deadline) throw new Error(`no sync step 2 within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const wake = () => { waiters.delete(wake); clearTimeout(timer); resolve(); };
          const timer = setTimeout(wake, 50);
          waiters.add(wake);
        });
      }
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000);
      if ((await closedWithin(raw, 2000)) === null) ws.terminate();
    },
  };
  ws.on('message', (data: Buffer) => {
    frames.push(new Uint8Array(data));
    for (const wake of waiters) wake();
  });
  ws.on('error', () => { /* reported through 'close' */ });
  await new Promise<void>((resolve) => {
    ws.once('open', () => resolve());
    void raw.closed.then(() => resolve());
  });
  return raw;
}

function readSyncFrameSafe(frame: Uint8Array): SyncFrame | null {
  try {
    return readSyncFrame(frame);
  } catch {
    return null;
  }
}

/** The document state a probe answer (sync step 2) carries. */
export function docFromStep2(payload: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, payload);
  return doc;
}

/**
 * True when a frame cannot be a y-websocket message whatever the server accepts: empty, an unreadable
 * or unknown message type (above 3), an unknown sync step, or a length prefix running past the end.
 */
export function isStructurallyMalformed(frame: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(frame);
    if (!decoding.hasContent(decoder)) return true;
    const type = decoding.readVarUint(decoder);
    if (type > 3) return true;
    if (type === MESSAGE_SYNC) {
      if (decoding.readVarUint(decoder) > 2) return true;
      decoding.readVarUint8Array(decoder);
    } else if (type === MESSAGE_AWARENESS) {
      decoding.readVarUint8Array(decoder);
    }
    return false;
  } catch {
    return true;
  }
}

/**
 * A token that was never signed: the first character of its last dot-separated part (or of the whole
 * token) replaced, which changes signed bits whatever the encoding.
 */
export function forgeToken(token: string): string {
  const cut = token.lastIndexOf('.') + 1;
  const ch = token[cut] ?? 'A';
  const swapped = ch === 'A' ? 'B' : 'A';
  return token.slice(0, cut) + swapped + token.slice(cut + 1);
}

/** Waits for the socket to close, or returns null when it is still open after `timeoutMs`. */
export async function closedWithin(socket: Pick<RawSocket, 'closed'>, timeoutMs: number): Promise<CloseInfo | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([socket.closed, new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs); })]);
  } finally {
    clearTimeout(timer);
  }
}
