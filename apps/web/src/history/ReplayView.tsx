import { useMemo, useRef, useState } from 'react';
import type { Plan, RankingRow } from '@ladder/board-doc';
import { useFlip } from '../panel/useFlip';
import { PlanBoard } from '../plan/PlanBoard';
import { planGrid } from '../plan/grid';
import { hasPi, ReplayPi } from '../pi/ReplayPi';
import type { PiState } from '../pi/store';
import { formatNumber } from '../room/labels';
import { CanvasView } from './CanvasView';
import type { PastShape } from './canvas';
import '../plan/plan.css';

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

/**
 * The board as it was: the canvas, or — when the room had a planning board or a PI then — the plan grid or the PI
 * (objectives, risks, confidence) read-only from the same past document, one of them by a toggle.
 */
export function ReplayBoard({ shapes, plan, pi, ranking }: { shapes: readonly PastShape[]; plan: Plan | null; pi: PiState | null; ranking: readonly RankingRow[] }) {
  const [show, setShow] = useState<'canvas' | 'plan' | 'pi'>('canvas');
  const grid = useMemo(() => (plan && plan.iterations.length > 0 ? planGrid(plan, ranking) : null), [plan, ranking]);
  const titles = useMemo(() => new Map(ranking.map((r) => [r.id, r.title])), [ranking]);
  const withPi = hasPi(pi);
  if (!grid && !withPi) return <CanvasView shapes={shapes} />;
  // A view the point shown did not have yet falls back to the canvas (the choice stays for the points that have it).
  const shown = show === 'plan' && !grid ? 'canvas' : show === 'pi' && !withPi ? 'canvas' : show;
  return (
    <div className="replay__board">
      <div className="replay__toggle" role="group" aria-label="Show the board then as">
        <button type="button" aria-pressed={shown === 'canvas'} onClick={() => setShow('canvas')}>Canvas</button>
        {grid && <button type="button" aria-pressed={shown === 'plan'} onClick={() => setShow('plan')} data-replay-plan-toggle="">Plan</button>}
        {withPi && <button type="button" aria-pressed={shown === 'pi'} onClick={() => setShow('pi')} data-replay-pi-toggle="">PI</button>}
      </div>
      {shown === 'canvas' && <CanvasView shapes={shapes} />}
      {shown === 'plan' && grid && (
        <div className="replay__plan" data-replay-plan="">
          <PlanBoard grid={grid} actions={null} focus={null} titleOf={(id) => titles.get(id) ?? id} label="The planning board at that moment (read-only)" />
        </div>
      )}
      {shown === 'pi' && withPi && <ReplayPi pi={pi} plan={plan} ranking={ranking} />}
    </div>
  );
}
