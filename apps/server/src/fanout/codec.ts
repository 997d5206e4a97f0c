import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

// What one node tells the others about a room, as one binary pub/sub message:
// varUint kind, varString node id, varUint seq (of a stored update; 0 otherwise), varUint8Array payload.

export const FANOUT_UPDATE = 0;
export const FANOUT_AWARENESS = 1;
/** "Send me your clients' presence": a node that just opened a room asks the others. */
export const FANOUT_QUERY_AWARENESS = 2;

/** "The facilitator removed this participant (payload: their id, UTF-8): close their sockets." */
export const FANOUT_REVOKE = 3;

export type FanoutKind = typeof FANOUT_UPDATE | typeof FANOUT_AWARENESS | typeof FANOUT_QUERY_AWARENESS | typeof FANOUT_REVOKE;

export interface FanoutMessage {
  kind: FanoutKind;
  nodeId: string;
  /** The stored update's seq (FANOUT_UPDATE), 0 for the other kinds. */
  seq: number;
  payload: Uint8Array;
}

export function encodeFanout(message: FanoutMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, message.kind);
  encoding.writeVarString(encoder, message.nodeId);
  encoding.writeVarUint(encoder, message.seq);
  encoding.writeVarUint8Array(encoder, message.payload);
  return encoding.toUint8Array(encoder);
}

/** The message, or null when the bytes are not one (another program on the same channel). */
export function decodeFanout(bytes: Uint8Array): FanoutMessage | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    const kind = decoding.readVarUint(decoder);
    if (kind !== FANOUT_UPDATE && kind !== FANOUT_AWARENESS && kind !== FANOUT_QUERY_AWARENESS && kind !== FANOUT_REVOKE) return null;
    const nodeId = decoding.readVarString(decoder);
    const seq = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (decoding.hasContent(decoder)) return null;
    return { kind, nodeId, seq, payload };
  } catch {
    return null;
  }
}
