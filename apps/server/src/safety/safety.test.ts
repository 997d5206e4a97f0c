import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, featuresMap, initRoom, metaMap } from '@ladder/board-doc';
import type { Author } from '../plugins';
import type { HistoryEvent } from '../storage/types';
import type { CommitOrigin } from '../sync/room';
import { applyFixes } from './fixes';
import { closeReason } from './guard';
import { restoreInto } from './restore';
import { applyRevert, planRevert } from './revert';
import { ValidityTracker } from './tracker';

const mal: Author = { participantId: 'P-mal', name: 'Mal', role: 'product' };
const origin = (seq: number, author: Author = mal): CommitOrigin => ({ kind: 'commit', seq, at: seq, author, sender: null });

function board(): Y.Doc {
  const doc = new Y.Doc();
  initRoom(doc, { title: 'Room' });
  createFeature(doc, { id: 'F-1', title: 'One', jobSize: 5 }, { participantId: 'P-ada', now: 1 });
  return doc;
}

describe('ValidityTracker and applyFixes', () => {
  test('finds invalid writes of one update, ignores untouched fields and trusted authors, and puts the last valid values back', () => {
    const doc = board();
    const trusted: Author = { participantId: null, name: 'server', role: null };
    const tracker = new ValidityTracker(doc, (a) => a === trusted);
    const f1 = featuresMap(doc).get('F-1') as Y.Map<unknown>;
    doc.transact(() => { f1.set('jobSize', -3); f1.set('team', 'Blue'); }, origin(1));
    doc.transact(() => f1.set('title', 'y'.repeat(300)), origin(2));
    doc.transact(() => metaMap(doc).set('capacity', 'lots'), origin(3));
    doc.transact(() => f1.set('riskReduction', 'x'), origin(4, trusted));
    const offences = tracker.take();
    expect(offences.map((o) => [o.seq, o.violations.map((v) => v.field)])).toEqual([[1, ['jobSize']], [2, ['title']], [3, ['capacity']]]);
    doc.transact(() => { for (const o of offences) applyFixes(doc, o.violations); });
    expect(f1.get('jobSize')).toBe(5);
    expect(f1.get('title')).toBe('One');
    expect(f1.get('team')).toBe('Blue');
    expect(metaMap(doc).has('capacity')).toBe(false);
    expect(tracker.take()).toEqual([]);
    tracker.stop();
  });

  test('a fix leaves a valid value written since in place', () => {
    const doc = board();
    const tracker = new ValidityTracker(doc, () => false);
    const f1 = featuresMap(doc).get('F-1') as Y.Map<unknown>;
    doc.transact(() => f1.set('jobSize', 'big'), origin(1));
    doc.transact(() => f1.set('jobSize', 8), origin(2));
    const [offence] = tracker.take();
    expect(applyFixes(doc, offence?.violations ?? [])).toBe(0);
    expect(f1.get('jobSize')).toBe(8);
  });
});

describe('restoreInto', () => {
  test('makes features, meta and canvas equal to the past document', () => {
    const past = board();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(past));
    createFeature(doc, { id: 'F-2', title: 'Two' }, { participantId: 'P-ada', now: 2 });
    (featuresMap(doc).get('F-1') as Y.Map<unknown>).set('jobSize', 13);
    metaMap(doc).set('title', 'Other');
    const summary = restoreInto(doc, past);
    expect(summary).toMatchObject({ created: 0, deleted: 1, changed: 1, meta: 1 });
    expect(featuresMap(doc).toJSON()).toEqual(featuresMap(past).toJSON());
    expect(metaMap(doc).toJSON()).toEqual(metaMap(past).toJSON());
  });
});

describe('planRevert', () => {
  const ev = (seq: number, participantId: string, kind: string, featureId: string, field: string | null, from: unknown, to: unknown): HistoryEvent =>
    ({ seq, at: seq, participantId, name: participantId, kind, featureId, field, from, to });

  test('reverts a participant\'s fields to their first "from", reports later edits by others as conflicts', () => {
    const doc = board();
    const f1 = featuresMap(doc).get('F-1') as Y.Map<unknown>;
    f1.set('jobSize', 20);
    f1.set('team', 'Red');
    const events = [
      ev(2, 'P-mal', 'changed', 'F-1', 'jobSize', 5, 8),
      ev(3, 'P-mal', 'changed', 'F-1', 'jobSize', 8, 20),
      ev(4, 'P-mal', 'changed', 'F-1', 'team', '', 'Blue'),
      ev(5, 'P-ben', 'changed', 'F-1', 'team', 'Blue', 'Red'),
    ];
    const plan = planRevert(doc, events, 'P-mal');
    expect(plan.changes).toEqual([{ op: 'set', featureId: 'F-1', field: 'jobSize', value: 5 }]);
    expect(plan.conflicts.map((c) => [c.field, c.seq])).toEqual([['team', 5]]);
    applyRevert(doc, plan.changes);
    expect(f1.get('jobSize')).toBe(5);
    expect(f1.get('team')).toBe('Red');
  });
});

describe('closeReason', () => {
  test('fits the WebSocket limit of 123 bytes, also with characters of several bytes', () => {
    expect(Buffer.byteLength(closeReason('é'.repeat(200)))).toBeLessThanOrEqual(123);
    expect(closeReason('short')).toBe('short');
  });
});
