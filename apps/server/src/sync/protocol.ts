import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CLOSE } from '../close-codes';

// The y-websocket wire format, decoded strictly: every length is checked against the frame itself and
// nothing may follow the message.

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
  | { type: 'query-awareness' };

/** A frame the server refuses; `closeCode` is what the connection is closed with. */
export class FrameError extends Error {
  readonly code: string;
  readonly closeCode: number;

  constructor(closeCode: number, code: string, message: string) {
    super(message);
    this.name = 'FrameError';
    this.closeCode = closeCode;
    this.code = code;
  }
}

const malformed = (what: string) => new FrameError(CLOSE.BAD_FRAME, 'bad_frame', `Malformed frame: ${what}.`);

function readUint(decoder: decoding.Decoder, what: string): number {
  try {
    return decoding.readVarUint(decoder);
  } catch {
    throw malformed(`unreadable ${what}`);
  }
}

function readBytes(decoder: decoding.Decoder, what: string): Uint8Array {
  const length = readUint(decoder, `${what} length`);
  if (length > decoder.arr.length - decoder.pos) throw malformed(`${what} runs past the end of the frame`);
  const bytes = decoder.arr.subarray(decoder.pos, decoder.pos + length);
  decoder.pos += length;
  return bytes;
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoder.pos !== decoder.arr.length) throw malformed('bytes after the end of the message');
}

/**
 * Presence (awareness) is bounded at the door: each state is checked before it is applied, kept or sent on, so nothing
 * that later serialises presence (this node's flush, the Redis fan-out) meets a state it cannot handle.
 */
export const PRESENCE_LIMITS = {
  /** Bytes of one state's JSON (a tldraw cursor with a selection of a hundred cards is under 5 KB). */
  maxStateBytes: 16 * 1024,
  /** Nesting of one state's JSON: objects and arrays inside each other (a tldraw presence needs 6). */
  maxDepth: 10,
  /** Entries in one awareness frame (the stock client echoes the room's states back: at most a room's worth). */
  maxEntriesPerFrame: 2000,
  /** Client ids one connection may speak for (one per document; a few for reconnects). */
  maxIdsPerConnection: 4,
  /** States one room keeps; a connection's new client id beyond it is not taken in. */
  maxStatesPerRoom: 2000,
  /** Presence bytes one connection may send: a burst, then per second (a cursor at 10 moves a second is ~3 KB/s). */
  bytesBurst: 64 * 1024,
  bytesPerSecond: 16 * 1024,
} as const;

/** One entry of an awareness update as sent: the client it speaks for, and its encoded bytes (id, clock, state). */
export interface AwarenessEntry {
  clientId: number;
  /** The state is null: the client is gone. */
  removed: boolean;
  bytes: Uint8Array;
}

/** Whether JSON `text` nests objects and arrays deeper than `max` (read in one pass, without recursion). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Checks an awareness update fully (client ids, clocks, JSON states within the limits) before anything is applied;
 * throws FrameError. Presence from other nodes goes through it too.
 */
export function checkAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = readUint(decoder, 'awareness entry count');
  if (count > update.length) throw malformed('awareness entry count larger than the frame');
  if (count > PRESENCE_LIMITS.maxEntriesPerFrame) throw malformed(`more than ${PRESENCE_LIMITS.maxEntriesPerFrame} presence entries in one frame`);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const start = decoder.pos;
    const clientId = readUint(decoder, 'awareness client id');
    readUint(decoder, 'awareness clock');
    const text = readBytes(decoder, 'awareness state');
    if (text.length > PRESENCE_LIMITS.maxStateBytes) throw malformed(`a presence state over ${PRESENCE_LIMITS.maxStateBytes} bytes`);
    let state: unknown;
    try {
      const json = new TextDecoder('utf-8', { fatal: true }).decode(text);
      if (nestsDeeperThan(json, PRESENCE_LIMITS.maxDepth)) throw malformed(`a presence state nested deeper than ${PRESENCE_LIMITS.maxDepth} levels`);
      state = JSON.parse(json);
    } catch (error) {
      if (error instanceof FrameError) throw error;
      throw malformed('awareness state is not JSON');
    }
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw malformed('a presence state that is not an object');
    entries.push({ clientId, removed: state === null, bytes: update.subarray(start, decoder.pos) });
  }
  expectEnd(decoder);
  return entries;
}

/** An awareness update made of `entries` (as read by `decodeClientFrame`). */
export function awarenessUpdateOf(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) encoding.writeUint8Array(encoder, entry.bytes);
  return encoding.toUint8Array(encoder);
}

/** Decodes one client frame into a message, or throws FrameError. */
export function decodeClientFrame(frame: Uint8Array): ClientMessage {
  if (frame.length === 0) throw malformed('empty frame');
  const decoder = decoding.createDecoder(frame);
  const type = readUint(decoder, 'message type');
  switch (type) {
    case MESSAGE_SYNC: {
      const step = readUint(decoder, 'sync step');
      const payload = readBytes(decoder, 'sync payload');
      expectEnd(decoder);
      if (step === SYNC_STEP1) {
        try {
          Y.decodeStateVector(payload);
        } catch {
          throw malformed('state vector does not decode');
        }
        return { type: 'sync-step1', stateVector: payload };
      }
      if (step === SYNC_STEP2 || step === SYNC_UPDATE) return { type: 'sync-update', update: payload };
      throw malformed(`unknown sync step ${step}`);
    }
    case MESSAGE_AWARENESS: {
      const payload = readBytes(decoder, 'awareness payload');
      expectEnd(decoder);
      return { type: 'awareness', update: payload, entries: checkAwarenessUpdate(payload) };
    }
    case MESSAGE_QUERY_AWARENESS:
      expectEnd(decoder);
      return { type: 'query-awareness' };
    default:
      throw new FrameError(CLOSE.UNKNOWN_MESSAGE, 'unknown_message', `Unknown message type ${type}: this endpoint speaks the y-websocket protocol.`);
  }
}

/** Throws FrameError when Yjs cannot read the update at all. */
export function checkUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch {
    throw new FrameError(CLOSE.BAD_UPDATE, 'bad_update', 'The document update does not decode; reload the page to resync.');
  }
}

/** True for an update that carries nothing (no structs, no deletions). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_STEP1);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  return encoding.toUint8Array(encoder);
}

export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_STEP2);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc, stateVector));
  return encoding.toUint8Array(encoder);
}

export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_UPDATE);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
