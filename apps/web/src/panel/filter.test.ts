import { describe, expect, test } from 'vitest';
import type { RankingRow } from '@ladder/board-doc';
import { filterRows, parseQuery, withState } from './filter';

const row = (over: Partial<RankingRow>): RankingRow => ({
  id: 'F-1', title: 'Checkout', description: '', team: '', theme: '', userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1,
  createdAt: 0, createdBy: 'p', committed: false, rank: 1, wsjf: 3, costOfDelay: 3, ...over,
} as RankingRow);

const rows = [
  row({ id: 'F-1', title: 'Faster checkout', team: 'Payments', theme: 'Growth', inCapacity: true, committed: true }),
  row({ id: 'F-2', title: 'Search relevance', team: 'Discovery', theme: 'Retention', inCapacity: false, rank: 2 }),
  row({ id: 'F-30', title: 'Audit log', team: 'Core banking', theme: 'Compliance', rank: null, wsjf: null, description: 'for the regulator' }),
];
const ids = (text: string, inRound?: (id: string) => boolean) => filterRows(rows, text, inRound).map((r) => r.id);

describe('finding features', () => {
  test('words match the id, title, team, theme and description, all of them, in any case', () => {
    expect(ids('')).toEqual(['F-1', 'F-2', 'F-30']);
    expect(ids('CHECK')).toEqual(['F-1']);
    expect(ids('f-3')).toEqual(['F-30']);
    expect(ids('regulator')).toEqual(['F-30']);
    expect(ids('search payments')).toEqual([]);
  });

  test('team:, theme: and is: keys narrow by team, theme and state', () => {
    expect(ids('team:payments')).toEqual(['F-1']);
    expect(ids('team:"core banking"')).toEqual(['F-30']);
    expect(ids('theme:retention')).toEqual(['F-2']);
    expect(ids('is:unscored')).toEqual(['F-30']);
    expect(ids('is:committed')).toEqual(['F-1']);
    expect(ids('is:below')).toEqual(['F-2']);
    expect(ids('is:round', (id) => id === 'F-2')).toEqual(['F-2']);
    expect(parseQuery('is:nonsense audit')).toMatchObject({ states: [], words: ['is:nonsense', 'audit'] });
  });

  test('the state picker replaces the is: key, or takes it away', () => {
    expect(withState('audit', 'unscored')).toBe('audit is:unscored');
    expect(withState('audit is:unscored', 'committed')).toBe('audit is:committed');
    expect(withState('is:out audit', null)).toBe('audit');
    expect(withState('is:nonsense', null)).toBe('is:nonsense');
  });
});
