import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, initRoom, roundsMap, updateFeature, writeRoundState } from '@ladder/board-doc';
import { touchesRounds } from './guard';
import { outcomeOf } from './outcome';

function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  initRoom(doc, { title: 'PI' });
  createFeature(doc, { id: 'F-1', title: 'Checkout' }, { participantId: 'p1', now: 1 });
  writeRoundState(doc, {
    id: 'r1', kind: 'feature', featureIds: ['F-1'], components: ['jobSize'], status: 'open', autoReveal: false, deadline: null,
    createdAt: 1, createdBy: 'p1', voted: [], expected: [], revealedAt: null, result: null, accepted: null, acceptedAt: null, closedAt: null,
  });
  return doc;
}

/** What a client replica of `doc` sends for `change`. */
function clientUpdate(doc: Y.Doc, change: (replica: Y.Doc) => void): Uint8Array {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(replica);
  change(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

describe('touchesRounds', () => {
  test('an edit of a feature or the meta passes', () => {
    const doc = serverDoc();
    expect(touchesRounds(doc, clientUpdate(doc, (d) => updateFeature(d, 'F-1', { jobSize: 5 })))).toBe(false);
    expect(touchesRounds(doc, clientUpdate(doc, (d) => createFeature(d, { id: 'F-2', title: 'New' }, { participantId: 'p', now: 2 })))).toBe(false);
  });

  test('a client that resends what the server already has (its whole state and delete set, on connect) passes', () => {
    const doc = serverDoc();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    // The server overwrites round fields (deleting the old values) and the client receives that.
    const before = Y.encodeStateVector(doc);
    const round = roundsMap(doc).get('r1') as Y.Map<unknown>;
    round.set('status', 'revealed');
    round.set('revealedAt', 5);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc, before));
    // On reconnect the client answers the server's state vector: no new structs, its whole delete set.
    const resend = Y.encodeStateAsUpdate(client, Y.encodeStateVector(doc));
    expect(Y.decodeUpdate(resend).ds.clients.size).toBeGreaterThan(0);
    expect(touchesRounds(doc, resend)).toBe(false);
    expect(touchesRounds(doc, Y.encodeStateAsUpdate(client))).toBe(false);
  });

  test('changing, adding or deleting anything in rounds is caught, nested or not', () => {
    const doc = serverDoc();
    const round = (d: Y.Doc) => roundsMap(d).get('r1') as Y.Map<unknown>;
    expect(touchesRounds(doc, clientUpdate(doc, (d) => round(d).set('status', 'revealed')))).toBe(true);
    expect(touchesRounds(doc, clientUpdate(doc, (d) => round(d).delete('voted')))).toBe(true);
    expect(touchesRounds(doc, clientUpdate(doc, (d) => roundsMap(d).delete('r1')))).toBe(true);
    expect(touchesRounds(doc, clientUpdate(doc, (d) => {
      const fake = new Y.Map<unknown>();
      roundsMap(d).set('fake', fake);
      fake.set('status', 'revealed');
    }))).toBe(true);
  });
});

describe('outcomeOf', () => {
  test('a column round decides each feature on its own, with names and role means', () => {
    const round = { kind: 'column' as const, featureIds: ['A', 'B'], components: ['jobSize' as const] };
    const result = outcomeOf(round, [
      { participantId: 'p1', name: 'Pia', role: 'product', values: { A: 1, B: 13 } },
      { participantId: 'p2', name: 'Polly', role: 'portfolio', values: { A: 1, B: 2 } },
    ], [1, 2, 3, 5, 8, 13, 20]);
    expect(result.consensus).toEqual({ A: 1, B: 8 });
    expect(result.spread).toEqual({ A: 0, B: 4 });
    expect(result.discuss.B).toEqual({ discuss: true, spread: 4, lowest: [{ participantId: 'p2', name: 'Polly', value: 2 }], highest: [{ participantId: 'p1', name: 'Pia', value: 13 }] });
    expect(result.byRole).toEqual({ product: { A: 1, B: 13 }, portfolio: { A: 1, B: 2 } });
  });
});
