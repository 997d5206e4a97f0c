import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants } from 'node:zlib';
import * as Y from 'yjs';
import type { Snapshot, UpdateEncoding } from './types';

// How a snapshot's document state — and any other large derived row, such as a segment of the state index — is kept
// in a database row. A full document of a long day is hundreds of KiB, written every few hundred updates, so it is
// stored compressed (brotli, run on libuv's thread pool, off the event loop). Rows written before compression hold
// the bare Yjs update (in Yjs's first encoding) and still read: a stored row starts with MARKER, which no Yjs update
// starts with (both update encodings begin with a varuint in its shortest form, and 0x80 0x00 is the two-byte form of
// 0), then one byte naming the codec: whether the body is compressed, and for a snapshot which Yjs encoding it holds.

const MARKER_0 = 0x80;
const MARKER_1 = 0x00;
const HEADER = 3;

/** The codec byte after the marker: bit 0 brotli, bit 1 Yjs's second update encoding (`encodeStateAsUpdateV2`). */
export const SNAPSHOT_CODEC = { stored: 0, brotli: 1, storedV2: 2, brotliV2: 3 } as const;
const BROTLI_BIT = 1;
const V2_BIT = 2;

/** Below this many bytes a body is kept as it is: compressing it would save next to nothing. */
const COMPRESS_FROM = 256;
/**
 * Brotli quality: 6 compresses a board's document about 3.3 times (V1) in some 25 ms for 800 KB; higher qualities gain
 * under 1 % for several times the time, lower ones lose 10 % (measured on the history benchmark's snapshots).
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

/** `body` with the header, brotli-compressed at `quality` when that makes it smaller; `flags` are the codec's other bits. */
async function pack(body: Uint8Array, flags: number, quality: number): Promise<Buffer> {
  if (body.byteLength < COMPRESS_FROM) return withHeader(flags, body);
  const compressed = await compress(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength },
  });
  return compressed.byteLength < body.byteLength ? withHeader(flags | BROTLI_BIT, compressed) : withHeader(flags, body);
}

/** The body of a row with the header: decompressed when its codec says so. A fresh copy. */
async function unpack(row: Uint8Array, what: string): Promise<Uint8Array> {
  const codec = row[2] as number;
  if (codec > (BROTLI_BIT | V2_BIT)) {
    throw new SnapshotFormatError(`A stored ${what} uses codec ${codec}, which this server does not know; run the version that wrote it or newer.`);
  }
  const body = row.subarray(HEADER);
  if ((codec & BROTLI_BIT) === 0) return new Uint8Array(body);
  try {
    return new Uint8Array(await decompress(body));
  } catch (error) {
    throw new SnapshotFormatError(`A stored ${what} does not decompress (${(error as Error).message}); the room's update log still holds every change.`);
  }
}

/** The bytes to store for a snapshot's state, given in `encoding`. */
export function encodeSnapshotState(state: Uint8Array, encoding: UpdateEncoding = 'v1'): Promise<Buffer> {
  return pack(state, encoding === 'v2' ? V2_BIT : 0, QUALITY);
}

/** True when a stored row carries the codec header (rows written before compression do not). */
export function hasSnapshotHeader(row: Uint8Array): boolean {
  return row.byteLength >= HEADER && row[0] === MARKER_0 && row[1] === MARKER_1;
}

/** The state a stored row holds and its encoding: decompressed, or as it is for a row written before compression. A fresh copy. */
export async function decodeSnapshotState(row: Uint8Array): Promise<{ state: Uint8Array; encoding: UpdateEncoding }> {
  if (!hasSnapshotHeader(row)) return { state: new Uint8Array(row), encoding: 'v1' };
  const state = await unpack(row, 'snapshot');
  return { state, encoding: ((row[2] as number) & V2_BIT) !== 0 ? 'v2' : 'v1' };
}

/** Applies a snapshot's state to `doc` in the encoding it was stored in. */
export function applySnapshot(doc: Y.Doc, snapshot: Pick<Snapshot, 'state' | 'encoding'>, origin?: unknown): void {
  if (snapshot.encoding === 'v2') Y.applyUpdateV2(doc, snapshot.state, origin);
  else Y.applyUpdate(doc, snapshot.state, origin);
}

/** Segments of the state index are a few KiB of small records, written once per segment: the highest quality costs little there. */
const SEGMENT_QUALITY = 11;

/** The bytes to store for opaque derived data (a segment of the state index): the same header, compressed. */
export function encodeDerivedRow(body: Uint8Array): Promise<Buffer> {
  return pack(body, 0, SEGMENT_QUALITY);
}

/** The data a row written by `encodeDerivedRow` holds. */
export async function decodeDerivedRow(row: Uint8Array): Promise<Uint8Array> {
  if (!hasSnapshotHeader(row) || ((row[2] as number) & V2_BIT) !== 0) throw new SnapshotFormatError('A stored segment of the state index has no codec header this server knows.');
  return unpack(row, 'segment of the state index');
}
