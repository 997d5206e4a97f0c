import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardDocError } from './errors';
import { createFeature, updateFeature } from './features';
import { metaMap } from './keys';
import { initRoom, setMeta } from './meta';
import { addNote, checkGuardrails, cutLineCrossings, readNotes, readThemes, setTheme } from './portfolio';
import { rankingOf } from './ranking';

const by = { participantId: 'p-alice', now: 1_000 };

function room(): Y.Doc {
  const doc = new Y.Doc();
  initRoom(doc, { title: 'PI 26.1' });
  return doc;
}

describe('themes and guardrails', () => {
  it('stores themes with colours and shares, refuses invalid ones and removes with null', () => {
    const doc = room();
    setTheme(doc, 'Enablers', { colour: '#2266aa', minShare: 0.2 });
    setTheme(doc, 'Growth', { colour: '#aa6622', maxShare: 0.6 });
    expect(readThemes(doc)).toEqual({ Enablers: { colour: '#2266aa', minShare: 0.2 }, Growth: { colour: '#aa6622', maxShare: 0.6 } });
    expect(() => setTheme(doc, 'Bad', { colour: 'red' })).toThrow(BoardDocError);
    expect(() => setTheme(doc, 'Bad', { colour: '#000000', minShare: 0.8, maxShare: 0.2 })).toThrow(/minimum share \(minShare\) must not be above/);
    for (const share of [1.5, -0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => setTheme(doc, 'Bad', { colour: '#000000', maxShare: share })).toThrow('A share is a number from 0 to 1 (0 % to 100 %).');
    }
    expect(() => setTheme(doc, ' ', { colour: '#000000' })).toThrow(BoardDocError);
    setTheme(doc, 'Growth', null);
    expect(Object.keys(readThemes(doc))).toEqual(['Enablers']);
  });

  it('skips theme entries a buggy client wrote', () => {
    const doc = room();
    doc.getMap('meta').set('themes', { Ok: { colour: '#123456' }, Broken: { colour: 7 }, Odd: 'x' });
    expect(readThemes(doc)).toEqual({ Ok: { colour: '#123456' } });
    doc.getMap('meta').set('themes', 'nonsense');
    expect(readThemes(doc)).toEqual({});
  });

  it('checks each theme share of the capacity above the cut line', () => {
    const doc = room();
    createFeature(doc, { id: 'A', title: 'Platform', theme: 'Enablers', userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 }, by);
    createFeature(doc, { id: 'B', title: 'Shop', theme: 'Growth', userBusinessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 8 }, by);
    setMeta(doc, { capacity: 10 });
    setTheme(doc, 'Enablers', { colour: '#2266aa', minShare: 0.2 });
    setTheme(doc, 'Growth', { colour: '#aa6622', maxShare: 0.9 });
    const checks = checkGuardrails(rankingOf(doc), readThemes(doc), 10);
    expect(checks.map((c) => [c.theme, c.points, c.ok])).toEqual([['Enablers', 1, false], ['Growth', 8, true]]);
    updateFeature(doc, 'A', { jobSize: 2 });
    expect(checkGuardrails(rankingOf(doc), readThemes(doc), 10).every((c) => c.ok)).toBe(true);
    expect(checkGuardrails(rankingOf(doc), readThemes(doc), null)).toEqual([]);
  });
});

describe('cut line crossings', () => {
  it('names the features that fell below or rose above the line', () => {
    const doc = room();
    createFeature(doc, { id: 'F-1', title: 'One', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2 }, by);
    createFeature(doc, { id: 'F-3', title: 'Three', userBusinessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 5 }, by);
    setMeta(doc, { capacity: 7 });
    const before = rankingOf(doc);
    updateFeature(doc, 'F-1', { jobSize: 3 });
    expect(cutLineCrossings(before, rankingOf(doc))).toEqual([{ featureId: 'F-3', title: 'Three', direction: 'below' }]);
    const mid = rankingOf(doc);
    setMeta(doc, { capacity: 20 });
    expect(cutLineCrossings(mid, rankingOf(doc))).toEqual([{ featureId: 'F-3', title: 'Three', direction: 'above' }]);
    setMeta(doc, { capacity: null });
    expect(cutLineCrossings(mid, rankingOf(doc))).toEqual([]);
  });
});

describe('decision notes', () => {
  it('adds notes that every replica reads in time order, and refuses empty ones', () => {
    const a = room();
    const b = new Y.Doc();
    addNote(a, { id: 'n2', text: 'Moved F-3 above F-9: regulatory deadline in May', author: 'Alice', at: 2_000, featureId: 'F-3', seq: 12 });
    addNote(a, { id: 'n1', text: 'Ranking agreed for PI 26.1', author: 'Bob', at: 1_000 });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readNotes(b).map((n) => n.id)).toEqual(['n1', 'n2']);
    expect(readNotes(b)[1]).toEqual({ id: 'n2', text: 'Moved F-3 above F-9: regulatory deadline in May', author: 'Alice', at: 2_000, featureId: 'F-3', seq: 12 });
    expect(() => addNote(a, { id: 'n3', text: '   ', author: 'Alice', at: 3_000 })).toThrow(BoardDocError);
    expect(readNotes(new Y.Doc())).toEqual([]);
  });

  it('reads notes an earlier restore flattened into a plain object, and keeps them when the next note is added', () => {
    const doc = room();
    addNote(doc, { id: 'n1', text: 'Ranking agreed', author: 'Bob', at: 1_000 });
    const flat = (metaMap(doc).get('notes') as Y.Map<unknown>).toJSON();
    doc.transact(() => metaMap(doc).set('notes', flat));
    expect(readNotes(doc).map((n) => n.id)).toEqual(['n1']);
    addNote(doc, { id: 'n2', text: 'F-3 up: deadline', author: 'Alice', at: 2_000 });
    expect(metaMap(doc).get('notes')).toBeInstanceOf(Y.Map);
    expect(readNotes(doc).map((n) => n.id)).toEqual(['n1', 'n2']);
  });
});
