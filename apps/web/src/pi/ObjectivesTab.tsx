import { useMemo, useState, type FormEvent } from 'react';
import type { Objective, RankingRow } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { addObjective, setsValues } from './actions';
import { objectivesByTeam, percentText, predictabilityFigures, type PredictabilityFigure } from './objectives';
import { ObjectiveRow } from './ObjectiveRow';

/** Planned, actual and predictability of a team or the ART, marked in the 80–100 % band. */
export function PredictabilityLine({ scope, figure }: { scope: string; figure: PredictabilityFigure | undefined }) {
  const f = figure ?? { planned: 0, actual: 0, percent: null, inBand: false };
  return (
    <span className={`predictability${f.inBand ? ' predictability--band' : f.percent !== null ? ' predictability--off' : ''}`}
      data-predictability={scope} data-percent={f.percent === null ? '' : Math.round(f.percent * 10) / 10} data-in-band={f.inBand ? '' : undefined}>
      <span>Planned <strong>{f.planned}</strong></span>
      <span>Actual <strong>{f.actual}</strong></span>
      <span className="predictability__percent">
        <span className="visually-hidden">Predictability </span><strong>{percentText(f.percent)}</strong>
        {f.inBand ? <><span aria-hidden="true"> ✓</span><span className="visually-hidden">, in the 80 to 100 % band</span></> : null}
      </span>
    </span>
  );
}

function AddObjective({ model, team, teams }: { model: RoomModel; team: string | null; teams: readonly string[] }) {
  const [text, setText] = useState('');
  const [committed, setCommitted] = useState(true);
  const [teamName, setTeamName] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const owner = team ?? teamName.trim();
    if (owner === '') return;
    if (addObjective(model, { team: owner, text, committed })) {
      setText('');
      if (team === null) setTeamName('');
    }
  };
  const where = team ?? 'a team';
  return (
    <form className="objective-add" onSubmit={submit} aria-label={`Add an objective for ${where}`}>
      {team === null && (
        <>
          <input className="objective-add__team" list="pi-teams" value={teamName} onChange={(e) => setTeamName(e.target.value)} aria-label="Team" placeholder="Team" required maxLength={80} />
          <datalist id="pi-teams">{teams.map((t) => <option key={t} value={t} />)}</datalist>
        </>
      )}
      <input className="objective-add__text" value={text} onChange={(e) => setText(e.target.value)} aria-label={`New objective for ${where}`} placeholder="New objective: what the team will deliver and why it matters" maxLength={500} />
      <label className="objective-add__committed"><input type="checkbox" checked={committed} onChange={(e) => setCommitted(e.target.checked)} /> Committed</label>
      <button type="submit" className="ghost-button" disabled={text.trim() === ''}>Add objective</button>
    </form>
  );
}

/**
 * The teams' PI objectives: each team's, committed or not, with the features they rely on and the Business Owners'
 * planned and actual value; predictability per team and for the ART.
 */
export function ObjectivesTab({ model, teams, objectives, ranking }: { model: RoomModel; teams: readonly string[]; objectives: readonly Objective[]; ranking: readonly RankingRow[] }) {
  const byTeam = useMemo(() => objectivesByTeam(teams, objectives), [teams, objectives]);
  const figures = useMemo(() => predictabilityFigures(objectives), [objectives]);
  const values = setsValues(model);
  return (
    <div className="pi-objectives">
      <div className="pi-objectives__art">
        <h3>ART</h3>
        <PredictabilityLine scope="ART" figure={figures.art} />
        <p className="hint">
          Planned counts the committed objectives; actual counts every objective. The target is 80–100 % (✓).
          {values ? ' You set the business values (1–10) as a Business Owner.' : ' Business values (1–10) are set by the Business Owners: the facilitator and portfolio.'}
        </p>
      </div>
      {byTeam.size === 0 && <p className="empty pi-empty">No teams yet: the plan's teams and the teams that features name get a section here{model.canWrite ? ', or add an objective for a team below' : ''}.</p>}
      {[...byTeam].map(([team, list]) => (
        <section key={team} className="pi-team" aria-label={`Objectives of ${team || 'no team'}`} data-team-objectives={team}>
          <header className="pi-team__head">
            <h3>{team || 'No team'}</h3>
            <span className="pi-team__count">{list.filter((o) => o.committed).length} committed · {list.filter((o) => !o.committed).length} uncommitted</span>
            <span className="toolbar__spacer" />
            <PredictabilityLine scope={team} figure={figures.teams.get(team)} />
          </header>
          {list.length === 0 ? <p className="hint pi-team__none">No objectives yet.</p> : (
            <ul className="objective-list">
              {list.map((o) => <ObjectiveRow key={o.id} model={model} objective={o} ranking={ranking} valuesEditable={values} />)}
            </ul>
          )}
          {model.canWrite && team !== '' && <AddObjective model={model} team={team} teams={teams} />}
        </section>
      ))}
      {model.canWrite && (
        <section className="pi-team pi-team--other" aria-label="Objectives of another team">
          <h3>Another team</h3>
          <AddObjective model={model} team={null} teams={teams} />
        </section>
      )}
    </div>
  );
}
