import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { perspectivesOf } from './portfolio-perspectives';
import { readRounds, writeRoundState, type RoundState, type RoundResult } from './rounds';

function result(product: Record<string, number>, portfolio: Record<string, number>): RoundResult {
  return { votes: [], consensus: {}, spread: {}, discuss: {}, byRole: { product, portfolio } };
}

function round(id: string, over: Partial<RoundState>): RoundState {
  return {
    id, kind: 'feature', featureIds: ['F-1'], components: ['timeCriticality'], status: 'revealed', autoReveal: false, deadline: null,
    createdAt: 1, createdBy: 'p', voted: [], expected: [], revealedAt: 10, result: null, accepted: null, acceptedAt: null, closedAt: null, ...over,
  };
}

describe('two perspectives', () => {
  it('puts the product and portfolio estimates side by side, biggest gap first, the latest reveal winning', () => {
    const doc = new Y.Doc();
    writeRoundState(doc, round('r1', { components: ['timeCriticality', 'jobSize'], revealedAt: 10, result: result({ timeCriticality: 8, jobSize: 3 }, { timeCriticality: 2, jobSize: 5 }) }));
    writeRoundState(doc, round('r2', { kind: 'column', featureIds: ['F-1', 'F-2'], components: ['userBusinessValue'], status: 'accepted', revealedAt: 20, result: result({ 'F-1': 5, 'F-2': 13 }, { 'F-1': 5, 'F-2': 1 }) }));
    // A later round on F-1's time criticality: the groups came closer.
    writeRoundState(doc, round('r3', { revealedAt: 30, result: result({ timeCriticality: 5 }, { timeCriticality: 3 }) }));
    // Open rounds carry no result; a round where only product voted has no gap.
    writeRoundState(doc, round('r4', { featureIds: ['F-3'], status: 'open', revealedAt: null }));
    writeRoundState(doc, round('r5', { featureIds: ['F-4'], revealedAt: 40, result: result({ timeCriticality: 2 }, {}) }));
    expect(perspectivesOf(readRounds(doc)).map((p) => [p.featureId, p.component, p.product, p.portfolio, p.gap, p.roundId])).toEqual([
      ['F-2', 'userBusinessValue', 13, 1, 12, 'r2'],
      ['F-1', 'jobSize', 3, 5, 2, 'r1'],
      ['F-1', 'timeCriticality', 5, 3, 2, 'r3'],
      ['F-1', 'userBusinessValue', 5, 5, 0, 'r2'],
      ['F-4', 'timeCriticality', 2, null, null, 'r5'],
    ]);
  });
});
