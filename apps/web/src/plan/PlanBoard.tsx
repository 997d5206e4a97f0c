import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { formatNumber } from '../room/labels';
import { acceptDrag, dropped, FEATURE_TYPE } from './dnd';
import { focusedDependencies, isIpIteration, type PlanCell, type PlanFocus, type PlanGrid, type PlanRow } from './grid';
import { PlanCardView, type CardActions } from './PlanCard';
import { PlanStrings } from './PlanStrings';

export const teamLabel = (team: string) => team || 'No team';

/** What the board lets this screen do: place by drag (writers), open cards' menus, focus, pick a string. */
export interface BoardActions extends CardActions {
  place(featureId: string, team: string, iteration: string): void;
  pickString(dependencyId: string): void;
}

const loadText = (load: number, capacity: number | null) => `${formatNumber(load)} / ${capacity === null ? '–' : formatNumber(capacity)}`;

function CellView({ cell, row, column, name, ip, actions, isFocused, isDimmed }: {
  cell: PlanCell; row: number; column: number; name: string; ip: boolean; actions: BoardActions | null;
  isFocused: (id: string) => boolean; isDimmed: (id: string) => boolean;
}) {
  const [over, setOver] = useState(false);
  const write = actions?.canWrite === true;
  const label = `${teamLabel(cell.team)} in ${name}: load ${loadText(cell.load, cell.capacity)}${cell.over > 0 ? `, ${formatNumber(cell.over)} over capacity` : ''}`;
  return (
    <div
      className={`plan-cell${ip ? ' plan-cell--ip' : ''}${cell.over > 0 ? ' plan-cell--over' : ''}${over ? ' plan-cell--drop' : ''}`}
      style={{ gridRow: row, gridColumn: column }}
      role="group" aria-label={label}
      data-plan-cell="" data-team={cell.team} data-iteration={cell.iteration} data-load={cell.load}
      data-capacity={cell.capacity ?? ''} data-over={cell.over > 0 ? cell.over : undefined}
      onDragOver={write ? (e) => { if (acceptDrag(e, FEATURE_TYPE)) setOver(true); } : undefined}
      onDragLeave={write ? (e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false); } : undefined}
      onDrop={write ? (e) => {
        setOver(false);
        const id = dropped(e, FEATURE_TYPE);
        if (id !== null) actions?.place(id, cell.team, cell.iteration);
      } : undefined}
    >
      <p className="plan-cell__load" aria-hidden="true">
        {loadText(cell.load, cell.capacity)}
        {cell.over > 0 && <strong className="plan-cell__over"> +{formatNumber(cell.over)} over</strong>}
      </p>
      {cell.cards.map((card) => (
        <PlanCardView key={card.id} card={card} actions={actions} focused={isFocused(card.id)} dimmed={isDimmed(card.id)} />
      ))}
    </div>
  );
}

function TeamHead({ row, index }: { row: PlanRow; index: number }) {
  const counts = row.late + row.risky > 0;
  return (
    <div className={`plan-team${row.known ? '' : ' plan-team--unknown'}`} style={{ gridRow: index, gridColumn: 1 }}
      data-plan-team={row.team} data-load={row.load} data-capacity={row.capacity ?? ''} data-late={row.late} data-risky={row.risky}>
      <strong className="plan-team__name" title={row.known ? row.team : `${teamLabel(row.team)}: not set up in Plan settings`}>{teamLabel(row.team)}</strong>
      <span className={`plan-team__load${row.capacity !== null && row.load > row.capacity ? ' plan-team__load--over' : ''}`}>
        PI {loadText(row.load, row.capacity)}
      </span>
      {counts && (
        <span className="plan-team__deps">
          {row.late > 0 && <span className="plan-badge plan-badge--late">{row.late} late</span>}
          {row.risky > 0 && <span className="plan-badge plan-badge--risky">{row.risky} risky</span>}
        </span>
      )}
    </div>
  );
}

/**
 * The planning board: a row per team, a column per iteration (the IP iteration shaded), the cards in each cell, each
 * cell's load against its capacity, milestones as lines down their column, and the dependency strings over it all.
 * Scrolls in its own area with the team column and the iteration heads kept in view. Read-only without `actions`.
 */
