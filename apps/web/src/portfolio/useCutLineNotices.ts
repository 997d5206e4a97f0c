import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { cutLineCrossings, type RankingRow } from '@ladder/board-doc';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { addNotices, crossingText, liveNotices, NOTICE_TTL } from './cutLineNotices';

export interface CutLineNotice {
  key: string;
  at: number;
  text: string;
  direction: 'above' | 'below';
  featureId: string;
}

export interface CutLineNotices {
  /** The notices that still hold, newest first. */
  notices: CutLineNotice[];
  dismiss: (key: string) => void;
  dismissAll: () => void;
}

/**
 * The features that crossed the cut line with the latest changes, and whose edit it was; newest first. A notice goes
 * when it is dismissed, after NOTICE_TTL, when its feature is gone or back on the other side, or when there is no
 * capacity any more; a feature's new crossing replaces its older notice.
 */
export function useCutLineNotices(model: RoomModel, snapshot: RoomSnapshot): CutLineNotices {
  const prev = useRef<{ ranking: RankingRow[]; capacity: number | null } | null>(null);
  const [kept, setKept] = useState<CutLineNotice[]>([]);
  const [now, setNow] = useState(() => Date.now());
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
    setNow(at);
    setKept((cur) => addNotices(cur, fresh));
  }, [model, snapshot.ranking, snapshot.meta.capacity, snapshot.activity, snapshot.synced]);

  const notices = useMemo(
    () => liveNotices(kept, snapshot.ranking, snapshot.meta.capacity, now),
    [kept, snapshot.ranking, snapshot.meta.capacity, now],
  );
  // The kept list drops what no longer holds, so a notice never comes back (e.g. when the capacity returns).
  useEffect(() => {
    if (notices.length !== kept.length) setKept(notices);
  }, [notices, kept.length]);
  // Re-checked when the oldest notice expires.
  const oldest = notices.reduce((min, n) => Math.min(min, n.at), Infinity);
  useEffect(() => {
    if (oldest === Infinity) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, oldest + NOTICE_TTL - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [oldest]);

  const dismiss = useCallback((key: string) => setKept((cur) => cur.filter((n) => n.key !== key)), []);
  const dismissAll = useCallback(() => setKept([]), []);
  return { notices, dismiss, dismissAll };
}
