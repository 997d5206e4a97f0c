import type { TLShapeId } from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import { WRITER_ROLES, type RankingRow } from '@ladder/board-doc';

// What the card reconciler decides, apart from the canvas it acts on: which features need a card now, which cards go.
// Time comes in as `now`, so the grace period is a matter of arguments, not of waiting.

/** How long a feature may lack a card (or a card its feature) before the leader steps in. */
export const GRACE_MS = 3000;

/** A card on the page: its shape id and its feature; `placeholder` marks a viewer's own card, shown on its screen only. */
export interface CardSeen {
  id: TLShapeId;
  featureId: string;
  placeholder?: boolean;
}

/** What a writer's board knows when it looks at its cards. */
export interface WriterView {
  ranking: readonly Pick<RankingRow, 'id' | 'createdBy'>[];
  cards: readonly CardSeen[];
  /** This screen's participant. */
  me: string;
  /** This screen does the room's housekeeping (`isLeader`, once synced). */
  leader: boolean;
  /** Participants online now. */
  here: ReadonlySet<string>;
  /** Features whose card was just deleted on this canvas and whose own deletion follows: no card is put back for them. */
  deleting: ReadonlySet<string>;
}

/** Cards to create (one per feature id) and cards to delete. */
export interface CardPlan {
  missing: string[];
  extra: TLShapeId[];
}

export interface CardPlanner {
  /** A writer's plan: its own features' cards at once; as the leader, the rest, duplicates and orphans. */
  writer(view: WriterView, now: number): CardPlan;
  /** A viewer's plan: its own cards for features still without one after the grace period, and which of them to drop. */
  viewer(ranking: readonly Pick<RankingRow, 'id'>[], cards: readonly CardSeen[], now: number): CardPlan;
  /** Something is waiting out its grace period: look again once it is over. */
  readonly waiting: boolean;
}

/** The writer with the lowest awareness client id does the room's housekeeping. */
export function isLeader(awareness: Awareness): boolean {
  let lowest = Infinity;
  awareness.getStates().forEach((state, clientId) => {
    const role = (state as { user?: { role?: string } }).user?.role;
    if (role && (WRITER_ROLES as readonly string[]).includes(role)) lowest = Math.min(lowest, clientId);
  });
  return lowest === awareness.clientID;
}

/** A planner remembers since when each feature has lacked a card (and each card its feature), across looks. */
export function cardPlanner(): CardPlanner {
  const firstSeen = new Map<string, number>();
  /** Whether `key` has waited longer than the grace period since it was first seen missing (counting from `now`). */
  const waited = (key: string, now: number) => {
    const seen = firstSeen.get(key) ?? now;
    firstSeen.set(key, seen);
    return now - seen > GRACE_MS;
  };

  const writer = ({ ranking, cards, me, leader, here, deleting }: WriterView, now: number): CardPlan => {
    const byFeature = new Map<string, CardSeen[]>();
    for (const card of cards) {
      const list = byFeature.get(card.featureId) ?? [];
      list.push(card);
      byFeature.set(card.featureId, list);
    }
    // A creator who is here places their own card; for anyone else's (an import by a script, features written before
    // this board opened) the leader need not wait.
    const missing = ranking.filter((row) => {
      if (byFeature.has(row.id)) { firstSeen.delete(row.id); return false; }
      if (deleting.has(row.id)) return false;
      if (row.createdBy === me) return true;
      if (leader && !here.has(row.createdBy)) return true;
      return waited(row.id, now) && leader;
    }).map((row) => row.id);
    const extra: TLShapeId[] = [];
    if (leader) {
      const features = new Set(ranking.map((row) => row.id));
      for (const [featureId, list] of byFeature) {
        // A card may arrive before its feature: an orphan goes only once it has stayed one for the grace period.
        if (!features.has(featureId)) {
          if (waited('orphan:' + featureId, now)) extra.push(...list.map((c) => c.id));
          continue;
        }
        firstSeen.delete('orphan:' + featureId);
        // Every leader keeps the same one of several cards: the lowest id.
        const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
        extra.push(...sorted.slice(1).map((c) => c.id));
      }
    }
    return { missing, extra };
  };

  /**
   * A viewer (an observer, a projector screen) cannot write cards: with no writer in the room, features imported
   * through the API would have none. It shows cards of its own, on its screen only, until the real ones arrive.
   */
  const viewer = (ranking: readonly Pick<RankingRow, 'id'>[], cards: readonly CardSeen[], now: number): CardPlan => {
    const features = new Set(ranking.map((row) => row.id));
    const real = new Set(cards.filter((c) => !c.placeholder).map((c) => c.featureId));
    const extra = cards.filter((c) => c.placeholder && (real.has(c.featureId) || !features.has(c.featureId))).map((c) => c.id);
    const shown = new Set(cards.map((c) => c.featureId));
    const missing = ranking.filter((row) => {
      if (shown.has(row.id)) { firstSeen.delete(row.id); return false; }
      // A writer on the board places it in a moment: wait for theirs first.
      return waited(row.id, now);
    }).map((row) => row.id);
    return { missing, extra };
  };

  return { writer, viewer, get waiting() { return firstSeen.size > 0; } };
}
