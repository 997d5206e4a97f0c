import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createFeature, initRoom, rankingOf } from '@ladder/board-doc';
import { missingLine, wsjfVersusCd3 } from './models';

const by = { participantId: 'p-1', now: 1 };

function room(): Y.Doc {
  const doc = new Y.Doc();
  initRoom(doc, { title: 'PI' });
  return doc;
}

describe('WSJF versus CD3', () => {
  it('lists the features whose two ranks differ, and none when both orders agree', () => {
    const doc = room();
    createFeature(doc, { id: 'A', title: 'Alpha', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2, costPerWeek: 1000, durationWeeks: 4 }, by);
    createFeature(doc, { id: 'B', title: 'Beta', userBusinessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 5, costPerWeek: 9000, durationWeeks: 3 }, by);
    expect(wsjfVersusCd3(rankingOf(doc))).toEqual({
      compared: 2,
      missingCd3: 0,
      missingWsjf: 0,
      disagreements: [
        { id: 'A', title: 'Alpha', wsjfRank: 1, cd3Rank: 2 },
        { id: 'B', title: 'Beta', wsjfRank: 2, cd3Rank: 1 },
      ],
    });
    const same = room();
    createFeature(same, { id: 'A', title: 'Alpha', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2, costPerWeek: 9000, durationWeeks: 1 }, by);
    createFeature(same, { id: 'B', title: 'Beta', userBusinessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 5, costPerWeek: 1000, durationWeeks: 4 }, by);
    expect(wsjfVersusCd3(rankingOf(same)).disagreements).toEqual([]);
  });

  it('never calls a feature without CD3 data a disagreement: it is counted, and the others compare by their order among themselves', () => {
    const doc = room();
    // WSJF order: A (8), X (4), B (2), Y (1); only A and B have CD3 data, in the same order as WSJF.
    createFeature(doc, { id: 'A', title: 'Alpha', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2, costPerWeek: 9000, durationWeeks: 1 }, by);
    createFeature(doc, { id: 'X', title: 'Xray', userBusinessValue: 5, timeCriticality: 2, riskReduction: 1, jobSize: 2 }, by);
    createFeature(doc, { id: 'B', title: 'Beta', userBusinessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 5, costPerWeek: 1000, durationWeeks: 4 }, by);
    createFeature(doc, { id: 'Y', title: 'Yankee', userBusinessValue: 3, timeCriticality: 3, riskReduction: 2, jobSize: 8 }, by);
    // CD3 data but an estimate missing: WSJF cannot rank it.
    createFeature(doc, { id: 'Z', title: 'Zulu', userBusinessValue: 3, costPerWeek: 500, durationWeeks: 2 }, by);
    const agree = wsjfVersusCd3(rankingOf(doc));
    expect(agree).toEqual({ compared: 2, missingCd3: 2, missingWsjf: 1, disagreements: [] });
    expect(missingLine(agree)).toBe('2 of 4 ranked features have no CD3 data, 1 with CD3 data has no WSJF yet: not compared.');

    // B's CD3 now beats A's: the two swap places among the compared features, X and Y are still not listed.
    const swapped = room();
    createFeature(swapped, { id: 'A', title: 'Alpha', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2, costPerWeek: 1000, durationWeeks: 4 }, by);
    createFeature(swapped, { id: 'X', title: 'Xray', userBusinessValue: 5, timeCriticality: 2, riskReduction: 1, jobSize: 2 }, by);
    createFeature(swapped, { id: 'B', title: 'Beta', userBusinessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 5, costPerWeek: 9000, durationWeeks: 1 }, by);
    const differ = wsjfVersusCd3(rankingOf(swapped));
    expect(differ.disagreements).toEqual([
      { id: 'A', title: 'Alpha', wsjfRank: 1, cd3Rank: 2 },
      { id: 'B', title: 'Beta', wsjfRank: 2, cd3Rank: 1 },
    ]);
    expect(missingLine(differ)).toBe('1 of 3 ranked features has no CD3 data: not compared.');
    expect(missingLine({ compared: 3, missingCd3: 0, missingWsjf: 0 })).toBeNull();
  });
});
