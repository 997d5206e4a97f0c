import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { currentRoundFor, readRound, readRounds, roundKeys, roundsMap, targetOf, writeRoundState, type RoundState } from './index';

const alice = { participantId: 'p-alice', name: 'Alice', role: 'product' as const };
const bob = { participantId: 'p-bob', name: 'Bob', role: 'portfolio' as const };

function openRound(over: Partial<RoundState> = {}): RoundState {
  return {
    id: 'r1', kind: 'feature', featureIds: ['F-1'], components: ['userBusinessValue', 'jobSize'], status: 'open',
    autoReveal: false, deadline: null, createdAt: 1_000, createdBy: 'p-fac', voted: [], expected: [alice, bob],
    revealedAt: null, result: null, accepted: null, acceptedAt: null, closedAt: null, ...over,
  };
}

describe('rounds', () => {
  it('writes a round and reads it back with counts derived from who voted and who is expected', () => {
    const doc = new Y.Doc();
    writeRoundState(doc, openRound({ voted: [alice] }));
    const round = readRound(doc, 'r1');
    expect(round?.status).toBe('open');
    expect(round?.counts).toEqual({ voted: 1, expected: 2 });
    expect(round?.voted).toEqual([alice]);
    expect(readRounds(doc).map((r) => r.id)).toEqual(['r1']);
  });

  it('refuses a result on an open round, so no vote value can reach the document before the reveal', () => {
    const doc = new Y.Doc();
    const result = { votes: [{ ...alice, values: { jobSize: 3 } }], consensus: { jobSize: 3 }, spread: { jobSize: 0 }, discuss: {}, byRole: { product: {}, portfolio: {} } };
    expect(() => writeRoundState(doc, openRound({ result }))).toThrow(/reveal/);
    expect(readRound(doc, 'r1')).toBeNull();
    writeRoundState(doc, openRound({ status: 'revealed', result, revealedAt: 2_000 }));
    expect(readRound(doc, 'r1')?.result?.consensus).toEqual({ jobSize: 3 });
  });

  it('writes only the fields that changed: an unchanged state makes no update', () => {
    const doc = new Y.Doc();
    writeRoundState(doc, openRound());
    let updates = 0;
    doc.on('update', () => { updates++; });
    writeRoundState(doc, openRound());
    expect(updates).toBe(0);
    writeRoundState(doc, openRound({ voted: [bob] }));
    expect(updates).toBe(1);
  });

  it('reads an unreadable round (written by a hostile client) as absent, and sorts rounds by creation', () => {
    const doc = new Y.Doc();
    const junk = new Y.Map<unknown>();
    roundsMap(doc).set('bad', junk);
    junk.set('status', 'maybe');
    writeRoundState(doc, openRound({ id: 'r2', createdAt: 5 }));
    writeRoundState(doc, openRound({ id: 'r1', createdAt: 9 }));
    expect(readRound(doc, 'bad')).toBeNull();
    expect(readRounds(doc).map((r) => r.id)).toEqual(['r2', 'r1']);
  });

  it('keys votes by component in a feature round and by feature id in a column round', () => {
    const feature = openRound();
    expect(roundKeys(feature)).toEqual(['userBusinessValue', 'jobSize']);
    expect(targetOf(feature, 'jobSize')).toEqual({ featureId: 'F-1', component: 'jobSize' });
    const column = openRound({ kind: 'column', featureIds: ['F-1', 'F-2'], components: ['jobSize'] });
    expect(roundKeys(column)).toEqual(['F-1', 'F-2']);
    expect(targetOf(column, 'F-2')).toEqual({ featureId: 'F-2', component: 'jobSize' });
  });

  it('finds the live round of a feature, ignoring accepted and closed ones', () => {
    const doc = new Y.Doc();
    writeRoundState(doc, openRound({ id: 'old', status: 'closed', closedAt: 2 }));
    writeRoundState(doc, openRound({ id: 'new', createdAt: 3 }));
    expect(currentRoundFor(doc, 'F-1')?.id).toBe('new');
    expect(currentRoundFor(doc, 'F-1', 'riskReduction')).toBeNull();
    expect(currentRoundFor(doc, 'F-9')).toBeNull();
  });
});
