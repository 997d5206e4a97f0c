import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
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

const flush = () => new Promise((r) => setTimeout(r, 50));

describe('tldraw store ↔ Yjs canvas binding', () => {
  it('a card created in one store appears in the other, moves and deletes follow', async () => {
    const a = client();
    const b = client();
    connect(a.doc, b.doc);
    const id = card(a.store, 'F-1', 10);
    await flush();
    expect(b.store.get(id)).toMatchObject({ type: 'feature-card', x: 10, props: { featureId: 'F-1' } });
    a.store.update(id, (r) => ({ ...r, x: 250 }));
    await flush();
    expect(b.store.get(id)).toMatchObject({ x: 250 });
    b.store.remove([id]);
    await flush();
    expect(a.store.get(id)).toBeUndefined();
    expect(a.canvas.has(id)).toBe(false);
  });

  it('a store bound to a document that already has records loads them', async () => {
    const a = client();
    const id = card(a.store, 'F-2', 40);
    await flush();
    const late = client();
    Y.applyUpdate(late.doc, Y.encodeStateAsUpdate(a.doc));
    await flush();
    expect(late.store.get(id)).toMatchObject({ props: { featureId: 'F-2' } });
  });

  it('a read-only store receives but writes nothing; an invalid remote record is skipped', async () => {
    const writer = client();
    const reader = client(true);
    connect(writer.doc, reader.doc);
    const before = Y.encodeStateVector(reader.doc);
    card(reader.store, 'F-local', 0);
    await flush();
    expect(Y.encodeStateVector(reader.doc)).toEqual(before);
    writer.canvas.set('shape:broken', { id: 'shape:broken', typeName: 'shape', type: 'feature-card', props: { featureId: 42 } } as never);
    const id = card(writer.store, 'F-3', 0);
    await flush();
    expect(reader.store.get(id)).toBeDefined();
    expect(reader.store.get('shape:broken' as never)).toBeUndefined();
  });
});
