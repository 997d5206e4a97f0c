import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createFeature, initRoom, rankingOf } from '@ladder/board-doc';
import { wsjfVersusCd3 } from './models';

const by = { participantId: 'p-1', now: 1 };

describe('WSJF versus CD3', () => {
  it('lists the features whose two ranks differ, and none when both orders agree', () => {
    const doc = new Y.Doc();
    initRoom(doc, { title: 'PI' });
    createFeature(doc, { id: 'A', title: 'Alpha', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2, costPerWeek: 1000, durationWeeks: 4 }, by);
    createFeature(doc, { id: 'B', title: 'Beta', userBusinessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 5, costPerWeek: 9000, durationWeeks: 3 }, by);
    expect(wsjfVersusCd3(rankingOf(doc))).toEqual([
      { id: 'A', title: 'Alpha', wsjfRank: 1, cd3Rank: 2 },
      { id: 'B', title: 'Beta', wsjfRank: 2, cd3Rank: 1 },
    ]);
    const same = new Y.Doc();
    initRoom(same, { title: 'PI' });
    createFeature(same, { id: 'A', title: 'Alpha', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2, costPerWeek: 9000, durationWeeks: 1 }, by);
    createFeature(same, { id: 'B', title: 'Beta', userBusinessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 5, costPerWeek: 1000, durationWeeks: 4 }, by);
    expect(wsjfVersusCd3(rankingOf(same))).toEqual([]);
  });
});
