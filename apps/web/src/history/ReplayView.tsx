import { useRef } from 'react';
import type { RankingRow } from '@ladder/board-doc';
import { useFlip } from '../panel/useFlip';
import { formatNumber } from '../room/labels';

/** The ranking as it was at a past point: read-only rows, animated as they move while playing. */
export function ReplayView({ ranking }: { ranking: readonly RankingRow[] }) {
  const listRef = useRef<HTMLOListElement>(null);
  useFlip(listRef, ranking.map((r) => r.id).join(','));
  return (
    <ol className="replay__rows" ref={listRef} aria-label="Ranking at that moment (read-only)" data-replay-view="">
      {ranking.length === 0 && <li className="empty">No features at that moment.</li>}
      {ranking.map((row) => (
        <li key={row.id} className={`replay-row${row.rank === null ? ' replay-row--unscored' : ''}`} data-ranking-row="" data-feature-id={row.id} data-rank={row.rank ?? ''}>
          <span className="replay-row__rank">{row.rank ?? '–'}</span>
          <span className="rank-row__title replay-row__title">{row.title}</span>
          <span className="replay-row__wsjf" title="WSJF">{row.wsjf === null ? 'unscored' : formatNumber(row.wsjf)}</span>
        </li>
      ))}
    </ol>
  );
}
