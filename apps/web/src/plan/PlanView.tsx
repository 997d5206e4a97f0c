import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { depend, place } from './actions';
import { Backlog } from './Backlog';
import { CardDialog } from './CardDialog';
import { DependencyDialog } from './DependencyDialog';
import { exportPlan, type PlanExportKind } from './exports';
import { STATUS_COLOUR, STATUS_LABEL } from './geometry';
import { focusOf, focusValue, type PlanFocus } from './grid';
import { PlanBoard, teamLabel, type BoardActions } from './PlanBoard';
import { PlanSettingsButton } from './PlanSettings';
import { setPlanOpen, usePlan, usePlanGrid } from './store';
import './plan.css';

const LEGEND = (['ok', 'risky', 'late', 'unplanned'] as const);

/**
 * The ART planning board in the room, in place of the canvas (the ranking stays beside it): teams by iterations, the
 * features placed in each with load against capacity, dependencies as strings, milestones; the features not yet on
 * the board beside it. Writers place and draw; the facilitator sets it up; everyone can focus and export.
 */
export function PlanView({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const plan = usePlan(model.doc);
  const grid = usePlanGrid(plan, snapshot.ranking);
  const [focus, setFocus] = useState<PlanFocus | null>(null);
  const [card, setCard] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState(false);
  const { byId } = snapshot;
  const titleOf = useCallback((id: string) => byId.get(id)?.title ?? id, [byId]);
  useEffect(() => {
    setPlanOpen(true);
    return () => setPlanOpen(false);
  }, []);
  // Esc leaves focus mode (a dialog open over the board takes its own Esc first).
  useEffect(() => {
    if (focus === null) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape' && !e.defaultPrevented) setFocus(null); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [focus]);
  const actions = useMemo((): BoardActions => ({
    canWrite: model.canWrite,
    open: setCard,
    focus: (id) => setFocus((f) => (f?.kind === 'feature' && f.id === id ? null : { kind: 'feature', id })),
    link: (from, to) => { depend(model, { from, to }); },
    place: (id, team, iteration) => { place(model, id, iteration, team); },
    pickString: setPicked,
  }), [model]);
  // A card moved from its menu is drawn anew in its new cell (or the backlog): the keyboard follows it there, once the
  // dialog has given the focus back to its opener where that is still on the page.
  const closeCard = useCallback(() => {
    const id = card;
    setCard(null);
    if (id === null) return;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (document.activeElement !== null && document.activeElement !== document.body) return;
      const at = CSS.escape(id);
      document.querySelector<HTMLElement>(`[data-plan-card="${at}"] .plan-card__menu, [data-plan-backlog-item="${at}"] .plan-card__menu`)?.focus();
    }));
  }, [card]);
  const takeOff = useCallback((id: string) => { if (grid.placedAt.has(id)) place(model, id, null); }, [model, grid.placedAt]);
  const exportAs = (kind: PlanExportKind) => void exportPlan(kind, { title: snapshot.meta.title, plan, grid, ranking: snapshot.ranking });
  const placed = [...grid.placedAt.keys()].map((id) => byId.get(id)).filter((r) => r !== undefined).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  const noBoard = grid.iterations.length === 0;

  return (
    <section className="plan" aria-label="Planning board" data-plan-view="">
      <header className="plan__bar">
        <h2 className="plan__title">Plan</h2>
        <label className="plan__focus">
          <span className="visually-hidden">Focus on</span>
          <select value={focusValue(focus)} onChange={(e) => setFocus(focusOf(e.target.value))} aria-label="Focus: show only the dependencies of a feature or a team" data-plan-focus="">
            <option value="">All dependencies</option>
            <optgroup label="A team">
              {grid.rows.map((r) => <option key={r.team} value={focusValue({ kind: 'team', id: r.team })}>{teamLabel(r.team)}</option>)}
            </optgroup>
            <optgroup label="A feature on the board">
              {placed.map((r) => <option key={r.id} value={focusValue({ kind: 'feature', id: r.id })}>{r.rank === null ? '–' : `#${r.rank}`} {r.id} {r.title}</option>)}
            </optgroup>
          </select>
        </label>
        {focus !== null && <button type="button" className="ghost-button plan__unfocus" onClick={() => setFocus(null)}>Show all (Esc)</button>}
        <span className="toolbar__spacer" />
        <label className="select">
          <span className="visually-hidden">Export the plan</span>
          <select aria-label="Export the plan" value="" data-plan-export="" onChange={(e) => { const kind = e.target.value as PlanExportKind; e.target.value = ''; if (kind) exportAs(kind); }}>
            <option value="" disabled>Export…</option>
            <option value="plan-csv">Plan CSV</option>
            <option value="dependencies-csv">Dependencies CSV</option>
            <option value="svg">Board as SVG</option>
            <option value="png">Board as PNG</option>
          </select>
        </label>
        <PlanSettingsButton model={model} plan={plan} />
      </header>
      <div className="plan__body">
        <Backlog cards={grid.backlog} canWrite={model.canWrite} onOpen={setCard} onTakeOff={takeOff} collapsed={collapsed} onCollapse={setCollapsed} />
        <div className="plan__main">
          {grid.unplaced.length > 0 && (
            <p className="plan__note">Milestones outside the iterations' dates: {grid.unplaced.map((m) => `${m.name} (${m.date})`).join(', ')}</p>
          )}
          {noBoard ? (
            <div className="empty plan-empty" data-plan-empty="">
              <p><strong>No iterations yet.</strong></p>
              <p>{model.session.role === 'facilitator'
                ? 'Open Plan settings to add the iterations (one click makes six of two weeks, the last one IP) and the teams with their capacity.'
                : 'The facilitator sets up the iterations and the teams; the board appears here as soon as they do.'}</p>
            </div>
          ) : (
            <PlanBoard grid={grid} actions={actions} focus={focus} titleOf={titleOf} />
          )}
          <ul className="plan__legend" aria-label="Dependency strings">
            {LEGEND.map((s) => <li key={s}><svg width="22" height="8" aria-hidden="true"><line x1="1" y1="4" x2="21" y2="4" stroke={STATUS_COLOUR[s]} strokeWidth="2.5" strokeDasharray={s === 'unplanned' ? '4 3' : undefined} /></svg>{STATUS_LABEL[s]}</li>)}
          </ul>
        </div>
      </div>
      {card !== null && <CardDialog model={model} grid={grid} ranking={snapshot.ranking} featureId={card} onClose={closeCard} />}
      {picked !== null && <DependencyDialog model={model} grid={grid} dependencyId={picked} titleOf={titleOf} onClose={() => setPicked(null)} />}
    </section>
  );
}
