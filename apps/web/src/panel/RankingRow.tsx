import { memo, useEffect, useRef, useState } from 'react';
import { COMPONENTS } from '@ladder/wsjf';
import type { RankingRow as Row } from '@ladder/board-doc';
import { FeaturePerspectives } from '../portfolio/Perspectives';
import { guardedEstimate } from '../portfolio/stability';
import { COMPONENT_LABEL, COMPONENT_SHORT, formatNumber } from '../room/labels';
import { MOVE_BADGE_MS, type RankMoveMark, type RoomModel } from '../room/model';
import { openEditor } from '../ui/editorState';
import { EstimateControl } from '../ui/EstimateControl';
import { useLockedComponents } from '../estimation/lock';
import { leadTo } from '../present/follow';
import { FEATURE_TYPE, startDrag } from '../plan/dnd';
import { usePlannedIteration, usePlanOpen } from '../plan/store';

interface Props {
  row: Row;
  model: RoomModel;
  scale: readonly number[];
  mark: RankMoveMark | null;
  expanded: boolean;
  onToggle: (id: string) => void;
}

/** Milliseconds since `at`, refreshed every few seconds. */
function useAge(at: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, [at]);
  return Math.max(0, now - at);
}

function MoveBadge({ mark, model }: { mark: RankMoveMark; model: RoomModel }) {
  // Fades from the change on, a step every few seconds (no long-running animation: the list's own settle as usual).
  const age = useAge(mark.at);
  const opacity = Math.max(0.3, 1 - (0.7 * age) / MOVE_BADGE_MS);
  const up = mark.from !== null && mark.to !== null ? mark.to < mark.from : mark.to !== null;
  const who = model.nameOf(mark.whoId);
  const from = mark.from === null ? 'unscored' : `#${mark.from}`;
  const to = mark.to === null ? 'unscored' : `#${mark.to}`;
  return (
    <span className={`move move--${up ? 'up' : 'down'}`} style={{ opacity }} role="status"
      title={`${who ?? 'Someone'} ${mark.why}`} aria-label={`Moved from ${from} to ${to}: ${who ?? 'someone'} ${mark.why}`}>
      {up ? '▲' : '▼'} {from} → {to}{who ? <em> · {who}</em> : null}
    </span>
  );
}

/** One feature in the ranking: rank, WSJF, cost of delay and the four estimates; expands to edit them. */
export const RankingRow = memo(function RankingRow({ row, model, scale, mark, expanded, onToggle }: Props) {
  const age = mark ? Date.now() - mark.at : Infinity;
  // The row is highlighted just after a move; its badge stays, fading, until the model drops it (MOVE_BADGE_MS).
  const recent = mark && age < MOVE_BADGE_MS ? mark : null;
  const fresh = age < 12_000;
  const itemRef = useRef<HTMLLIElement>(null);
  // A blind round on this feature: the values it estimates, and the scores they make, are hidden until the accept.
  const locked = useLockedComponents(row.id);
  const inRound = locked.size > 0;
  // Where the feature is planned on the planning board; a writer drags the row onto the board to plan it.
  const planned = usePlannedIteration(model.doc, row.id);
  const planOpen = usePlanOpen();
  const draggable = model.canWrite && planOpen;
  // An opened row scrolls so its estimate controls are in view (the row's head stays visible too).
  useEffect(() => {
    if (!expanded) return;
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    itemRef.current?.scrollIntoView({ block: 'nearest', behavior: reduced ? 'auto' : 'smooth' });
  }, [expanded]);
  const cls = ['rank-row', row.rank === null ? 'rank-row--unscored' : '', row.inCapacity === false ? 'rank-row--out' : '', fresh ? 'rank-row--moved' : ''];
  return (
    <li
      ref={itemRef}
      className={cls.filter(Boolean).join(' ')}
      data-ranking-row=""
      data-feature-id={row.id}
      data-in-round={inRound ? '' : undefined}
      data-rank={row.rank ?? ''}
      data-in-capacity={row.inCapacity === undefined ? undefined : String(row.inCapacity)}
      draggable={draggable}
      onDragStart={draggable ? (e) => startDrag(e, FEATURE_TYPE, row.id) : undefined}
    >
      <button
        type="button"
        className="rank-row__main"
        aria-expanded={expanded}
        aria-label={`${row.rank ? `Rank ${row.rank}` : 'Unscored'}: ${row.title}. ${expanded ? 'Hide' : 'Show'} estimates`}
        onClick={() => onToggle(row.id)}
      >
        <span className="rank-row__rank">{row.rank ?? '–'}</span>
        <span className="rank-row__body">
          <span className="rank-row__title">{row.title}</span>
          <span className="rank-row__sub">
            <span className="rank-row__id">{row.id}</span>
            {row.committed && <span className="chip chip--committed" data-committed-badge="" title="Committed for the planning interval">Committed</span>}
            {row.team && <span className="chip chip--team">{row.team}</span>}
            {row.theme && <span className="chip chip--theme">{row.theme}</span>}
            {planned !== null && <span className="chip chip--iteration" data-planned-iteration={planned} title={`Planned in ${planned}`}>{planned}</span>}
            {recent && <MoveBadge mark={recent} model={model} />}
          </span>
          <span className="rank-row__estimates" aria-hidden="true">
            {COMPONENTS.map((c) => (
              <span key={c} title={COMPONENT_LABEL[c]} className={locked.has(c) ? 'in-round' : row[c] === null ? 'missing' : ''}>
                {COMPONENT_SHORT[c]} {locked.has(c) ? '·' : formatNumber(row[c])}
              </span>
            ))}
          </span>
        </span>
        <span className="rank-row__score">
          {inRound ? (
            <span className="rank-row__wsjf rank-row__wsjf--in-round" aria-label="In a blind round: WSJF hidden until the accept">in a round</span>
          ) : (
            <>
              <span className="rank-row__wsjf" aria-label={`WSJF ${formatNumber(row.wsjf)}`}>{formatNumber(row.wsjf)}</span>
              <span className="rank-row__cod">CoD {formatNumber(row.costOfDelay)}</span>
            </>
          )}
        </span>
      </button>
      {expanded && (
        <div className="rank-row__edit">
          {COMPONENTS.map((c) => (
            <EstimateControl
              key={c}
              featureId={row.id}
              featureTitle={row.title}
              component={c}
              value={row[c]}
              scale={scale}
              readOnly={!model.canWrite}
              onChange={(v) => guardedEstimate(model, row.id, c, v)}
              inRound={locked.has(c)}
            />
          ))}
          <FeaturePerspectives model={model} featureId={row.id} />
          {model.canWrite && (
            <button type="button" className="link-button" onClick={() => openEditor(row.id)} aria-label={`Edit details of ${row.title}`}>
              Edit details…
            </button>
          )}
          {model.session.role === 'facilitator' && (
            <button type="button" className="link-button" data-lead-here={row.id} onClick={() => leadTo(model, row.id)}
              aria-label={`Bring everyone to ${row.title}`}>
              Bring everyone here
            </button>
          )}
        </div>
      )}
    </li>
  );
});
