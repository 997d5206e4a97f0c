import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BoardDocError, createFeature, deleteFeature, featuresMap, initRoom, rankingOf, readFeature, readFeatures, readMeta,
  setMeta, trackFeatureChanges, updateFeature, type ChangeEvent,
} from './index';

const by = { participantId: 'p-alice', now: 1_000 };

function room(): Y.Doc {
  const doc = new Y.Doc();
  initRoom(doc, { title: 'PI 26.1' });
  return doc;
}

/** Two replicas that exchange every update, as clients of one server do. */
function pair(): [Y.Doc, Y.Doc] {
  const a = room();
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  a.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'remote') Y.applyUpdate(b, u, 'remote'); });
  b.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'remote') Y.applyUpdate(a, u, 'remote'); });
  return [a, b];
}

describe('meta', () => {
  it('a new room has its title and the default modified Fibonacci scale', () => {
    expect(readMeta(room())).toEqual({ title: 'PI 26.1', scale: [1, 2, 3, 5, 8, 13, 20], capacity: null });
  });

  it('refuses an empty title, a bad scale and a non-positive capacity, and keeps what was there', () => {
    const doc = room();
    expect(() => setMeta(doc, { title: '  ' })).toThrow(BoardDocError);
    expect(() => setMeta(doc, { scale: [3, 1] })).toThrow(BoardDocError);
    expect(() => setMeta(doc, { capacity: -4 })).toThrow(BoardDocError);
    expect(readMeta(doc)).toEqual({ title: 'PI 26.1', scale: [1, 2, 3, 5, 8, 13, 20], capacity: null });
    setMeta(doc, { capacity: 40 });
    expect(readMeta(doc).capacity).toBe(40);
  });
});

describe('features', () => {
  it('creates a feature with defaults, the creator and a generated id', () => {
    const doc = room();
    const f = createFeature(doc, { title: '  Single sign-on ', userBusinessValue: 8 }, by);
    expect(f.id).toMatch(/^F-[0-9A-Z]{5}$/);
    expect(readFeature(doc, f.id)).toMatchObject({
      title: 'Single sign-on', description: '', team: '', theme: '', userBusinessValue: 8, timeCriticality: null,
      jobSize: null, createdAt: 1_000, createdBy: 'p-alice', committed: false,
    });
  });

  it('refuses off-scale, non-numeric and oversized values with a stable code, writing nothing', () => {
    const doc = room();
    const error = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as BoardDocError).code; } return 'none'; };
    expect(error(() => createFeature(doc, { title: 'A', jobSize: 4 }, by))).toBe('off_scale');
    expect(error(() => createFeature(doc, { title: 'A', jobSize: Number.NaN }, by))).toBe('invalid_value');
    expect(error(() => createFeature(doc, { title: 'x'.repeat(201) }, by))).toBe('too_long');
    expect(featuresMap(doc).size).toBe(0);
    const f = createFeature(doc, { id: 'F-1', title: 'A' }, by);
    expect(error(() => createFeature(doc, { id: 'F-1', title: 'B' }, by))).toBe('duplicate_id');
    expect(error(() => updateFeature(doc, f.id, { timeCriticality: 7 }))).toBe('off_scale');
    expect(error(() => updateFeature(doc, 'F-404', { timeCriticality: 8 }))).toBe('not_found');
    expect(readFeature(doc, 'F-1')?.timeCriticality).toBeNull();
  });

  it('words a refused CD3 number for a person, naming the field in brackets', () => {
    const doc = room();
    const f = createFeature(doc, { title: 'A' }, by);
    const message = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as BoardDocError).message; } return 'none'; };
    expect(message(() => updateFeature(doc, f.id, { costPerWeek: -5 }))).toBe('The cost of delay per week (costPerWeek) must be 0 or more, or left empty.');
    expect(message(() => updateFeature(doc, f.id, { durationWeeks: 0 }))).toBe('The duration in weeks (durationWeeks) must be above 0, or left empty.');
    expect(readFeature(doc, f.id)).toMatchObject({ costPerWeek: null, durationWeeks: null });
  });

  it('updates only what changed, clears an estimate with null, and records who changed it', () => {
    const doc = room();
    createFeature(doc, { id: 'F-1', title: 'A', jobSize: 5 }, by);
    let updates = 0;
    doc.on('update', () => { updates += 1; });
    updateFeature(doc, 'F-1', { jobSize: 5 }, { participantId: 'p-bob', now: 2_000 });
    expect(updates).toBe(0);
    updateFeature(doc, 'F-1', { jobSize: null, title: 'B' }, { participantId: 'p-bob', now: 2_000 });
    expect(readFeature(doc, 'F-1')).toMatchObject({ jobSize: null, title: 'B' });
    expect(featuresMap(doc).get('F-1')?.get('updatedBy')).toBe('p-bob');
    expect(deleteFeature(doc, 'F-1')).toBe(true);
    expect(deleteFeature(doc, 'F-1')).toBe(false);
  });

  it('reads values written by a hostile client as missing, reports them, and never ranks NaN', () => {
    const doc = room();
    createFeature(doc, { id: 'F-ok', title: 'Fine', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2 }, by);
    const raw = new Y.Map<unknown>();
    featuresMap(doc).set('F-bad', raw);
    raw.set('title', 42);
    raw.set('userBusinessValue', 'eight');
    raw.set('timeCriticality', Number.NaN);
    raw.set('riskReduction', Number.POSITIVE_INFINITY);
    raw.set('jobSize', -3);
    raw.set('createdAt', 5);
    const { features, issues } = readFeatures(doc);
    expect(features.find((f) => f.id === 'F-bad')).toMatchObject({ title: 'F-bad', userBusinessValue: null, timeCriticality: null, riskReduction: null, jobSize: null });
    expect(issues.map((i) => i.field).sort()).toEqual(['jobSize', 'riskReduction', 'timeCriticality', 'title', 'userBusinessValue']);
    const ranking = rankingOf(doc);
    expect(ranking.map((r) => [r.id, r.rank, r.wsjf])).toEqual([['F-ok', 1, 8], ['F-bad', null, null]]);
  });

  it('reports an off-scale estimate and a feature that is not a map from another client; neither ranks nor crashes the reader', () => {
    const doc = room();
    createFeature(doc, { id: 'F-ok', title: 'Fine', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2 }, by);
    const raw = new Y.Map<unknown>();
    featuresMap(doc).set('F-off', raw);
    for (const [key, value] of Object.entries({ title: 'Off', userBusinessValue: 4, timeCriticality: 5, riskReduction: 3, jobSize: 2, createdAt: 5 })) raw.set(key, value);
    (featuresMap(doc) as unknown as Y.Map<unknown>).set('F-text', 'not a feature');
    const { features, issues } = readFeatures(doc);
    expect(features.find((f) => f.id === 'F-off')).toMatchObject({ userBusinessValue: null, timeCriticality: 5 });
    expect(issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ featureId: 'F-off', field: 'userBusinessValue', value: 4, reason: expect.stringMatching(/not on the scale/) }),
      expect.objectContaining({ featureId: 'F-text' }),
    ]));
    const ranking = rankingOf(doc);
    expect(ranking.map((r) => [r.id, r.rank, r.wsjf])).toEqual([['F-ok', 1, 8], ['F-off', null, null]]);
    expect(ranking.every((r) => r.wsjf === null || Number.isFinite(r.wsjf))).toBe(true);
  });
});

