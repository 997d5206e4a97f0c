import { useCallback, useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { rankingOf, readPlan, type Plan, type RankingRow } from '@ladder/board-doc';
import { readPi, type PiState } from '../pi/store';
import { fetchDocAt, type TimelinePoint } from './api';
import { shapesOf, type PastShape } from './canvas';

export type Speed = 1 | 10 | 60;

export interface Replay {
  /** The index on the timeline being shown, or null when live. */
  index: number | null;
  /** The ranking at `shown` (read from a separate, read-only document), null while loading or live. */
  ranking: RankingRow[] | null;
  /** The index whose board `ranking` is. */
  shown: number | null;
  /** The canvas shapes at `shown`. */
  shapes: PastShape[];
  /** The planning board at `shown`. */
  plan: Plan | null;
  /** The PI at `shown`: objectives, risks, confidence votes, the agenda and the PI's name. */
  pi: PiState | null;
  playing: Speed | null;
  error: string | null;
  show(index: number): void;
  live(): void;
  play(speed: Speed): void;
  pause(): void;
}

/** The longest pause between two updates while playing, so a lunch break does not stall the replay. */
const MAX_GAP_MS = 3000;
/** The shortest step while playing, so every step's board is drawn. */
const MIN_STEP_MS = 120;

/** Loads the document at a point of the timeline into its own Y.Doc (never the live one) and plays the session. */
export function useReplay(roomId: string, token: string, points: readonly TimelinePoint[]): Replay {
  const [index, setIndex] = useState<number | null>(null);
  const [ranking, setRanking] = useState<RankingRow[] | null>(null);
  const [playing, setPlaying] = useState<Speed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const requests = useRef(0);
  const applied = useRef(0);
  const [shown, setShown] = useState<number | null>(null);
  const [shapes, setShapes] = useState<PastShape[]>([]);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [pi, setPi] = useState<PiState | null>(null);

  useEffect(() => {
    if (index === null) { applied.current = ++requests.current; setRanking(null); return; }
    const point = points[index];
    if (!point) return;
    const timer = setTimeout(() => {
      const request = ++requests.current;
      fetchDocAt(roomId, token, point.seq).then((update) => {
        // A slower answer for an earlier point never replaces a newer one.
        if (request < applied.current) return;
        applied.current = request;
        const doc = new Y.Doc();
        Y.applyUpdate(doc, update);
        const rows = rankingOf(doc);
        setRanking(rows);
        setShapes(shapesOf(doc, rows));
        setPlan(readPlan(doc));
        setPi(readPi(doc));
        setShown(index);
        doc.destroy();
        setError(null);
      }, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    }, 30);
    return () => clearTimeout(timer);
  }, [roomId, token, points, index]);

  useEffect(() => {
    if (playing === null || index === null) return;
    const here = points[index];
    const next = points[index + 1];
    if (!here || !next) { setPlaying(null); return; }
    const gap = Math.min(MAX_GAP_MS, Math.max(0, (next.at - here.at) / playing));
    const timer = setTimeout(() => setIndex(index + 1), Math.max(MIN_STEP_MS, gap));
    return () => clearTimeout(timer);
  }, [playing, index, points]);

  const show = useCallback((i: number) => setIndex(Math.max(0, Math.min(points.length - 1, i))), [points.length]);
  const live = useCallback(() => { setPlaying(null); setIndex(null); }, []);
  const play = useCallback((speed: Speed) => {
    setIndex((cur) => (cur === null || cur >= points.length - 1 ? 0 : cur));
    setPlaying(speed);
  }, [points.length]);
  const pause = useCallback(() => setPlaying(null), []);
  return { index, ranking: index === null ? null : ranking, shown: index === null ? null : shown, shapes, plan: index === null ? null : plan, pi: index === null ? null : pi, playing, error, show, live, play, pause };
}
