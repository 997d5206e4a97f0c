import { useMemo, useState, type FormEvent } from 'react';
import type { Objective, PiState, RankingRow } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { addObjective, setsValues } from './actions';
import { acrossPis, currentObjectives, earlierPis, objectivesByTeam, predictabilityFigures, teamsOf, type PiRow } from './objectives';
import { ObjectiveRow } from './ObjectiveRow';
import { CurrentPi } from './PiName';
import { AcrossPisTable, PredictabilityLine } from './Predictability';

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
 * The earlier PIs of a room continued into the next PI, newest first, each collapsed: its objectives as planned, by
 * team, with their values and predictability; the Business Owners still set the actual values (at the Inspect & Adapt).
 */
function EarlierPis({ model, earlier, rows, teams, ranking, values }: {
  model: RoomModel | null; earlier: readonly { pi: string; objectives: Objective[] }[]; rows: readonly PiRow[]; teams: readonly string[]; ranking: readonly RankingRow[]; values: boolean;
}) {
  return (
    <section className="pi-earlier" aria-labelledby="pi-earlier-title">
      <h3 id="pi-earlier-title">Earlier PIs</h3>
      <p className="hint">
        Their objectives as they were planned.{' '}
        {values ? 'As a Business Owner you set the actual values at the Inspect & Adapt.' : 'The Business Owners (facilitator and portfolio) set the actual values at the Inspect & Adapt.'}
      </p>
      {[...earlier].reverse().map(({ pi, objectives }) => {
        const row = rows.find((r) => !r.current && r.pi === pi);
        const byTeam = objectivesByTeam(teamsOf(teams, [], objectives).filter((t) => objectives.some((o) => o.team === t)), objectives);
        return (
          <details key={pi} className="pi-earlier__pi" data-earlier-pi={pi}>
            <summary>
              <span className="pi-earlier__name">{pi}</span>
              <span className="pi-team__count">{objectives.length} objective{objectives.length === 1 ? '' : 's'}</span>
              <span className="toolbar__spacer" />
              <PredictabilityLine scope={pi} figure={row?.art} hook="earlier-predictability" />
            </summary>
            {objectives.length === 0 ? <p className="hint pi-team__none">No objectives were kept for {pi}.</p> : [...byTeam].map(([team, list]) => (
              <div key={team} className="pi-earlier__team" data-earlier-team={team}>
                <header className="pi-team__head">
                  <h4>{team || 'No team'}</h4>
                  <span className="toolbar__spacer" />
                  <PredictabilityLine scope={team} figure={row?.teams.get(team)} hook="earlier-team-predictability" />
                </header>
                <ul className="objective-list">
                  {list.map((o) => <ObjectiveRow key={o.id} model={model} objective={o} ranking={ranking} valuesEditable={values} earlier />)}
                </ul>
              </div>
            ))}
          </details>
        );
      })}
    </section>
  );
}

/**
 * The teams' PI objectives: the current PI's name (the facilitator names it and continues the room into the next PI),
 * each team's objectives of the current PI, committed or not, with the features they rely on and the Business Owners'
 * planned and actual value; predictability per team and for the ART, and — once the room was continued — across PIs,
 * with the earlier PIs' objectives. Without a model (the replay) everything is read-only.
 */
export function ObjectivesTab({ model, teams, objectives, names, ranking, title }: {
  model: RoomModel | null; teams: readonly string[]; objectives: readonly Objective[]; names: PiState | null; ranking: readonly RankingRow[]; title: string;
}) {
  const current = useMemo(() => currentObjectives(objectives, names), [objectives, names]);
  const earlier = useMemo(() => earlierPis(objectives, names), [objectives, names]);
  const rows = useMemo(() => acrossPis(objectives, names), [objectives, names]);
  // The table's teams: the current PI's, then any team only an earlier PI had.
  const tableTeams = useMemo(() => teamsOf(teams, [], objectives).filter((t) => rows.some((r) => r.teams.has(t))), [teams, objectives, rows]);
  const byTeam = useMemo(() => objectivesByTeam(teams, current), [teams, current]);
  const figures = useMemo(() => predictabilityFigures(current), [current]);
  const values = model !== null && setsValues(model);
  const write = model !== null && model.canWrite;
  return (
    <div className={`pi-objectives${model === null ? ' pi-objectives--read-only' : ''}`}>
      <CurrentPi model={model} names={names} title={title} kept={current.length} />
      <div className="pi-objectives__art">
        <h3>ART</h3>
        <PredictabilityLine scope="ART" figure={figures.art} />
        <p className="hint">
          Planned counts the committed objectives; actual counts every objective. The target is 80–100 % (✓).
          {values ? ' You set the business values (1–10) as a Business Owner.' : ' Business values (1–10) are set by the Business Owners: the facilitator and portfolio.'}
        </p>
      </div>
      {earlier.length > 0 && <AcrossPisTable rows={rows} teams={tableTeams} compact={model === null} />}
      {byTeam.size === 0 && <p className="empty pi-empty">No teams yet: the plan's teams and the teams that features name get a section here{write ? ', or add an objective for a team below' : ''}.</p>}
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
          {write && model && team !== '' && <AddObjective model={model} team={team} teams={teams} />}
        </section>
      ))}
      {write && model && (
        <section className="pi-team pi-team--other" aria-label="Objectives of another team">
          <h3>Another team</h3>
          <AddObjective model={model} team={null} teams={teams} />
        </section>
      )}
      {earlier.length > 0 && <EarlierPis model={model} earlier={earlier} rows={rows} teams={teams} ranking={ranking} values={values} />}
    </div>
  );
}
