import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, featuresMap, initRoom, metaMap } from '@ladder/board-doc';
import type { Author } from '../plugins';
import type { HistoryEvent } from '../storage/types';
import type { CommitOrigin } from '../sync/room';
import { applyFixes } from './fixes';
import { closeReason } from './guard';
import { restoreInto } from './restore';
import { applyRevert, planRevert, seenBy } from './revert';
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
    const summary = restoreInto(doc, past, { participantId: 'P-fran', now: 99 });
    expect(summary).toMatchObject({ created: 0, deleted: 1, changed: 1, meta: 1 });
    // The content is the past's; the restored feature says who restored it, as any edit does.
    expect(featuresMap(doc).toJSON()).toEqual({ 'F-1': { ...featuresMap(past).toJSON()['F-1'], updatedBy: 'P-fran', updatedAt: 99 } });
    expect(metaMap(doc).toJSON()).toEqual(metaMap(past).toJSON());
  });

  test('never writes back a value of the past that breaks the rules: the current value stays', () => {
    const doc = board();
    const past = new Y.Doc();
    Y.applyUpdate(past, Y.encodeStateAsUpdate(doc));
    const pastF1 = featuresMap(past).get('F-1') as Y.Map<unknown>;
    past.transact(() => {
      pastF1.set('title', 'x'.repeat(1_000_000));
      pastF1.set('jobSize', 'huge');
      pastF1.set('team', 'Past team');
      metaMap(past).set('capacity', -1);
    });
    metaMap(doc).set('capacity', 40);
    const summary = restoreInto(doc, past, { participantId: 'P-fran', now: 99 });
    const f1 = featuresMap(doc).get('F-1') as Y.Map<unknown>;
    expect([f1.get('title'), f1.get('jobSize'), f1.get('team')]).toEqual(['One', 5, 'Past team']);
    expect(metaMap(doc).get('capacity')).toBe(40);
    expect(summary).toMatchObject({ changed: 1, meta: 0 });
  });
});

describe('restoreInto and nested shared types', () => {
  test('a nested Y.Array in meta comes back as the same kind, synced in place; the decision notes are left as they are', () => {
    const past = board();
    const notes = new Y.Map<unknown>();
    const tags = new Y.Array<string>();
    metaMap(past).set('notes', notes);
    metaMap(past).set('tags', tags);
    notes.set('n1', { id: 'n1', text: 'why', author: 'Ada', at: 1 });
    tags.push(['a', 'b']);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(past));
    const liveNotes = metaMap(doc).get('notes') as Y.Map<unknown>;
    const liveTags = metaMap(doc).get('tags') as Y.Array<string>;
    doc.transact(() => { liveNotes.set('n2', { id: 'n2', text: 'later', author: 'Ben', at: 2 }); liveTags.push(['c']); });

    const summary = doc.transact(() => restoreInto(doc, past, { participantId: 'P-ada', now: 3 }));
    expect(summary.meta).toBe(1);
    // Notes are the record of why: a restore leaves them, the later one included.
    expect(metaMap(doc).get('notes')).toBe(liveNotes);
    expect(Object.keys(liveNotes.toJSON()).sort()).toEqual(['n1', 'n2']);
    expect(metaMap(doc).get('tags')).toBe(liveTags);
    expect(liveTags.toArray()).toEqual(['a', 'b']);
    expect(doc.transact(() => restoreInto(doc, past, { participantId: 'P-ada', now: 5 })).meta).toBe(0);
  });
});

/** A history event at time `seq`, named by its participant id. */
const ev = (seq: number, participantId: string, kind: HistoryEvent['kind'], featureId: string, field: string | null, from: unknown, to: unknown): HistoryEvent =>
  ({ seq, at: seq, participantId, name: participantId, kind, featureId, field, from, to });

describe('planRevert', () => {

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
    applyRevert(doc, plan.changes, { participantId: 'P-fran', now: 99 });
    expect(f1.get('jobSize')).toBe(5);
    expect(f1.get('team')).toBe('Red');
    expect([f1.get('updatedBy'), f1.get('updatedAt')]).toEqual(['P-fran', 99]);
  });
});

