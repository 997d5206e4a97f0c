import { useState, type FormEvent } from 'react';
import { PLAN_LIMITS } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { Modal } from '../ui/Modal';
import { dropDependency, editDependency } from './actions';
import { STATUS_LABEL } from './geometry';
import type { PlanGrid } from './grid';

/** A string picked on the board: who delivers to whom, its status, when it is needed and its note; a writer edits or removes it. */
export function DependencyDialog({ model, grid, dependencyId, titleOf, onClose }: {
  model: RoomModel; grid: PlanGrid; dependencyId: string; titleOf: (id: string) => string; onClose: () => void;
}) {
  const dep = grid.dependencies.find((d) => d.id === dependencyId);
  const [note, setNote] = useState(dep?.note ?? '');
  const [neededBy, setNeededBy] = useState(dep?.neededBy ?? '');
  if (!dep) {
    return (
      <Modal labelledBy="plan-dep-title" onClose={onClose} hook="plan-dependency-dialog">
        <h2 id="plan-dep-title">Dependency removed</h2>
        <p className="hint">Someone removed this dependency a moment ago.</p>
        <footer className="modal__foot"><button type="button" className="ghost-button" onClick={onClose}>Close</button></footer>
      </Modal>
    );
  }
  const status = grid.statuses.get(dep.id) ?? 'unplanned';
  const iterationName = (id: string | null) => grid.iterations.find((i) => i.id === id)?.name ?? null;
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (editDependency(model, dep.id, { note: note.trim(), neededBy: neededBy || null })) onClose();
  };
  return (
    <Modal labelledBy="plan-dep-title" onClose={onClose} hook="plan-dependency-dialog" className="plan-dialog">
      <h2 id="plan-dep-title">{dep.from} {titleOf(dep.from)} → {dep.to} {titleOf(dep.to)}</h2>
      <p>
        <span className={`plan-badge plan-badge--${status}`} data-plan-dependency-status={status}>{STATUS_LABEL[status]}</span>{' '}
        <span className="hint">needed by {iterationName(dep.neededBy) ?? 'the needing feature\'s iteration'}</span>
      </p>
      {model.canWrite ? (
        <form onSubmit={save}>
          <label className="field">
            <span>Needed by</span>
            <select value={neededBy} onChange={(e) => setNeededBy(e.target.value)}>
              <option value="">When the needing feature is planned</option>
              {grid.iterations.map((it) => <option key={it.id} value={it.id}>{it.name}</option>)}
            </select>
          </label>
          <label className="field">
            <span>Note</span>
            <textarea rows={3} value={note} maxLength={PLAN_LIMITS.note} onChange={(e) => setNote(e.target.value)} data-plan-dependency-note="" />
          </label>
          <footer className="modal__foot">
            <button type="button" className="danger-button" data-plan-dependency-remove="" onClick={() => { if (dropDependency(model, dep.id)) onClose(); }}>Remove dependency</button>
            <span className="toolbar__spacer" />
            <button type="button" className="ghost-button" onClick={onClose}>Cancel</button>
            <button type="submit" className="primary-button">Save</button>
          </footer>
        </form>
      ) : (
        <>
          <p data-plan-dependency-note="">{dep.note || <span className="hint">No note.</span>}</p>
          <footer className="modal__foot"><button type="button" className="ghost-button" onClick={onClose}>Close</button></footer>
        </>
      )}
    </Modal>
  );
}
