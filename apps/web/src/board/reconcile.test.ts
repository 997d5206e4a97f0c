import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createShapeId } from 'tldraw';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { cardPlanner, GRACE_MS, isLeader, type CardSeen, type WriterView } from './cardPlan';
import { CARD_H, CARD_W } from './cardShape';
import { freeSlots, gridColumns, type Box } from './reconcile';

const touches = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const card = (p: { x: number; y: number }): Box => ({ ...p, w: CARD_W, h: CARD_H });

describe('freeSlots: where new cards go', () => {
  it('fills the grid left to right on an empty board', () => {
    const slots = freeSlots([], 3);
    expect(slots.map((s) => s.y)).toEqual([0, 0, 0]);
    expect(slots[1]!.x - slots[0]!.x).toBeGreaterThanOrEqual(CARD_W);
  });

  it('a board of hundreds is laid out about as wide as a screen, not as a six-card strip', () => {
    expect(gridColumns(12)).toBe(6);
    const columns = gridColumns(300);
    const rows = Math.ceil(300 / columns);
    const width = columns * CARD_W;
    const height = rows * CARD_H;
    // Within a factor of the 16:9 of a screen, so zoom-to-fit keeps the cards several times bigger than in a strip.
    expect(width / height).toBeGreaterThan(1.2);
    expect(width / height).toBeLessThan(2.6);
    const slots = freeSlots([], 300, columns);
    expect(Math.max(...slots.map((s) => s.x))).toBe((columns - 1) * (slots[1]!.x - slots[0]!.x));
    expect(gridColumns(100_000)).toBe(24);
  });

  it('never puts a card on a lane or on a card moved off the grid, nor two new cards on each other', () => {
    const lane: Box = { x: 0, y: -56, w: CARD_W + 40, h: 56 + 4 * (CARD_H + 24) + 20 };
    const moved = card({ x: 700, y: 130 });
    const slots = freeSlots([lane, moved], 8).map(card);
    for (const s of slots) {
      expect(touches(s, lane)).toBe(false);
      expect(touches(s, moved)).toBe(false);
    }
    slots.forEach((a, i) => slots.slice(i + 1).forEach((b) => expect(touches(a, b)).toBe(false)));
  });
});

// The reconciler's decisions (cardPlan.ts) with time passed in: the grace period is checked at exact instants, no timers.
const T0 = 1_000_000;
const feature = (id: string, createdBy = 'bob') => ({ id, createdBy });
const cardOf = (featureId: string, name: string, placeholder = false): CardSeen => ({ id: createShapeId(name), featureId, placeholder });

/** Ann's board: writer, not the leader, Bob and Ann online, nothing being deleted; `patch` changes what differs. */
function annSees(patch: Partial<WriterView>): WriterView {
  return { ranking: [], cards: [], me: 'ann', leader: false, here: new Set(['ann', 'bob']), deleting: new Set(), ...patch };
}

describe('one card per feature: who places a missing card, and when', () => {
  it('a feature I created gets its card from me at once, leader or not', () => {
    const plan = cardPlanner().writer(annSees({ ranking: [feature('F-1', 'ann')] }), T0);
    expect(plan).toEqual({ missing: ['F-1'], extra: [] });
  });

  it('a feature imported by someone not here (a script, the API) gets its card from the leader at once', () => {
    const view = annSees({ ranking: [feature('F-1', 'script')] });
    expect(cardPlanner().writer({ ...view, leader: true }, T0).missing).toEqual(['F-1']);
    expect(cardPlanner().writer(view, T0).missing).toEqual([]);
  });

  it('a feature created by a writer who is here is left to them for the grace period, then the leader places it', () => {
    const planner = cardPlanner();
    const view = annSees({ ranking: [feature('F-1', 'bob')], leader: true });
    expect(planner.writer(view, T0).missing).toEqual([]);
    expect(planner.waiting).toBe(true);
    expect(planner.writer(view, T0 + GRACE_MS).missing).toEqual([]);
    expect(planner.writer(view, T0 + GRACE_MS + 1).missing).toEqual(['F-1']);
  });

  it('a board that is not the leader never places a card for someone else\'s feature, however long it waits', () => {
    const planner = cardPlanner();
    const view = annSees({ ranking: [feature('F-1', 'bob')] });
    expect(planner.writer(view, T0).missing).toEqual([]);
    expect(planner.writer(view, T0 + 10 * GRACE_MS).missing).toEqual([]);
  });

  it('a card that arrives ends the wait; if it goes again the wait starts over', () => {
    const planner = cardPlanner();
    const ranking = [feature('F-1', 'bob')];
    planner.writer(annSees({ ranking, leader: true }), T0);
    expect(planner.writer(annSees({ ranking, leader: true, cards: [cardOf('F-1', 'bob-card')] }), T0 + 1000).missing).toEqual([]);
    expect(planner.waiting).toBe(false);
    expect(planner.writer(annSees({ ranking, leader: true }), T0 + GRACE_MS + 1).missing).toEqual([]);
    expect(planner.writer(annSees({ ranking, leader: true }), T0 + 2 * GRACE_MS + 2).missing).toEqual(['F-1']);
  });

  it('no card is put back for a feature whose card was just deleted here (its deletion follows)', () => {
    const planner = cardPlanner();
    const view = annSees({ ranking: [feature('F-1', 'ann')], leader: true, deleting: new Set(['F-1']) });
    expect(planner.writer(view, T0)).toEqual({ missing: [], extra: [] });
    expect(planner.writer(view, T0 + GRACE_MS + 1)).toEqual({ missing: [], extra: [] });
  });

  it('with every feature on the board nothing is waiting, so the board does not look again', () => {
    const planner = cardPlanner();
    planner.writer(annSees({ ranking: [feature('F-1')], cards: [cardOf('F-1', 'one')], leader: true }), T0);
    expect(planner.waiting).toBe(false);
  });
});