describe('planRevert and features deleted and brought back', () => {
  test('a delete they undid themselves comes to nothing: the feature stays, no removal is planned', () => {
    const doc = board();
    const f1 = () => featuresMap(doc).get('F-1') as Y.Map<unknown>;
    // What history holds for a delete: every field the feature had.
    const before = f1().toJSON() as Record<string, unknown>;
    const events = [ev(3, 'P-len', 'deleted', 'F-1', null, before, null), ev(4, 'P-len', 'created', 'F-1', null, null, before)];
    expect(planRevert(doc, events, 'P-len')).toEqual({ changes: [], conflicts: [] });
    // Twice over, and with an estimate changed after the undo: only that estimate goes back.
    f1().set('jobSize', 13);
    events.push(ev(5, 'P-len', 'deleted', 'F-1', null, before, null), ev(6, 'P-len', 'created', 'F-1', null, null, before),
      ev(7, 'P-len', 'changed', 'F-1', 'jobSize', 5, 13));
    expect(planRevert(doc, events, 'P-len')).toEqual({ changes: [{ op: 'set', featureId: 'F-1', field: 'jobSize', value: 5 }], conflicts: [] });
  });

  test('a feature they deleted and someone else brought back is left to them, named in the conflict', () => {
    const doc = board();
    const before = (featuresMap(doc).get('F-1') as Y.Map<unknown>).toJSON() as Record<string, unknown>;
    const events = [ev(3, 'P-len', 'deleted', 'F-1', null, before, null), { ...ev(4, 'P-ada', 'created', 'F-1', null, null, before), name: 'Ada' }];
    expect(planRevert(doc, events, 'P-len')).toEqual({
      changes: [], conflicts: [{ featureId: 'F-1', field: null, seq: 4, by: 'Ada', reason: 'Ada brought the feature back later (update 4).' }],
    });
  });

  test('a feature they created, deleted and created again is removed once', () => {
    const doc = board();
    createFeature(doc, { id: 'F-9', title: 'Theirs' }, { participantId: 'P-len', now: 2 });
    const fields = { id: 'F-9', title: 'Theirs' };
    const events = [ev(3, 'P-len', 'created', 'F-9', null, null, fields), ev(4, 'P-len', 'deleted', 'F-9', null, fields, null), ev(5, 'P-len', 'created', 'F-9', null, null, fields)];
    expect(planRevert(doc, events, 'P-len')).toEqual({ changes: [{ op: 'deleteFeature', featureId: 'F-9' }], conflicts: [] });
  });
});

describe('applyRevert after the plan', () => {
  test('a change whose target someone changed after the plan is skipped: their value stays', () => {
    const doc = board();
    const f1 = featuresMap(doc).get('F-1') as Y.Map<unknown>;
    f1.set('jobSize', 20);
    f1.set('team', 'Mal team');
    const events = [ev(2, 'P-mal', 'changed', 'F-1', 'jobSize', 5, 20), ev(3, 'P-mal', 'changed', 'F-1', 'team', '', 'Mal team')];
    const plan = planRevert(doc, events, 'P-mal');
    const seen = seenBy(doc, plan.changes);
    f1.set('jobSize', 13); // Ben, after the plan was read, before it is applied
    const { applied, skipped } = applyRevert(doc, plan.changes, { participantId: 'P-fran', now: 99 }, seen);
    expect(applied.map((c) => c.op === 'set' && c.field)).toEqual(['team']);
    expect(skipped.map((c) => c.op === 'set' && c.field)).toEqual(['jobSize']);
    expect([f1.get('jobSize'), f1.get('team')]).toEqual([13, '']);
  });
});

describe('planRevert and invalid values', () => {
  test('a value before theirs that breaks the rules is not written back but listed as a conflict', () => {
    const doc = board();
    const events = [ev(3, 'P-ben', 'changed', 'F-1', 'jobSize', 'huge', 5)];
    const plan = planRevert(doc, events, 'P-ben');
    expect(plan.changes).toEqual([]);
    expect(plan.conflicts.map((c) => [c.field, c.seq])).toEqual([['jobSize', 3]]);
  });
});

describe('closeReason', () => {
  test('fits the WebSocket limit of 123 bytes, also with characters of several bytes', () => {
    expect(Buffer.byteLength(closeReason('é'.repeat(200)))).toBeLessThanOrEqual(123);
    expect(closeReason('short')).toBe('short');
  });
});
