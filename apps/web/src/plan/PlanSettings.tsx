import { useState, type FormEvent } from 'react';
import { BoardDocError, planId, type Plan } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { FacilitatorButton } from '../ui/FacilitatorButton';
import { Modal } from '../ui/Modal';
import { notify } from '../ui/notices';
import { nextMonday, presetIterations } from './presets';
import { applyDraft, draftOf, draftProblem, type SettingsDraft } from './settingsDraft';

/** The facilitator's setup of the board: iterations (in board order), teams with a capacity per iteration, milestones. */
function PlanSettingsDialog({ model, plan, onClose }: { model: RoomModel; plan: Plan; onClose: () => void }) {
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(plan));
  const [from, setFrom] = useState(() => plan.iterations[0]?.start ?? nextMonday(new Date()));
  const [newTeam, setNewTeam] = useState('');
  const [error, setError] = useState<string | null>(null);
  const change = (next: Partial<SettingsDraft>) => { setDraft((d) => ({ ...d, ...next })); setError(null); };
  const { iterations, teams, milestones } = draft;
  const setIt = (i: number, patch: Partial<SettingsDraft['iterations'][number]>) => change({ iterations: iterations.map((it, k) => (k === i ? { ...it, ...patch } : it)) });
  const moveIt = (i: number, by: -1 | 1) => {
    const next = [...iterations];
    const [it] = next.splice(i, 1);
    next.splice(i + by, 0, it as SettingsDraft['iterations'][number]);
    change({ iterations: next });
  };
  const preset = () => {
    try {
      change({ iterations: presetIterations(from, () => planId('I')) });
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const addTeam = () => {
    const name = newTeam.trim();
    if (!name) return;
    change({ teams: [...teams, { name, existing: false, capacity: {} }] });
    setNewTeam('');
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const problem = draftProblem(draft);
    if (problem) { setError(problem); return; }
    try {
      applyDraft(model.doc, plan, draft, model.origin);
    } catch (err) {
      setError(err instanceof BoardDocError ? err.message : 'The plan settings could not be saved.');
      return;
    }
    notify({ tone: 'success', text: 'Plan settings saved.' });
    onClose();
  };

  return (
    <Modal labelledBy="plan-settings-title" onClose={onClose} className="modal--wide plan-settings" hook="plan-settings-dialog">
      <form onSubmit={save} aria-labelledby="plan-settings-title">
        <h2 id="plan-settings-title">Plan settings</h2>
        <fieldset className="plan-settings__group">
          <legend>Iterations, in board order</legend>
          <div className="plan-settings__preset">
            <label>First day <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="First day of the PI" /></label>
            <button type="button" className="ghost-button" onClick={preset} data-plan-preset="">6 iterations of 2 weeks from {from || '…'}, the last one IP</button>
          </div>
          <table className="plan-settings__table">
            <thead><tr><th>Name</th><th>Start</th><th>End</th><th><span className="visually-hidden">Order and removal</span></th></tr></thead>
            <tbody>
              {iterations.map((it, i) => (
                <tr key={it.id} data-plan-settings-iteration={it.id}>
                  <td><input value={it.name} onChange={(e) => setIt(i, { name: e.target.value })} aria-label={`Name of iteration ${i + 1}`} /></td>
                  <td><input type="date" value={it.start} onChange={(e) => setIt(i, { start: e.target.value })} aria-label={`Start of ${it.name || `iteration ${i + 1}`}`} /></td>
                  <td><input type="date" value={it.end} onChange={(e) => setIt(i, { end: e.target.value })} aria-label={`End of ${it.name || `iteration ${i + 1}`}`} /></td>
                  <td className="plan-settings__row-actions">
                    <button type="button" className="icon-button" disabled={i === 0} onClick={() => moveIt(i, -1)} aria-label={`Move ${it.name || 'this iteration'} earlier`}>↑</button>
                    <button type="button" className="icon-button" disabled={i === iterations.length - 1} onClick={() => moveIt(i, 1)} aria-label={`Move ${it.name || 'this iteration'} later`}>↓</button>
                    <button type="button" className="icon-button" onClick={() => change({ iterations: iterations.filter((_, k) => k !== i) })} aria-label={`Remove ${it.name || 'this iteration'}`}>×</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="link-button" onClick={() => change({ iterations: [...iterations, { id: planId('I'), name: `Iteration ${iterations.length + 1}`, start: '', end: '' }] })}>+ Add an iteration</button>
          {plan.iterations.some((p) => !iterations.some((i) => i.id === p.id)) && (
            <p className="hint">Removing an iteration takes the features planned in it off the board.</p>
          )}
        </fieldset>
        <fieldset className="plan-settings__group">
          <legend>Teams and their capacity per iteration</legend>
          <div className="plan-settings__scroll">
            <table className="plan-settings__table plan-settings__capacity">
              <thead><tr><th>Team</th>{iterations.map((it) => <th key={it.id}>{it.name}</th>)}<th><span className="visually-hidden">Removal</span></th></tr></thead>
              <tbody>
                {teams.map((team, t) => (
                  <tr key={`${team.name}-${t}`} data-plan-settings-team={team.name}>
                    <th scope="row">{team.name}</th>
                    {iterations.map((it) => (
                      <td key={it.id}>
                        <input type="number" min={0} step="any" inputMode="decimal" value={team.capacity[it.id] ?? ''} aria-label={`Capacity of ${team.name} in ${it.name}`}
                          onChange={(e) => change({ teams: teams.map((x, k) => (k === t ? { ...x, capacity: { ...x.capacity, [it.id]: e.target.value } } : x)) })} />
                      </td>
                    ))}
                    <td><button type="button" className="icon-button" onClick={() => change({ teams: teams.filter((_, k) => k !== t) })} aria-label={`Remove team ${team.name}`}>×</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="plan-settings__preset">
            <input value={newTeam} onChange={(e) => setNewTeam(e.target.value)} aria-label="New team's name (the same as its features' team)" placeholder="Team name"
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); addTeam(); } }} />
            <button type="button" className="ghost-button" onClick={addTeam} disabled={!newTeam.trim()}>+ Add team</button>
          </div>
        </fieldset>
        <fieldset className="plan-settings__group">
          <legend>Milestones</legend>
          {milestones.map((m, k) => (
            <div key={m.id} className="plan-settings__preset" data-plan-settings-milestone={m.id}>
              <input value={m.name} aria-label={`Name of milestone ${k + 1}`} onChange={(e) => change({ milestones: milestones.map((x, j) => (j === k ? { ...x, name: e.target.value } : x)) })} />
              <select value={m.iteration} aria-label={`Iteration of ${m.name || `milestone ${k + 1}`}`} onChange={(e) => change({ milestones: milestones.map((x, j) => (j === k ? { ...x, iteration: e.target.value } : x)) })}>
                <option value="">On a date</option>
                {iterations.map((it) => <option key={it.id} value={it.id}>End of {it.name}</option>)}
              </select>
              {!m.iteration && <input type="date" value={m.date} aria-label={`Date of ${m.name || `milestone ${k + 1}`}`} onChange={(e) => change({ milestones: milestones.map((x, j) => (j === k ? { ...x, date: e.target.value } : x)) })} />}
              <button type="button" className="icon-button" onClick={() => change({ milestones: milestones.filter((_, j) => j !== k) })} aria-label={`Remove milestone ${m.name}`}>×</button>
            </div>
          ))}
          <button type="button" className="link-button" onClick={() => change({ milestones: [...milestones, { id: planId('M'), name: '', iteration: iterations.at(-2)?.id ?? '', date: '' }] })}>+ Add a milestone</button>
        </fieldset>
        {error && <p className="form-error" role="alert">{error}</p>}
        <footer className="modal__foot">
          <button type="button" className="ghost-button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary-button">Save plan settings</button>
        </footer>
      </form>
    </Modal>
  );
}

/** The plan view's entry to its setup: the facilitator's alone (the server refuses anyone else's). */
export function PlanSettingsButton({ model, plan }: { model: RoomModel; plan: Plan }) {
  return (
    <FacilitatorButton model={model} label="Plan settings…" name="Plan settings: iterations, teams and their capacity, milestones" hook="plan-settings-open"
      dialog={(close) => <PlanSettingsDialog model={model} plan={plan} onClose={close} />} />
  );
}
