import { memo, useMemo } from 'react';
import type { RankingRow } from '@ladder/board-doc';
import { FeatureCard } from './FeatureCard';
import { laneGroups, type LaneKey } from './laneGroups';
import type { BoardChoice } from './licence';
import './cardBoard.css';

/** Why this screen shows the card board, in one line, with what to do about it. */
export const CARD_BOARD_REASON: Record<Exclude<BoardChoice, 'canvas'>, string> = {
  unlicensed: 'Card board: the canvas needs a tldraw licence key on this host (set VITE_TLDRAW_LICENSE_KEY at build time — see docs/operations.md).',
  asked: 'Card board, as asked by ?cards in the address: remove ?cards to open the canvas.',
};

/**
 * The room's cards without the canvas: the same live cards (estimates editable in place, ✎ opens the editor) in a
 * grid, in rank order, optionally in lanes by theme or team. Used where tldraw would run unlicensed, or on `?cards`.
 */
export const CardBoard = memo(function CardBoard({ ranking, lanes, why }: { ranking: readonly RankingRow[]; lanes: LaneKey; why: Exclude<BoardChoice, 'canvas'> }) {
  const groups = useMemo(() => laneGroups(ranking, lanes).map((g) => ({ name: g.name, ids: g.rows.map((r) => r.id) })), [ranking, lanes]);
  return (
    <div className="board board--cards" aria-label="Backlog cards" data-card-board={why} data-lanes={lanes}>
      <p className="card-board__note" role="note">{CARD_BOARD_REASON[why]}</p>
      {ranking.length === 0 && <p className="empty">No features yet: add features or import a CSV.</p>}
      {/* One grid, the lanes' headings across it: a card changing lane moves, it is not drawn anew. */}
      <div className="card-board__grid">
        {groups.flatMap((g) => [
          ...(g.name === null ? [] : [<h2 key={`lane:${g.name}`} className="card-board__lane-name">{g.name} <span>{g.ids.length}</span></h2>]),
          ...g.ids.map((id) => <div key={id} className="card-board__cell" data-lane={g.name ?? undefined}><FeatureCard featureId={id} /></div>),
        ])}
      </div>
    </div>
  );
});
