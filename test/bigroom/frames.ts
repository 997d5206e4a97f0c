import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MESSAGE_AWARENESS, readSyncFrame, syncStep1Frame, type RawSocket } from '../support/wire';
import { eventually } from '@ladder/testing';

/** Client ids of the awareness entries in a frame the server sent; null when it is not an awareness frame. */
export function awarenessClients(frame: Uint8Array): number[] | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return null;
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const count = decoding.readVarUint(update);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(decoding.readVarUint(update));
    decoding.readVarUint(update);
    decoding.readVarString(update);
  }
  return ids;
}

/** Client ids whose structs an update carries. */
export function structClients(update: Uint8Array): Set<number> {
  return new Set(Y.decodeUpdate(update).structs.map((s) => s.id.client));
}

/** Document updates (sync sub-type 2) among the frames, in arrival order. */
export function updatePayloads(frames: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const frame of frames) {
    const sync = readSyncFrame(frame);
    if (sync?.sub === 2) out.push(sync.payload);
  }
  return out;
}

/** Sends a sync step 1 with `doc`'s state vector and waits for the step 2 that answers it. */
export async function askStep2(socket: RawSocket, doc: Y.Doc): Promise<Uint8Array> {
  const before = socket.frames.length;
  socket.send(syncStep1Frame(doc));
  return eventually(() => {
    for (let i = before; i < socket.frames.length; i++) {
      const sync = readSyncFrame(socket.frames[i] as Uint8Array);
      if (sync?.sub === 1) return sync.payload;
    }
    if (socket.closeInfo) throw new Error(`closed with ${socket.closeInfo.code} before answering`);
    return null;
  }, { timeout: 20_000, what: () => `no sync step 2 among ${socket.frames.length - before} frames` });
}

/** A copy of `doc` with `update` applied. */
export function withUpdate(doc: Y.Doc, update: Uint8Array): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  Y.applyUpdate(copy, update);
  return copy;
}
