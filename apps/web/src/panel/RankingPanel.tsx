import { useCallback, useMemo, useRef, useState } from 'react';
import { useRounds } from '../estimation/useRounds';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { formatNumber } from '../room/labels';
import { CutLineAlerts, CutLineMarker, PortfolioBar } from '../portfolio/PortfolioBar';
import { ToolsDrawer } from '../portfolio/ToolsDrawer';
import { useCutLineNotices } from '../portfolio/useCutLineNotices';
import { ActivityFeed } from './ActivityFeed';
import { FeatureSearch } from './FeatureSearch';
import { filterRows } from './filter';
import { RankingRow } from './RankingRow';
import { useFlip } from './useFlip';

/** Every feature in WSJF order (unscored ones in their own section), re-ranked on every change. */
export function RankingPanel({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const [expanded, setExpanded] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [tools, setTools] = useState(false);
  // The cut line's notices: a few on one line each above the rows, every one whole in the tools' drawer.
  const cut = useCutLineNotices(model, snapshot);
  const listRef = useRef<HTMLDivElement>(null);
  const rounds = useRounds(model.doc);
  const inRound = useMemo(() => {
    const ids = new Set(rounds.filter((r) => r.status === 'open' || r.status === 'revealed').flatMap((r) => r.featureIds));
    return (id: string) => ids.has(id);
  }, [rounds]);
  const shown = useMemo(() => filterRows(snapshot.ranking, search, inRound), [snapshot.ranking, search, inRound]);
  const allScored = snapshot.ranking.filter((r) => r.rank !== null);
  const scored = shown.filter((r) => r.rank !== null);
  const unscored = shown.filter((r) => r.rank === null);
  useFlip(listRef, snapshot.ranking.map((r) => r.id).join(','));
  const toggle = useCallback((id: string) => setExpanded((cur) => (cur === id ? null : id)), []);
  const capacity = snapshot.meta.capacity;
  const used = capacity === null ? 0 : allScored.filter((r) => r.inCapacity).reduce((s, r) => s + (r.jobSize ?? 0), 0);

  const rowOf = (row: RoomSnapshot['ranking'][number]) => (
    <RankingRow
      key={row.id}
      row={row}
      model={model}
      scale={snapshot.meta.scale}
      mark={snapshot.moves.get(row.id) ?? null}
      expanded={expanded === row.id}
      onToggle={toggle}
    />
  );

  const counts = `${allScored.length} scored · ${snapshot.ranking.length - allScored.length} unscored${capacity !== null ? ` · capacity ${formatNumber(used)}/${formatNumber(capacity)}` : ''}`;

  return (
    <section className="ranking" id="ranking" tabIndex={-1} aria-label="Ranking" data-estimate-home="ranking">
      {/* One line: the title (its counts in the tooltip and for screen readers) and, once there are features, the search. */}
      <header className={`ranking__head${snapshot.ranking.length > 0 ? ' ranking__head--search' : ''}`}>
        <h2 title={counts}>Ranking<span className="visually-hidden">: {counts}</span></h2>
        {snapshot.ranking.length > 0 ? (
          <FeatureSearch value={search} onChange={setSearch} label="Find features in the ranking" shown={shown.length} total={snapshot.ranking.length} shortcut />
        ) : <span className="ranking__meta">{counts}</span>}
      </header>
      <PortfolioBar model={model} snapshot={snapshot} toolsOpen={tools} onTools={() => setTools((t) => !t)} />
      {tools && <ToolsDrawer model={model} snapshot={snapshot} cut={cut} onClose={() => { setTools(false); document.querySelector<HTMLElement>('[data-tools-open]')?.focus(); }} />}
      <CutLineAlerts snapshot={snapshot} cut={cut} onShowAll={() => setTools(true)} />
      <div className="ranking__list" ref={listRef}>
        {snapshot.ranking.length > 0 && shown.length === 0 && (
          <p className="empty">No feature matches “{search.trim()}”. <button type="button" className="estimation__link" onClick={() => setSearch('')}>Show all</button></p>
        )}
        {snapshot.ranking.length === 0 && (
          <p className="empty">
            {model.canWrite
              ? 'No features yet. Add one, paste a list of titles onto the canvas, or import a backlog CSV.'
              : 'No features yet. They appear here as soon as someone adds them.'}
          </p>
        )}
        {scored.length > 0 && <ol className="ranking__rows" aria-label="Scored features in WSJF order">{scored.flatMap((r, i) => (capacity !== null && !r.inCapacity && (i === 0 || scored[i - 1]?.inCapacity) ? [<CutLineMarker key="cut-line" capacity={capacity} />, rowOf(r)] : [rowOf(r)]))}</ol>}
        {unscored.length > 0 && (
          <>
            <h3 className="ranking__section">Unscored <span>needs all four estimates</span></h3>
            <ul className="ranking__rows" aria-label="Unscored features">{unscored.map(rowOf)}</ul>
          </>
        )}
      </div>
      <ActivityFeed model={model} activity={snapshot.activity} />
    </section>
  );
}
