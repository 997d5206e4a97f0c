import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { download } from '../api';
import { usePlan } from '../plan/store';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { AgendaTab } from './AgendaTab';
import { ConfidenceTab } from './ConfidenceTab';
import { objectivesCsv, risksCsv } from './csv';
import { currentObjectives, teamsOf } from './objectives';
import { ObjectivesTab } from './ObjectivesTab';
import { RisksTab } from './RisksTab';
import { usePi } from './store';
import './pi.css';

export type PiTab = 'objectives' | 'risks' | 'confidence' | 'agenda';
const TABS: readonly { id: PiTab; label: string }[] = [
  { id: 'objectives', label: 'Objectives' },
  { id: 'risks', label: 'Risks (ROAM)' },
  { id: 'confidence', label: 'Confidence' },
  { id: 'agenda', label: 'Agenda' },
];

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'ladder';
}

/**
 * The end of the PI planning, in place of the canvas (the ranking stays beside it): the teams' objectives with their
 * business values and predictability, the ROAM board of risks, the confidence vote and the event's agenda. Everything
 * is the shared document, so every screen shows every change as it happens.
 */
export function PiView({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const [tab, setTab] = useState<PiTab>('objectives');
  const tabs = useRef<HTMLDivElement>(null);
  const plan = usePlan(model.doc);
  const objectives = usePi(model.doc, 'objectives');
  const risks = usePi(model.doc, 'risks');
  const votes = usePi(model.doc, 'votes');
  const agenda = usePi(model.doc, 'agenda');
  const piNames = usePi(model.doc, 'names');
  const names = usePi(model.doc, 'names');
  const { byId, ranking } = snapshot;
  const titleOf = useCallback((id: string) => byId.get(id)?.title ?? id, [byId]);
  const planTeams = useMemo(() => plan.teams.map((t) => t.name), [plan.teams]);
  // The current PI's teams: an earlier PI's team that is gone keeps its place among the earlier PIs only.
  const teams = useMemo(() => teamsOf(planTeams, ranking, currentObjectives(objectives, names)), [planTeams, ranking, objectives, names]);
  // The teams a confidence vote may be opened for (the server knows the plan's and the features' teams).
  const scopes = useMemo(() => teamsOf(planTeams, ranking), [planTeams, ranking]);
  const open = risks.filter((r) => r.status === 'open').length;
  const voting = votes.filter((v) => v.status === 'open').length;
  const name = slug(snapshot.meta.title);

  // Arrow keys, Home and End move between the tabs (one Tab stop for the whole list).
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const to = e.key === 'ArrowRight' ? (at + 1) % TABS.length : e.key === 'ArrowLeft' ? (at + TABS.length - 1) % TABS.length
      : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    const next = TABS[to] as (typeof TABS)[number];
    setTab(next.id);
    tabs.current?.querySelector<HTMLElement>(`[data-pi-tab="${next.id}"]`)?.focus();
  };

  return (
    <section className="pi" aria-label="PI objectives, risks, confidence and agenda" data-pi-view="">
      <header className="pi__bar">
        <h2 className="pi__title">PI</h2>
        <div className="pi__tabs" role="tablist" aria-label="PI sections" ref={tabs} onKeyDown={onTabKey}>
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" id={`pi-tab-${t.id}`} aria-controls={`pi-panel-${t.id}`} aria-selected={tab === t.id} tabIndex={tab === t.id ? 0 : -1}
              className={`pi__tab${tab === t.id ? ' pi__tab--on' : ''}`} data-pi-tab={t.id} onClick={() => setTab(t.id)}>
              {t.label}
              {t.id === 'risks' && open > 0 && <span className="pi__count" data-open-risks={open}><span className="visually-hidden">, </span>{open}<span className="visually-hidden"> open</span></span>}
              {t.id === 'confidence' && voting > 0 && <span className="pi__count pi__count--live"><span aria-hidden="true">●</span><span className="visually-hidden">, voting now</span></span>}
            </button>
          ))}
        </div>
        <span className="toolbar__spacer" />
        <button type="button" className="ghost-button" data-pi-export="objectives" aria-label="Download the objectives as CSV"
          onClick={() => download(new Blob([objectivesCsv(objectives, titleOf, piNames?.current ?? null)], { type: 'text/csv' }), `${name}-objectives.csv`)}>Objectives CSV</button>
        <button type="button" className="ghost-button" data-pi-export="risks" aria-label="Download the risks as CSV"
          onClick={() => download(new Blob([risksCsv(risks, titleOf, plan.dependencies)], { type: 'text/csv' }), `${name}-risks.csv`)}>Risks CSV</button>
      </header>
      <div className="pi__body" role="tabpanel" id={`pi-panel-${tab}`} aria-labelledby={`pi-tab-${tab}`} data-pi-panel={tab}>
        {tab === 'objectives' && <ObjectivesTab model={model} teams={teams} objectives={objectives} names={names} ranking={ranking} title={snapshot.meta.title} />}
        {tab === 'risks' && <RisksTab model={model} risks={risks} teams={teams} ranking={ranking} dependencies={plan.dependencies} titleOf={titleOf} />}
        {tab === 'confidence' && <ConfidenceTab model={model} snapshot={snapshot} votes={votes} scopes={scopes} />}
        {tab === 'agenda' && <AgendaTab model={model} agenda={agenda} />}
      </div>
    </section>
  );
}
