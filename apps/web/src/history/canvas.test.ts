import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { canvasArray, createFeature, initRoom, rankingOf } from '@ladder/board-doc';
import type { CanvasRecord } from '../room/model';
import { labelLines, shapesOf } from './canvas';

const ctx = { participantId: 'p1', now: 1 };

function shape(id: string, type: string, x: number, props: Record<string, unknown>, parentId = 'page:page'): CanvasRecord {
  return { id, typeName: 'shape', type, x, y: 10, rotation: 0, index: 'a1', parentId, props };
}

describe('shapesOf: the canvas of a past document', () => {
  it('lists cards with their feature and rank, other shapes with their text, where they stood last', () => {
    const live = new Y.Doc();
    initRoom(live, { title: 'Canvas' });
    createFeature(live, { id: 'F-1', title: 'Checkout', userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 5 }, ctx);
    createFeature(live, { id: 'F-2', title: 'Search', userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 8 }, ctx);
    const canvas = new YKeyValue(canvasArray(live) as unknown as Y.Array<{ key: string; val: CanvasRecord }>);
    canvas.set('shape:a', shape('shape:a', 'feature-card', 0, { featureId: 'F-1' }));
    canvas.set('shape:b', shape('shape:b', 'feature-card', 300, { featureId: 'F-2' }));
    canvas.set('shape:c', shape('shape:c', 'note', 600, { text: 'Ask legal', w: 200, h: 200 }));
    canvas.set('shape:gone', shape('shape:gone', 'feature-card', 900, { featureId: 'F-404' }));
    canvas.set('shape:inside', shape('shape:inside', 'geo', 5, { w: 10, h: 10 }, 'shape:frame'));
    canvas.set('page:page', { id: 'page:page', typeName: 'page', name: 'Page 1' });
    canvas.set('shape:a', shape('shape:a', 'feature-card', 40, { featureId: 'F-1' }));

    // The past document is read from its encoded state, as the replay loads it.
    const past = new Y.Doc();
    Y.applyUpdate(past, Y.encodeStateAsUpdate(live));
    const shapes = shapesOf(past, rankingOf(past));
    expect(shapes.map(({ id, x, label, card, rank }) => ({ id, x, label, card, rank })).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'shape:a', x: 40, label: 'Checkout', card: true, rank: 1 },
      { id: 'shape:b', x: 300, label: 'Search', card: true, rank: 2 },
      { id: 'shape:c', x: 600, label: 'Ask legal', card: false, rank: null },
    ]);
    expect(shapes.find((s) => s.id === 'shape:c')).toMatchObject({ w: 200, h: 200 });
  });
});

describe('replay mini-card titles', () => {
  it('take up to two lines broken at spaces, and end in … only when the title does not fit', () => {
    expect(labelLines('Checkout', 18)).toEqual(['Checkout']);
    expect(labelLines('Self-service onboarding', 18)).toEqual(['Self-service', 'onboarding']);
    expect(labelLines('Self-service onboarding for new enterprise customers', 18)).toEqual(['Self-service', 'onboarding for…']);
    expect(labelLines('Supercalifragilisticexpialidocious', 10)).toEqual(['Supercalif', 'ragilisti…']);
    expect(labelLines('', 18)).toEqual([]);
  });
});
