import { useMemo, useState, type FormEvent } from 'react';
import type { Dependency, RankingRow, Risk, RiskStatus } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { notify } from '../ui/notices';
import { raise, roam } from './actions';
import { ROAM_COLUMNS, roamNeeds, roamProblem, riskSubject, risksByStatus, STATUS_LABEL } from './risks';

function RaiseRisk({ model, teams, ranking, dependencies, titleOf }: { model: RoomModel; teams: readonly string[]; ranking: readonly RankingRow[]; dependencies: readonly Dependency[]; titleOf: (id: string) => string }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [team, setTeam] = useState('');
  const [about, setAbout] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const featureId = about.startsWith('f:') ? about.slice(2) : undefined;
    const dependencyId = about.startsWith('d:') ? about.slice(2) : undefined;
    if (raise(model, { title, description, team, featureId, dependencyId })) {
      setTitle('');
      setDescription('');
      setAbout('');
    }
  };
  return (
    <form className="risk-raise" onSubmit={submit} aria-label="Raise a risk">
      <input className="risk-raise__title" value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Risk title" placeholder="A risk to the plan: what could go wrong" maxLength={200} />
      <select value={team} onChange={(e) => setTeam(e.target.value)} aria-label="Team of the risk">
        <option value="">The ART</option>
        {teams.map((t) => <option key={t} value={t}>{t}</option>)}
      </select>
      <select value={about} onChange={(e) => setAbout(e.target.value)} aria-label="What the risk is about: a feature or a dependency">
        <option value="">Not about one feature</option>
        {ranking.length > 0 && <optgroup label="A feature">{ranking.map((r) => <option key={r.id} value={`f:${r.id}`}>{r.id} {r.title}</option>)}</optgroup>}
        {dependencies.length > 0 && <optgroup label="A dependency">{dependencies.map((d) => <option key={d.id} value={`d:${d.id}`}>{titleOf(d.from)} → {titleOf(d.to)}</option>)}</optgroup>}
      </select>
      <textarea className="risk-raise__description" value={description} onChange={(e) => setDescription(e.target.value)} aria-label="Risk description" placeholder="Description (optional)" rows={1} maxLength={5000} />
      <button type="submit" className="primary-button" disabled={title.trim() === ''}>Raise risk</button>
    </form>
  );
}

/** Moving a risk: a choice of column; Owned asks who owns it, Mitigated how, before it moves. */
function RoamControl({ model, risk }: { model: RoomModel; risk: Risk }) {
  const [pending, setPending] = useState<RiskStatus | null>(null);
  const [detail, setDetail] = useState('');
  const move = (status: RiskStatus) => {
    if (status === risk.status) return;
    const needs = roamNeeds(status);
    if (needs === null) {
      roam(model, risk.id, status);
      return;
    }
    setDetail(needs === 'owner' ? risk.owner : risk.note);
    setPending(status);
  };
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    if (pending === null) return;
    const needs = roamNeeds(pending);
    const patch = needs === 'owner' ? { owner: detail.trim() } : { note: detail.trim() };
    const problem = roamProblem(pending, patch);
    if (problem) {
      notify({ tone: 'error', text: problem });
      return;
    }
    if (roam(model, risk.id, pending, patch)) setPending(null);
  };
  return (
    <>
      <select className="risk__move" value="" aria-label={`ROAM “${risk.title}”: move it to`} onChange={(e) => { const s = e.target.value as RiskStatus; e.target.value = ''; if (s) move(s); }}>
        <option value="" disabled>Move to…</option>
        {ROAM_COLUMNS.filter((c) => c.status !== risk.status).map((c) => <option key={c.status} value={c.status}>{c.label}</option>)}
      </select>
      {pending !== null && (
        <form className="risk__detail" onSubmit={confirm} data-roam-detail={pending}>
          <input autoFocus value={detail} onChange={(e) => setDetail(e.target.value)} maxLength={roamNeeds(pending) === 'owner' ? 120 : 5000}
            aria-label={roamNeeds(pending) === 'owner' ? `Owner of “${risk.title}”` : `How “${risk.title}” is mitigated`}
            placeholder={roamNeeds(pending) === 'owner' ? 'Who owns it' : 'How it is mitigated'}
            onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); setPending(null); } }} />
          <button type="submit" className="primary-button" disabled={detail.trim() === ''}>{STATUS_LABEL[pending]}</button>
          <button type="button" className="ghost-button" onClick={() => setPending(null)}>Cancel</button>
        </form>
      )}
    </>
  );
}

function RiskCard({ model, risk, subject }: { model: RoomModel | null; risk: Risk; subject: string }) {
  return (
    <li className={`risk risk--${risk.status}`} data-risk={risk.id} data-risk-status={risk.status}>
      <p className="risk__title">{risk.title}</p>
      <p className="risk__meta">
        <span className="risk__team">{risk.team || 'ART'}</span>
        {subject && <span className="risk__subject">{subject}</span>}
      </p>
      {risk.description && <p className="risk__description">{risk.description}</p>}
      {risk.status === 'owned' && risk.owner && <p className="risk__owner" data-risk-owner="">Owner: <strong>{risk.owner}</strong></p>}
      {risk.note && <p className="risk__note" data-risk-note="">{risk.status === 'mitigated' ? 'How: ' : 'Note: '}{risk.note}</p>}
      {model?.canWrite && <RoamControl model={model} risk={risk} />}
    </li>
  );
}

/**
 * The ROAM board: anyone who writes raises a risk; each column a ROAM status, a risk moved by its menu. Without a model
 * (the replay) read-only.
 */
export function RisksTab({ model, risks, teams, ranking, dependencies, titleOf }: {
  model: RoomModel | null; risks: readonly Risk[]; teams: readonly string[]; ranking: readonly RankingRow[]; dependencies: readonly Dependency[]; titleOf: (id: string) => string;
}) {
  const columns = useMemo(() => risksByStatus(risks), [risks]);
  const open = columns.get('open')?.length ?? 0;
  return (
    <div className="pi-risks">
      <p className="pi-risks__count" data-open-risks={open}>
        {risks.length === 0 ? 'No risks raised yet.' : open === 0 ? (risks.length === 1 ? 'The one risk is ROAMed.' : `All ${risks.length} risks are ROAMed.`) : `${open} of ${risks.length} risk${risks.length === 1 ? '' : 's'} not ROAMed yet.`}
      </p>
      {model?.canWrite && <RaiseRisk model={model} teams={teams} ranking={ranking} dependencies={dependencies} titleOf={titleOf} />}
      <div className="roam-board">
        {ROAM_COLUMNS.map((c) => {
          const list = columns.get(c.status) ?? [];
          return (
            <section key={c.status} className={`roam-column roam-column--${c.status}`} aria-label={`${c.label}: ${list.length}`} data-roam-column={c.status}>
              <header><h3>{c.label} <span>{list.length}</span></h3><p>{c.hint}</p></header>
              <ul>{list.map((r) => <RiskCard key={r.id} model={model} risk={r} subject={riskSubject(r, titleOf, dependencies)} />)}</ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
