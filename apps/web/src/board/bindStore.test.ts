import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { eventually } from '@ladder/testing';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { createShapeId, createTLStore, defaultBindingUtils, defaultShapeUtils, type TLStore } from 'tldraw';
import { canvasArray } from '@ladder/board-doc';
import type { CanvasRecord } from '../room/model';
import { bindStore } from './bindStore';
import { FeatureCardShapeUtil } from './cardShape';

function client(readOnly = false) {
  const doc = new Y.Doc();
  const canvas = new YKeyValue(canvasArray(doc) as unknown as Y.Array<{ key: string; val: CanvasRecord }>);
  const store = createTLStore({ shapeUtils: [...defaultShapeUtils, FeatureCardShapeUtil], bindingUtils: defaultBindingUtils });
  const origin = {};
  const unbind = bindStore(store, canvas, { origin, readOnly });
  return { doc, canvas, store, unbind };
}

/** Two documents wired like a relay: every update of one is applied to the other. */
function connect(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'net');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b), 'net');
  a.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'net') Y.applyUpdate(b, u, 'net'); });
  b.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'net') Y.applyUpdate(a, u, 'net'); });
}

function card(store: TLStore, featureId: string, x: number) {
  const id = createShapeId();
  store.put([{
    id, typeName: 'shape', type: 'feature-card', x, y: 0, rotation: 0, index: 'a1' as never, parentId: 'page:page' as never,
    isLocked: false, opacity: 1, props: { featureId }, meta: {},
  } as never]);
  return id;
}

/**
 * Marker for a store's own changes: resolves once its listeners have been told of the next change. Listeners run in the
 * order they were added, so the binding's (added with the client) has run by then.
 */
function listenersTold(store: TLStore): Promise<void> {
  return new Promise((resolve) => {
    const stop = store.listen(() => {
      stop();
      resolve();
    });
  });
}

describe('tldraw store ↔ Yjs canvas binding', () => {
  it('a card created in one store appears in the other, moves and deletes follow', async () => {
    const a = client();
    const b = client();
    connect(a.doc, b.doc);
    const id = card(a.store, 'F-1', 10);
    await eventually(() => b.store.get(id), 'the card reaches the other store');
    expect(b.store.get(id)).toMatchObject({ type: 'feature-card', x: 10, props: { featureId: 'F-1' } });
    a.store.update(id, (r) => ({ ...r, x: 250 }));
    await eventually(() => b.store.get(id)?.x === 250, 'the move reaches the other store');
    b.store.remove([id]);
    await eventually(() => a.store.get(id) === undefined, 'the delete reaches the first store');
    expect(a.canvas.has(id)).toBe(false);
  });

  it('a store bound to a document that already has records loads them', async () => {
    const a = client();
    const id = card(a.store, 'F-2', 40);
    await eventually(() => a.canvas.has(id), 'the card is in the document');
    const late = client();
    Y.applyUpdate(late.doc, Y.encodeStateAsUpdate(a.doc));
    await eventually(() => late.store.get(id), 'the late store loads the card');
    expect(late.store.get(id)).toMatchObject({ props: { featureId: 'F-2' } });
  });

  it('a read-only store receives but writes nothing; an invalid remote record is skipped', async () => {
    const writer = client();
    const reader = client(true);
    connect(writer.doc, reader.doc);
    const before = Y.encodeStateVector(reader.doc);
    const told = listenersTold(reader.store);
    card(reader.store, 'F-local', 0);
    await told;
    expect(Y.encodeStateVector(reader.doc)).toEqual(before);
    writer.canvas.set('shape:broken', { id: 'shape:broken', typeName: 'shape', type: 'feature-card', props: { featureId: 42 } } as never);
    const id = card(writer.store, 'F-3', 0);
    // The broken record came first, on the same way: once the card is there, the broken one was taken in or skipped.
    await eventually(() => reader.store.get(id), 'the valid card reaches the reader');
    expect(reader.store.get('shape:broken' as never)).toBeUndefined();
  });
});
