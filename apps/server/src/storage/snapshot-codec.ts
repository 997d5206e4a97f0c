import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants } from 'node:zlib';

// How a snapshot's document state is kept in a database row. A full document of a long day is hundreds of KiB,
// written every few hundred updates, so it is stored compressed (brotli, run on libuv's thread pool, off the event
// loop). Rows written before compression hold the bare Yjs update and still read: a stored row starts with MARKER,
// which no Yjs update starts with (both update encodings begin with a varuint in its shortest form, and 0x80 0x00
// is the two-byte form of 0), then one byte naming the codec.

const MARKER_0 = 0x80;
const MARKER_1 = 0x00;
const HEADER = 3;

/** The codec byte after the marker. */
export const SNAPSHOT_CODEC = { stored: 0, brotli: 1 } as const;

/** Below this many bytes a state is kept as it is: compressing it would save next to nothing. */
const COMPRESS_FROM = 256;
/**
 * Brotli quality: 6 compresses a board's document about 3.3 times in some 25 ms for 800 KB; higher qualities gain under
 * 1 % for several times the time, lower ones lose 10 % (measured on the history benchmark's snapshots).
 */
const QUALITY = 6;

const compress = promisify(brotliCompress);
const decompress = promisify(brotliDecompress);

/** Thrown for a row that names a codec this version does not know (written by a newer one) or does not decompress. */
export class SnapshotFormatError extends Error {
  readonly code = 'snapshot_format';
}

function withHeader(codec: number, body: Uint8Array): Buffer {
  const row = Buffer.allocUnsafe(HEADER + body.byteLength);
  row[0] = MARKER_0;
  row[1] = MARKER_1;
  row[2] = codec;
  row.set(body, HEADER);
  return row;
}

/** The bytes to store for a snapshot's state. */
export async function encodeSnapshotState(state: Uint8Array): Promise<Buffer> {
  if (state.byteLength < COMPRESS_FROM) return withHeader(SNAPSHOT_CODEC.stored, state);
  const body = await compress(state, {
    params: { [constants.BROTLI_PARAM_QUALITY]: QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: state.byteLength },
  });
  return body.byteLength < state.byteLength ? withHeader(SNAPSHOT_CODEC.brotli, body) : withHeader(SNAPSHOT_CODEC.stored, state);
}

/** True when a stored row carries the codec header (rows written before compression do not). */
export function hasSnapshotHeader(row: Uint8Array): boolean {
  return row.byteLength >= HEADER && row[0] === MARKER_0 && row[1] === MARKER_1;
}

/** The state a stored row holds: decompressed, or as it is for a row written before compression. A fresh copy. */
export async function decodeSnapshotState(row: Uint8Array): Promise<Uint8Array> {
  if (!hasSnapshotHeader(row)) return new Uint8Array(row);
  const body = row.subarray(HEADER);
  switch (row[2]) {
    case SNAPSHOT_CODEC.stored:
      return new Uint8Array(body);
    case SNAPSHOT_CODEC.brotli: {
      try {
        return new Uint8Array(await decompress(body));
      } catch (error) {
        throw new SnapshotFormatError(`A stored snapshot does not decompress (${(error as Error).message}); the room's update log still holds every change.`);
      }
    }
    default:
      throw new SnapshotFormatError(`A stored snapshot uses codec ${row[2]}, which this server does not know; run the version that wrote it or newer.`);
  }
}