describe('ranking', () => {
  it('ranks by WSJF, puts unscored features last, and marks the cut line when a capacity is set', () => {
    const doc = room();
    createFeature(doc, { id: 'A', title: 'A', userBusinessValue: 8, timeCriticality: 8, riskReduction: 5, jobSize: 5 }, { ...by, now: 1 }); // 4.2
    createFeature(doc, { id: 'B', title: 'B', userBusinessValue: 20, timeCriticality: 13, riskReduction: 3, jobSize: 3 }, { ...by, now: 2 }); // 12
    createFeature(doc, { id: 'C', title: 'C', userBusinessValue: 1 }, { ...by, now: 3 });
    createFeature(doc, { id: 'D', title: 'D', userBusinessValue: 2, timeCriticality: 1, riskReduction: 1, jobSize: 2 }, { ...by, now: 4 }); // 2
    expect(rankingOf(doc).map((r) => [r.id, r.rank, r.inCapacity])).toEqual([['B', 1, undefined], ['A', 2, undefined], ['D', 3, undefined], ['C', null, undefined]]);
    setMeta(doc, { capacity: 7 });
    expect(rankingOf(doc).map((r) => [r.id, r.inCapacity])).toEqual([['B', true], ['A', false], ['D', false], ['C', false]]);
  });
});

describe('trackFeatureChanges', () => {
  it('reports created, changed and deleted features for local and remote transactions alike', () => {
    const [a, b] = pair();
    const seen: ChangeEvent[][] = [];
    const stop = trackFeatureChanges(b, (events) => seen.push(events));
    createFeature(a, { id: 'F-1', title: 'Checkout', jobSize: 3 }, by);
    updateFeature(a, 'F-1', { jobSize: 8, timeCriticality: 5 }, { participantId: 'p-bob', now: 2 });
    updateFeature(b, 'F-1', { title: 'Checkout v2' });
    deleteFeature(a, 'F-1');
    stop();
    createFeature(a, { id: 'F-2', title: 'Ignored after stop' }, by);
    expect(seen).toEqual([
      [{ kind: 'created', featureId: 'F-1', field: null, from: null, to: expect.objectContaining({ id: 'F-1', title: 'Checkout', jobSize: 3 }) }],
      [
        { kind: 'changed', featureId: 'F-1', field: 'jobSize', from: 3, to: 8 },
        { kind: 'changed', featureId: 'F-1', field: 'timeCriticality', from: null, to: 5 },
      ],
      [{ kind: 'changed', featureId: 'F-1', field: 'title', from: 'Checkout', to: 'Checkout v2' }],
      [{ kind: 'deleted', featureId: 'F-1', field: null, from: expect.objectContaining({ title: 'Checkout v2', jobSize: 8 }), to: null }],
    ]);
  });
});
