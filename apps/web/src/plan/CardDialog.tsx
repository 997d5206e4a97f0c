import { useState, type FormEvent } from 'react';
import { PLAN_LIMITS, type RankingRow } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { Modal } from '../ui/Modal';
import { depend, dropDependency, place } from './actions';
import { STATUS_LABEL } from './geometry';
import type { PlanGrid } from './grid';
import { teamLabel } from './PlanBoard';

const slot = (team: string, iteration: string) => JSON.stringify([team, iteration]);

/**
 * A feature's menu on the planning board, for the keyboard as much as the pointer: move it to a team and iteration (or
 * take it off the board), see its dependencies (a writer removes them) and add one.
 */
export function CardDialog({ model, grid, ranking, featureId, onClose }: {
  model: RoomModel; grid: PlanGrid; ranking: readonly RankingRow[]; featureId: string; onClose: () => void;
}) {
  const row = ranking.find((r) => r.id === featureId);
  const title = row?.title ?? featureId;
  const at = grid.placedAt.get(featureId) ?? null;
  const iterationName = new Map(grid.iterations.map((i) => [i.id, i.name]));
  const known = [...new Set([...grid.rows.map((r) => r.team), ...(row?.team ? [row.team] : [])])];
  const teams = known.length > 0 ? known : [''];
  const [target, setTarget] = useState(() => slot(at?.team ?? row?.team ?? teams[0] ?? '', at?.iteration ?? grid.iterations[0]?.id ?? ''));
  const [direction, setDirection] = useState<'delivers' | 'needs'>('delivers');
  const [other, setOther] = useState('');
  const [neededBy, setNeededBy] = useState('');
  const [note, setNote] = useState('');
  const nameOf = (id: string) => `${id} ${ranking.find((r) => r.id === id)?.title ?? ''}`.trim();
  const mine = grid.dependencies.filter((d) => d.from === featureId || d.to === featureId);
  const write = model.canWrite;

  const move = (e: FormEvent) => {
    e.preventDefault();
    const [team, iteration] = JSON.parse(target) as [string, string];
    if (place(model, featureId, iteration, team)) onClose();
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!other) return;
    const [from, to] = direction === 'delivers' ? [featureId, other] : [other, featureId];
    if (depend(model, { from, to, neededBy: neededBy || null, note: note.trim() })) {
      setOther('');
      setNote('');
      setNeededBy('');
    }
  };

  return (
    <Modal labelledBy="plan-card-title" onClose={onClose} hook="plan-card-dialog" className="plan-dialog">
      <h2 id="plan-card-title">{featureId} {title}</h2>
      <p className="hint">{at ? `Planned: ${teamLabel(at.team)} · ${iterationName.get(at.iteration) ?? at.iteration}` : 'Not on the board.'}</p>
      {write && grid.iterations.length > 0 && (
        <form className="plan-dialog__row" onSubmit={move}>
          <label className="field">
            <span>{at ? 'Move to…' : 'Place on the board…'}</span>
            <select value={target} onChange={(e) => setTarget(e.target.value)} data-plan-move-to="">
              {teams.map((team) => (
                <optgroup key={team} label={teamLabel(team)}>
                  {grid.iterations.map((it) => <option key={it.id} value={slot(team, it.id)}>{teamLabel(team)} · {it.name}</option>)}
                </optgroup>
              ))}
            </select>
          </label>
          <button type="submit" className="primary-button">{at ? 'Move' : 'Place'}</button>
          {at && <button type="button" className="ghost-button" data-plan-take-off="" onClick={() => { if (place(model, featureId, null)) onClose(); }}>Take off the board</button>}
        </form>
      )}
      <h3 className="plan-dialog__sub">Dependencies</h3>
      {mine.length === 0 ? <p className="hint">None yet.</p> : (
        <ul className="plan-deps">
          {mine.map((d) => {
            const status = grid.statuses.get(d.id) ?? 'unplanned';
            const delivers = d.from === featureId;
            return (
              <li key={d.id} data-plan-dependency-item={d.id}>
                <span className={`plan-badge plan-badge--${status}`}>{STATUS_LABEL[status]}</span>
                <span className="plan-deps__text">
                  {delivers ? 'Delivers to ' : 'Needs '}<strong>{nameOf(delivers ? d.to : d.from)}</strong>
                  {d.neededBy && ` · needed by ${iterationName.get(d.neededBy) ?? d.neededBy}`}
                  {d.note && <em> — {d.note}</em>}
                </span>
                {write && <button type="button" className="link-button" aria-label={`Remove the dependency: ${nameOf(d.from)} delivers to ${nameOf(d.to)}`} onClick={() => dropDependency(model, d.id)}>Remove</button>}
              </li>
            );
          })}
        </ul>
      )}
      {write && (
        <form className="plan-dialog__add" onSubmit={add} aria-label="Add a dependency">
          <h3 className="plan-dialog__sub">Add dependency…</h3>
          <div className="field-row">
            <label className="field">
              <span>This feature</span>
              <select value={direction} onChange={(e) => setDirection(e.target.value as 'delivers' | 'needs')}>
                <option value="delivers">delivers to</option>
                <option value="needs">needs</option>
              </select>
            </label>
            <label className="field plan-dialog__wide">
              <span>{direction === 'delivers' ? 'The feature that needs it' : 'The feature that delivers'}</span>
              <select value={other} onChange={(e) => setOther(e.target.value)} data-plan-dependency-other="">
                <option value="">Choose a feature…</option>
                {ranking.filter((r) => r.id !== featureId).map((r) => <option key={r.id} value={r.id}>{r.rank === null ? '–' : `#${r.rank}`} · {r.id} {r.title}</option>)}
              </select>
            </label>
          </div>
          <div className="field-row">
            <label className="field">
              <span>Needed by (optional)</span>
              <select value={neededBy} onChange={(e) => setNeededBy(e.target.value)}>
                <option value="">When the needing feature is planned</option>
                {grid.iterations.map((it) => <option key={it.id} value={it.id}>{it.name}</option>)}
              </select>
            </label>
            <label className="field plan-dialog__wide">
              <span>Note (optional)</span>
              <input value={note} maxLength={PLAN_LIMITS.note} onChange={(e) => setNote(e.target.value)} />
            </label>
          </div>
          <button type="submit" className="primary-button" disabled={!other}>Add dependency</button>
        </form>
      )}
      <footer className="modal__foot">
        <button type="button" className="ghost-button" onClick={onClose}>Close</button>
      </footer>
    </Modal>
  );
}
