import * as encoding from 'lib0/encoding';

/** One awareness entry written by hand: any client id, clock and JSON text, as a hostile client or node could send. */
export interface RawPresenceEntry {
  clientId: number;
  clock: number;
  json: string;
}

/** y-websocket's message type of an awareness message. */
const MESSAGE_AWARENESS = 1;

/** An awareness update of `entries` (what a node publishes to the others; the payload of an awareness message). */
export function rawPresenceUpdate(entries: readonly RawPresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

/** An awareness message of `entries`, as sent over the sync WebSocket. */
export function rawPresenceFrame(entries: readonly RawPresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, rawPresenceUpdate(entries));
  return encoding.toUint8Array(encoder);
}
