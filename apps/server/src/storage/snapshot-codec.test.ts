import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, initRoom, updateFeature } from '@ladder/board-doc';
import { applySnapshot, decodeSnapshotState, encodeSnapshotState, hasSnapshotHeader, SNAPSHOT_CODEC, SnapshotFormatError } from './snapshot-codec';

/** A board's document after many edits: the kind of state a snapshot holds. */
function boardState(): Uint8Array {
  return boardStates().v1;
}

/** One such document in both of Yjs's update encodings. */
function boardStates(): { v1: Uint8Array; v2: Uint8Array } {
  const doc = new Y.Doc();
  initRoom(doc, { title: 'Codec' });
  for (let i = 0; i < 60; i++) {
    createFeature(doc, { id: `F-${i}`, title: `Feature ${i}`, userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 5 }, { participantId: 'p', now: i });
  }
  for (let i = 0; i < 600; i++) updateFeature(doc, `F-${i % 60}`, { jobSize: [1, 2, 3, 5, 8, 13, 20][i % 7], title: `Feature ${i % 60}, take ${i}` });
  const states = { v1: Y.encodeStateAsUpdate(doc), v2: Y.encodeStateAsUpdateV2(doc) };
  doc.destroy();
  return states;
}

describe('snapshot codec', () => {
  test('a document state is stored compressed and reads back byte for byte', async () => {
    const state = boardState();
    const row = await encodeSnapshotState(state);
    expect(hasSnapshotHeader(row)).toBe(true);
    expect(row[2]).toBe(SNAPSHOT_CODEC.brotli);
    expect(row.byteLength).toBeLessThan(state.byteLength / 2);
    expect(await decodeSnapshotState(row)).toEqual({ state, encoding: 'v1' });
  });

  test('a state in Yjs\'s second encoding is stored compressed under its own codec, smaller, and reads back as V2', async () => {
    const { v1, v2 } = boardStates();
    const row = await encodeSnapshotState(v2, 'v2');
    expect(row[2]).toBe(SNAPSHOT_CODEC.brotliV2);
    expect(row.byteLength).toBeLessThan((await encodeSnapshotState(v1)).byteLength);
    const decoded = await decodeSnapshotState(row);
    expect(decoded).toEqual({ state: v2, encoding: 'v2' });
    // Applied in its own encoding, it is the same document as the V1 state.
    const fromV2 = new Y.Doc();
    applySnapshot(fromV2, decoded);
    const fromV1 = new Y.Doc();
    applySnapshot(fromV1, { state: v1, encoding: 'v1' });
    expect(Y.encodeStateAsUpdate(fromV2)).toEqual(Y.encodeStateAsUpdate(fromV1));
    expect((await encodeSnapshotState(new Uint8Array([5]), 'v2'))[2]).toBe(SNAPSHOT_CODEC.storedV2);
  });

  test('a row written before compression (the bare Yjs update) reads as it is', async () => {
    const state = boardState();
    expect(hasSnapshotHeader(state)).toBe(false);
    expect(await decodeSnapshotState(state)).toEqual({ state, encoding: 'v1' });
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    expect(await decodeSnapshotState(empty)).toEqual({ state: empty, encoding: 'v1' });
  });

  test('a small state is kept uncompressed; any bytes, the marker itself included, round-trip', async () => {
    for (const state of [new Uint8Array([]), new Uint8Array([30]), new Uint8Array([0x80, 0x00, 0x01, 7]), new Uint8Array(300).fill(0x80)]) {
      const row = await encodeSnapshotState(state);
      expect(hasSnapshotHeader(row)).toBe(true);
      expect(await decodeSnapshotState(row)).toEqual({ state, encoding: 'v1' });
    }
    expect((await encodeSnapshotState(new Uint8Array([5])))[2]).toBe(SNAPSHOT_CODEC.stored);
  });

  test('a row of an unknown codec, or one that does not decompress, is a SnapshotFormatError', async () => {
    await expect(decodeSnapshotState(new Uint8Array([0x80, 0x00, 9, 1, 2]))).rejects.toBeInstanceOf(SnapshotFormatError);
    await expect(decodeSnapshotState(new Uint8Array([0x80, 0x00, SNAPSHOT_CODEC.brotliV2, 0xff, 0xff, 0xff]))).rejects.toBeInstanceOf(SnapshotFormatError);
    await expect(decodeSnapshotState(new Uint8Array([0x80, 0x00, SNAPSHOT_CODEC.brotli, 0xff, 0xff, 0xff]))).rejects.toBeInstanceOf(SnapshotFormatError);
  });
});
