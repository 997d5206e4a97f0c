import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { agendaNow, agendaProblem, readAgenda, SAFE_AGENDA, setAgenda } from './agenda';
import { metaMap } from './keys';

describe('the event agenda', () => {
  it('keeps items with timeboxes, the running item and a call back; says what is left', () => {
    const doc = new Y.Doc();
    setAgenda(doc, { items: [...SAFE_AGENDA], current: { itemId: 'roam', startedAt: 1_000 }, callBack: null });
    const agenda = readAgenda(doc);
    expect(agenda?.items.map((i) => i.title)).toContain('Confidence vote');
    expect(agendaNow(agenda, 1_000 + 10 * 60_000)).toEqual({ item: { id: 'roam', title: 'ART risks: ROAM', minutes: 30 }, endsAt: 1_000 + 30 * 60_000, leftMs: 20 * 60_000 });
    expect(agendaNow(agenda, 1_000 + 40 * 60_000)?.leftMs).toBe(-10 * 60_000);
    expect(agendaNow(null, 0)).toBeNull();
  });

  it('refuses what no screen could show', () => {
    expect(agendaProblem({ items: [{ id: 'a', title: 'A', minutes: 0 }], current: null, callBack: null })).toMatch(/minutes/);
    expect(agendaProblem({ items: [{ id: 'a', title: 'A', minutes: 5 }, { id: 'a', title: 'B', minutes: 5 }], current: null, callBack: null })).toMatch(/own id/);
    expect(agendaProblem({ items: [], current: { itemId: 'x', startedAt: 1 }, callBack: null })).toMatch(/not on the agenda/);
    expect(agendaProblem(null)).toBeNull();
    const doc = new Y.Doc();
    metaMap(doc).set('agenda', { items: 'nope' });
    expect(readAgenda(doc)).toBeNull();
    expect(() => setAgenda(doc, { items: [], current: { itemId: 'x', startedAt: 1 }, callBack: null })).toThrow(/not on the agenda/);
  });
});
