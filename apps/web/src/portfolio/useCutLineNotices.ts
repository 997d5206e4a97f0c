import { useEffect, useRef, useState } from 'react';
import { cutLineCrossings, type RankingRow } from '@ladder/board-doc';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { crossingText, KEPT_NOTICES } from './cutLineNotices';

export interface CutLineNotice {
  key: string;
  at: number;
  text: string;
  direction: 'above' | 'below';
  featureId: string;
}

/** The features that crossed the cut line with the latest changes, and whose edit it was; newest first. */
export function useCutLineNotices(model: RoomModel, snapshot: RoomSnapshot): CutLineNotice[] {
  const prev = useRef<{ ranking: RankingRow[]; capacity: number | null } | null>(null);
  const [notices, setNotices] = useState<CutLineNotice[]>([]);
  useEffect(() => {
    const before = prev.current;
    prev.current = { ranking: snapshot.ranking, capacity: snapshot.meta.capacity };
    // Only estimate and feature edits count: a new capacity moves the line, not the features.
    if (!before || before.ranking === snapshot.ranking || before.capacity !== snapshot.meta.capacity || !snapshot.synced) return;
    const crossed = cutLineCrossings(before.ranking, snapshot.ranking);
    if (crossed.length === 0) return;
    const whoId = snapshot.activity[0]?.whoId ?? null;
    const name = whoId === model.session.participantId ? null : model.nameOf(whoId);
    const who = whoId === model.session.participantId ? ' after your edit' : name ? ` after ${name}'s edit` : '';
    const at = Date.now();
    const titles = new Map([...before.ranking, ...snapshot.ranking].map((r) => [r.id, r.title]));
    const fresh = crossed.map((c) => ({
      key: `${at}-${c.featureId}`,
      at,
      featureId: c.featureId,
      direction: c.direction,
      text: crossingText(c.featureId, titles.get(c.featureId), c.direction, who),
    }));
    setNotices((cur) => [...fresh, ...cur].slice(0, KEPT_NOTICES));
  }, [model, snapshot.ranking, snapshot.meta.capacity, snapshot.activity, snapshot.synced]);
  return notices;
}