describe('one card per feature: duplicates and orphans', () => {
  it('of two cards for one feature the leader removes all but the lowest id; other boards leave them', () => {
    const cards = [cardOf('F-1', 'b'), cardOf('F-1', 'a'), cardOf('F-1', 'c'), cardOf('F-2', 'd')];
    const view = annSees({ ranking: [feature('F-1'), feature('F-2')], cards });
    expect(cardPlanner().writer({ ...view, leader: true }, T0)).toEqual({ missing: [], extra: [createShapeId('b'), createShapeId('c')] });
    expect(cardPlanner().writer(view, T0).extra).toEqual([]);
  });

  it('cards left after their feature was deleted are removed by the leader once the grace period is over', () => {
    const planner = cardPlanner();
    const view = annSees({ ranking: [feature('F-2')], cards: [cardOf('F-1', 'a'), cardOf('F-1', 'b'), cardOf('F-2', 'c')], leader: true });
    // The card may have arrived before its feature: it is not an orphan yet.
    expect(planner.writer(view, T0).extra).toEqual([]);
    expect(planner.waiting).toBe(true);
    expect(planner.writer(view, T0 + GRACE_MS + 1).extra).toEqual([createShapeId('a'), createShapeId('b')]);
    expect(cardPlanner().writer({ ...view, leader: false }, T0 + GRACE_MS + 1).extra).toEqual([]);
  });

  it('a card whose feature arrives within the grace period stays, and a later orphan waits anew', () => {
    const planner = cardPlanner();
    const cards = [cardOf('F-1', 'a')];
    planner.writer(annSees({ cards, leader: true }), T0);
    expect(planner.writer(annSees({ cards, ranking: [feature('F-1')], leader: true }), T0 + 1000).extra).toEqual([]);
    expect(planner.writer(annSees({ cards, leader: true }), T0 + GRACE_MS + 1).extra).toEqual([]);
  });
});

describe('one card per feature: an observer\'s screen', () => {
  it('an observer alone lays out cards of its own once no writer has placed them within the grace period', () => {
    const planner = cardPlanner();
    const ranking = [feature('F-1'), feature('F-2')];
    expect(planner.viewer(ranking, [], T0).missing).toEqual([]);
    expect(planner.waiting).toBe(true);
    expect(planner.viewer(ranking, [], T0 + GRACE_MS + 1)).toEqual({ missing: ['F-1', 'F-2'], extra: [] });
  });

  it('its own card goes when a writer\'s card for the feature arrives, or when the feature is deleted', () => {
    const planner = cardPlanner();
    const cards = [cardOf('F-1', 'own-1', true), cardOf('F-1', 'real-1'), cardOf('F-2', 'own-2', true), cardOf('F-3', 'own-3', true)];
    expect(planner.viewer([feature('F-1'), feature('F-3')], cards, T0)).toEqual({ missing: [], extra: [createShapeId('own-1'), createShapeId('own-2')] });
  });

  it('a writer\'s card is never removed by an observer, even without its feature', () => {
    expect(cardPlanner().viewer([], [cardOf('F-9', 'real')], T0 + GRACE_MS + 1).extra).toEqual([]);
  });
});

describe('the leader: who does the room\'s housekeeping', () => {
  function screen(clientID: number, role: string) {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    const awareness = new Awareness(doc);
    awareness.setLocalStateField('user', { participantId: `p${clientID}`, name: `P${clientID}`, role });
    return awareness;
  }
  const meet = (screens: Awareness[]) => {
    for (const from of screens) for (const to of screens) if (from !== to) applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), 'net');
  };

  it('is the writer with the lowest client id; an observer with a lower one does not count', () => {
    const observer = screen(1, 'observer');
    const product = screen(2, 'product');
    const facilitator = screen(3, 'facilitator');
    const all = [observer, product, facilitator];
    meet(all);
    expect(all.map(isLeader)).toEqual([false, true, false]);
    // The leader leaves: the next writer takes over.
    product.setLocalState(null);
    meet(all);
    expect(all.map(isLeader)).toEqual([false, false, true]);
    for (const a of all) a.destroy();
  });
});