export const PlanBoard = memo(function PlanBoard({ grid, actions, focus, titleOf, label = 'Planning board' }: {
  grid: PlanGrid;
  actions: BoardActions | null;
  focus: PlanFocus | null;
  titleOf: (featureId: string) => string;
  label?: string;
}) {
  const board = useRef<HTMLDivElement>(null);
  // While anything is dragged (from the board or the ranking), the strings let drops through to the cells under them.
  useEffect(() => {
    const mark = (on: boolean) => () => board.current?.classList.toggle('plan-grid--dragging', on);
    const start = mark(true);
    const end = mark(false);
    document.addEventListener('dragstart', start);
    document.addEventListener('dragend', end);
    document.addEventListener('drop', end);
    return () => {
      document.removeEventListener('dragstart', start);
      document.removeEventListener('dragend', end);
      document.removeEventListener('drop', end);
    };
  }, []);
  const shown = useMemo(() => focusedDependencies(grid, focus), [grid, focus]);
  // In focus, the features at either end of a shown string stay lit, the rest are dimmed.
  const lit = useMemo(() => {
    if (focus === null) return null;
    const ids = new Set(shown.flatMap((d) => [d.from, d.to]));
    if (focus.kind === 'feature') ids.add(focus.id);
    else for (const [id, at] of grid.placedAt) if (at.team === focus.id) ids.add(id);
    return ids;
  }, [focus, shown, grid.placedAt]);
  const isFocused = (id: string) => focus?.kind === 'feature' && focus.id === id;
  const isDimmed = (id: string) => lit !== null && !lit.has(id);
  const layoutKey = useMemo(() => JSON.stringify([grid.rows.map((r) => [r.team, r.cells.map((c) => c.cards.map((k) => k.id))]), grid.iterations.length, focus]), [grid, focus]);
  const columns = grid.iterations.length;
  const milestonesIn = (column: number) => grid.milestones.filter((m) => m.column === column);
  return (
    <div className="plan-scroll" data-plan-scroll="">
      <div ref={board} className="plan-grid" data-plan-board="" role="region" aria-label={label}
        style={{ gridTemplateColumns: `var(--plan-team-w) repeat(${columns}, minmax(var(--plan-col-w), 1fr))` }}>
        <div className="plan-corner" style={{ gridRow: 1, gridColumn: 1 }}>Team</div>
        {grid.iterations.map((it, i) => (
          <div key={it.id} className={`plan-head${isIpIteration(grid.iterations, i) ? ' plan-head--ip' : ''}`} style={{ gridRow: 1, gridColumn: i + 2 }}
            data-plan-iteration={it.id}>
            <strong className="plan-head__name" title={it.name}>{it.name}</strong>
            {it.start && it.end && <span className="plan-head__dates">{it.start.slice(5)} – {it.end.slice(5)}</span>}
            {milestonesIn(i).map((m) => (
              <span key={m.milestone.id} className="plan-milestone" data-milestone={m.milestone.id}
                title={`${m.milestone.name}${m.milestone.date ? ` · ${m.milestone.date}` : ` · end of ${it.name}`}`}>◆ {m.milestone.name}</span>
            ))}
          </div>
        ))}
        {grid.rows.map((row, r) => (
          <TeamRow key={row.team} row={row} index={r + 2} grid={grid} actions={actions} isFocused={isFocused} isDimmed={isDimmed} />
        ))}
        {grid.rows.length > 0 && grid.milestones.map((m) => (
          <div key={`line-${m.milestone.id}`} className="plan-milestone-line" aria-hidden="true"
            style={{ gridRow: `2 / span ${grid.rows.length}`, gridColumn: m.column + 2, ['--at' as string]: `${m.at * 100}%` }} />
        ))}
        <PlanStrings board={board} layoutKey={layoutKey} dependencies={shown} statuses={grid.statuses} titleOf={titleOf}
          onPick={actions ? actions.pickString : null} />
      </div>
      {grid.rows.length === 0 && <p className="empty plan-empty">No teams yet: {actions?.canWrite ? 'drag a feature with a team onto the board, or ' : ''}the facilitator adds teams in Plan settings.</p>}
    </div>
  );
});

function TeamRow({ row, index, grid, actions, isFocused, isDimmed }: {
  row: PlanRow; index: number; grid: PlanGrid; actions: BoardActions | null; isFocused: (id: string) => boolean; isDimmed: (id: string) => boolean;
}) {
  return (
    <>
      <TeamHead row={row} index={index} />
      {row.cells.map((cell, i) => (
        <CellView key={cell.iteration} cell={cell} row={index} column={i + 2} name={grid.iterations[i]?.name ?? ''} ip={isIpIteration(grid.iterations, i)} actions={actions}
          isFocused={isFocused} isDimmed={isDimmed} />
      ))}
    </>
  );
}
