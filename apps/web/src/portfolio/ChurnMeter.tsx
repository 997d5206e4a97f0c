import { useEffect, useState } from 'react';
import { rankDiff, type RankedFeature } from '@ladder/wsjf';
import type { RankingRow } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { rankingAt, sessionStartRanking, startOfDay, type RankedState } from './sessionStart';

const pct = (x: number) => `${Math.round(x * 100)} %`;
const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const pad = (n: number) => String(n).padStart(2, '0');
const timeValue = (at: number) => { const d = new Date(at); return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`; };

interface Point { ranking: readonly RankedFeature[]; at: number; label: string }

function Since({ kind, point, ranking }: { kind: 'start' | 'point'; point: Point; ranking: readonly RankingRow[] }) {
  const diff = rankDiff(point.ranking, ranking);
  return (
    <span data-churn={kind} data-moves={diff.moves.length} data-churn-from={point.at} title={`Measured from the ranking at ${new Date(point.at).toLocaleString()}`}>
      {point.label} <strong>{pct(diff.churn)}</strong> · {diff.moves.length} moved
    </span>
  );
}

/**
 * How far the ranking moved since the session started — the ranking at the start of the day, or the room's first
 * ranking when it was set up today, both from the server's history — and since a point the user picks (a time today,
 * or "now"). Churn is the share of pairs whose order flipped (0 % same order, 100 % reversed); moves count changed ranks.
 */
export function ChurnMeter({ model, ranking, synced }: { model: RoomModel; ranking: RankingRow[]; synced: boolean }) {
  const [start, setStart] = useState<Point | null>(null);
  const [point, setPoint] = useState<Point | null>(null);
  const [picked, setPicked] = useState('');
  const ranked = ranking.some((r) => r.rank !== null);
  const { roomId } = model;
  const { token } = model.session;
  // The session start is read once a ranking exists (a room set up today has none before its first scored feature).
  useEffect(() => {
    if (!synced || !ranked || start !== null) return;
    let live = true;
    sessionStartRanking(roomId, token)
      .then((s: RankedState | null) => { if (live && s) setStart({ ranking: s.features, at: s.at, label: `Churn since the session started, ${clock(s.at)}:` }); })
      .catch(() => { /* offline: shown once the history can be read */ });
    return () => { live = false; };
  }, [roomId, token, synced, ranked, start]);

  const pickTime = (value: string) => {
    setPicked(value);
    const [h, m, s] = value.split(':').map(Number);
    if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m)) return;
    const at = startOfDay(Date.now()) + ((h * 60 + m) * 60 + (s ?? 0)) * 1000 + 999;
    rankingAt(roomId, token, { at })
      .then((state) => setPoint({ ranking: state.features, at: state.seq === 0 ? at : state.at, label: `since ${value.length > 5 ? value : `${value}:00`}:` }))
      .catch(() => setPoint(null));
  };

  return (
    <div className="portfolio__churn" aria-label="Ranking churn">
      {start ? <Since kind="start" point={start} ranking={ranking} /> : <span className="hint">Churn since the session started: no ranking yet</span>}
      <span className="portfolio__churn-pick">
        <label>
          <span>Churn since</span>
          <input
            type="time"
            step={1}
            aria-label="Measure churn since this time today"
            value={picked}
            onChange={(e) => pickTime(e.target.value)}
          />
        </label>
        <button
          type="button"
          className="link-button"
          aria-label="Mark this ranking as the point to measure churn from"
          onClick={() => { const now = Date.now(); setPicked(timeValue(now)); setPoint({ ranking, at: now, label: `since ${clock(now)} (marked):` }); }}
        >
          mark now
        </button>
        {point && <Since kind="point" point={point} ranking={ranking} />}
      </span>
    </div>
  );
}

/** Committed features that are below the cut line: the plan no longer holds them. */
export function CommittedWarning({ ranking }: { ranking: readonly RankingRow[] }) {
  const below = ranking.filter((r) => r.committed && r.inCapacity === false);
  if (below.length === 0) return null;
  const text = `Committed but below the cut line: ${below.map((r) => `${r.id} ${r.title}`).join(', ')}`;
  return (
    <p className="cut-notice cut-notice--below" role="alert" data-committed-below={below.map((r) => r.id).join(' ')} title={text}>
      {text}
    </p>
  );
}
