import { useMemo } from 'react';
import { usePlan } from '../plan/store';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { averageText, scopeLabel } from './confidence';
import { acrossPis, currentObjectives, objectivesByTeam, percentText, predictabilityFigures, teamsOf } from './objectives';
import { ROAM_COLUMNS, riskSubject, risksByStatus } from './risks';
import { usePi } from './store';
import './pi.css';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The PI in the session summary: objectives with their values and predictability, the risks by ROAM status and the
 * confidence votes' results. Nothing when the session had none of them.
 */
export function PiSummary({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const plan = usePlan(model.doc);
  const all = usePi(model.doc, 'objectives');
  const names = usePi(model.doc, 'names');
  // The current PI's objectives; an earlier PI's (a room continued into the next PI) count in its own row across PIs.
  const objectives = useMemo(() => currentObjectives(all, names), [all, names]);
  const rows = useMemo(() => acrossPis(all, names), [all, names]);
  const risks = usePi(model.doc, 'risks');
  const votes = usePi(model.doc, 'votes');
  const titleOf = (id: string) => snapshot.byId.get(id)?.title ?? id;
  const teams = useMemo(() => teamsOf(plan.teams.map((t) => t.name), [], objectives).filter((t) => objectives.some((o) => o.team === t)), [plan.teams, objectives]);
  const byTeam = useMemo(() => objectivesByTeam(teams, objectives), [teams, objectives]);
  const figures = useMemo(() => predictabilityFigures(objectives), [objectives]);
  const columns = risksByStatus(risks);
  const revealed = votes.filter((v) => v.status === 'revealed' && v.result);
  if (all.length === 0 && risks.length === 0 && votes.length === 0) return null;
  const figureText = (f: { planned: number; actual: number; percent: number | null; inBand: boolean }) =>
    `planned ${f.planned} · actual ${f.actual} · predictability ${percentText(f.percent)}${f.inBand ? ' (in the 80–100 % band)' : ''}`;
  return (
    <>
      <section aria-labelledby="summary-objectives" data-summary-objectives="">
        <h2 id="summary-objectives">PI objectives{names ? ` — ${names.current}` : ''}</h2>
        {rows.length > 1 && (
          <ul className="summary__notes" data-summary-across="">
            {rows.map((r) => <li key={`${r.current}:${r.pi ?? ''}`} data-summary-pi={r.pi ?? ''}><strong>{r.pi ?? 'This PI'}</strong>{r.current ? ' (current)' : ''}: {figureText(r.art)}</li>)}
          </ul>
        )}
        {objectives.length === 0 ? <p className="summary__none">No objectives were written.</p> : (
          <>
            <p data-summary-predictability="ART"><strong>ART</strong>: {figureText(figures.art)}</p>
            <table className="summary__ranking">
              <thead><tr><th>Team</th><th>Objective</th><th>Committed</th><th>Planned</th><th>Actual</th><th>Features</th></tr></thead>
              <tbody>
                {[...byTeam].flatMap(([team, list]) => {
                  const f = figures.teams.get(team);
                  return [
                    <tr key={`team-${team}`} className="summary__team" data-summary-predictability={team}><td colSpan={6}><strong>{team || 'No team'}</strong>{f && <> · {figureText(f)}</>}</td></tr>,
                    ...list.map((o) => (
                      <tr key={o.id} data-summary-objective={o.id}>
                        <td>{o.team}</td><td>{o.text}</td><td>{o.committed ? 'yes' : 'no'}</td>
                        <td>{o.plannedValue ?? '–'}</td><td>{o.actualValue ?? '–'}</td><td>{o.featureIds.map(titleOf).join(', ')}</td>
                      </tr>
                    )),
                  ];
                })}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section aria-labelledby="summary-risks" data-summary-risks="">
        <h2 id="summary-risks">Risks, ROAMed</h2>
        {risks.length === 0 ? <p className="summary__none">No risks were raised.</p> : (
          <ul className="summary__notes">
            {ROAM_COLUMNS.map((c) => {
              const list = columns.get(c.status) ?? [];
              if (list.length === 0) return null;
              return (
                <li key={c.status} data-summary-roam={c.status}>
                  <strong>{c.label}</strong> ({list.length})
                  <ul>
                    {list.map((r) => {
                      const subject = riskSubject(r, titleOf, plan.dependencies);
                      return (
                        <li key={r.id} data-summary-risk={r.id}>
                          {r.title} <span className="summary__when">{r.team || 'ART'}{subject && ` · ${subject}`}</span>
                          {r.status === 'owned' && r.owner && <> — owner {r.owner}</>}
                          {r.note && <> — {r.status === 'mitigated' ? 'mitigated by' : 'note'}: {r.note}</>}
                        </li>
                      );
                    })}
                  </ul>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="summary-confidence" data-summary-confidence="">
        <h2 id="summary-confidence">Confidence votes</h2>
        {revealed.length === 0 ? <p className="summary__none">No confidence vote was revealed.</p> : (
          <ol className="summary__rounds">
            {revealed.map((v) => {
              const r = v.result as NonNullable<typeof v.result>;
              return (
                <li key={v.id} data-summary-vote={v.id}>
                  <strong>{scopeLabel(v.scope)}</strong> · {when.format(v.revealedAt ?? v.openedAt)} · {r.voters} vote{r.voters === 1 ? '' : 's'} · average {averageText(r.average)} ·{' '}
                  <strong>{r.accepted ? 'plan accepted' : 'plan needs rework'}</strong>
                  <span className="summary__when"> ({[1, 2, 3, 4, 5].map((n) => `${n}: ${r.distribution[String(n)] ?? 0}`).join(', ')})</span>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </>
  );
}
