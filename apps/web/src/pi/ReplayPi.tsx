import { useMemo } from 'react';
import type { Plan, RankingRow } from '@ladder/board-doc';
import { ConfidenceResults } from './ConfidenceTab';
import { currentObjectives, teamsOf } from './objectives';
import { ObjectivesTab } from './ObjectivesTab';
import { RisksTab } from './RisksTab';
import type { PiState } from './store';
import './pi.css';

/** Whether a past document had anything of the PI: objectives, risks, a confidence vote or a PI's name. */
export function hasPi(pi: PiState | null): pi is PiState {
  return pi !== null && (pi.objectives.length > 0 || pi.risks.length > 0 || pi.votes.length > 0 || pi.names !== null);
}

/**
 * The PI as it was at a past point of the replay, read-only: the objectives with their values and predictability (and
 * across PIs once continued), the risks by ROAM status and the confidence votes' public results — the PI view's own
 * parts without a model, so nothing can be written.
 */
export function ReplayPi({ pi, plan, ranking }: { pi: PiState; plan: Plan | null; ranking: readonly RankingRow[] }) {
  const planTeams = useMemo(() => (plan?.teams ?? []).map((t) => t.name), [plan]);
  const teams = useMemo(() => teamsOf(planTeams, ranking, currentObjectives(pi.objectives, pi.names)), [planTeams, ranking, pi.objectives, pi.names]);
  const titles = useMemo(() => new Map(ranking.map((r) => [r.id, r.title])), [ranking]);
  const titleOf = (id: string) => titles.get(id) ?? id;
  return (
    <div className="replay-pi" data-replay-pi="" aria-label="The PI at that moment (read-only)" role="group">
      <section className="replay-pi__part" aria-labelledby="replay-pi-objectives" data-replay-pi-part="objectives">
        <h3 id="replay-pi-objectives" className="replay-pi__head">Objectives</h3>
        <ObjectivesTab model={null} teams={teams} objectives={pi.objectives} names={pi.names} ranking={ranking} title="" />
      </section>
      <section className="replay-pi__part" aria-labelledby="replay-pi-risks" data-replay-pi-part="risks">
        <h3 id="replay-pi-risks" className="replay-pi__head">Risks by ROAM status</h3>
        {pi.risks.length === 0 ? <p className="hint">No risks raised yet.</p>
          : <RisksTab model={null} risks={pi.risks} teams={teams} ranking={ranking} dependencies={plan?.dependencies ?? []} titleOf={titleOf} />}
      </section>
      <section className="replay-pi__part" aria-labelledby="replay-pi-confidence" data-replay-pi-part="confidence">
        <h3 id="replay-pi-confidence" className="replay-pi__head">Confidence votes</h3>
        <ConfidenceResults votes={pi.votes} />
      </section>
    </div>
  );
}
