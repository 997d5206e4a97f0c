import { useEffect, useState } from 'react';
import { rankDiff } from '@ladder/wsjf';
import type { RankingRow } from '@ladder/board-doc';

const pct = (x: number) => `${Math.round(x * 100)} %`;

/**
 * How far the ranking moved since this screen joined the session, and since a point the user marks:
 * churn is the share of pairs whose order flipped (0 % same order, 100 % reversed); moves count changed ranks.
 */
export function ChurnMeter({ ranking, synced }: { ranking: RankingRow[]; synced: boolean }) {
  const [start, setStart] = useState<RankingRow[] | null>(null);
  const [mark, setMark] = useState<RankingRow[] | null>(null);
  useEffect(() => {
    if (synced && start === null) setStart(ranking);
  }, [synced, ranking, start]);
  if (start === null) return null;
  const sinceStart = rankDiff(start, ranking);
  const sinceMark = mark ? rankDiff(mark, ranking) : null;
  return (
    <p className="portfolio__churn" aria-label="Ranking churn">
      <span data-churn="start" data-moves={sinceStart.moves.length}>
        Churn since start {pct(sinceStart.churn)} · {sinceStart.moves.length} moved
      </span>
      {sinceMark && (
        <span data-churn="mark" data-moves={sinceMark.moves.length}> · since mark {pct(sinceMark.churn)} · {sinceMark.moves.length} moved</span>
      )}
      <button type="button" className="link-button" aria-label="Mark this ranking as the point to measure churn from" onClick={() => setMark(ranking)}>
        mark point
      </button>
    </p>
  );
}

/** Committed features that are below the cut line: the plan no longer holds them. */
export function CommittedWarning({ ranking }: { ranking: readonly RankingRow[] }) {
  const below = ranking.filter((r) => r.committed && r.inCapacity === false);
  if (below.length === 0) return null;
  return (
    <p className="cut-notice cut-notice--below" role="alert" data-committed-below={below.map((r) => r.id).join(' ')}>
      Committed but below the cut line: {below.map((r) => `${r.id} ${r.title}`).join(', ')}
    </p>
  );
}
