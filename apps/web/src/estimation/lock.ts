import { useEffect, useState } from 'react';
import { readRounds, roundsMap, type Round } from '@ladder/board-doc';
import type { Component } from '@ladder/wsjf';
import { getActiveRoom } from '../room/active';

const NONE: ReadonlySet<Component> = new Set();

/** The components of `featureId` a live round (open or revealed, not yet accepted) estimates. */
export function lockedOf(rounds: readonly Round[], featureId: string): ReadonlySet<Component> {
  const live = rounds.filter((r) => (r.status === 'open' || r.status === 'revealed') && r.featureIds.includes(featureId));
  return live.length === 0 ? NONE : new Set(live.flatMap((r) => r.components));
}

/**
 * The components of `featureId` under a live round in the active room, kept up to date: while a round is on, their
 * values are hidden (nobody anchors on them) and cannot be changed here (the server refuses it too).
 */
export function useLockedComponents(featureId: string): ReadonlySet<Component> {
  const [locked, setLocked] = useState<ReadonlySet<Component>>(() => {
    const model = getActiveRoom();
    return model ? lockedOf(readRounds(model.doc), featureId) : NONE;
  });
  useEffect(() => {
    const model = getActiveRoom();
    if (!model) return undefined;
    const map = roundsMap(model.doc);
    const key = (s: ReadonlySet<Component>) => [...s].sort().join(',');
    const update = () => setLocked((current) => {
      const next = lockedOf(readRounds(model.doc), featureId);
      return key(next) === key(current) ? current : next;
    });
    map.observeDeep(update);
    update();
    return () => map.unobserveDeep(update);
  }, [featureId]);
  return locked;
}
