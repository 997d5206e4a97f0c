import { memo, useCallback } from 'react';
import { COMPONENTS, type Component } from '@ladder/wsjf';
import { getActiveRoom, useMoveMark, useRowValue, useScale } from '../room/active';
import { formatNumber } from '../room/labels';
import { guardedEstimate } from '../portfolio/stability';
import { openEditor } from '../ui/editorState';
import { EstimateControl } from '../ui/EstimateControl';
import { useLockedComponents } from '../estimation/lock';

// The card is split so that a rank change (which touches many features at once) re-renders only the
// rank badge of each card, and an estimate change only that estimate.

const CardEstimate = memo(function CardEstimate({ featureId, title, component, readOnly }: { featureId: string; title: string; component: Component; readOnly: boolean }) {
  const value = useRowValue(featureId, (r) => r[component]) ?? null;
  const scale = useScale();
  const inRound = useLockedComponents(featureId).has(component);
  const onChange = useCallback((v: number | null) => {
    const model = getActiveRoom();
    return model ? guardedEstimate(model, featureId, component, v) : false;
  }, [featureId, component]);
  return <EstimateControl compact featureId={featureId} featureTitle={title} component={component} value={value} scale={scale} readOnly={readOnly} onChange={onChange} inRound={inRound} />;
});

function CardRank({ featureId }: { featureId: string }) {
  const rank = useRowValue(featureId, (r) => r.rank) ?? null;
  const mark = useMoveMark(featureId);
  const recent = mark && Date.now() - mark.at < 8000;
  return (
    <span className={`card__rank${recent ? ' card__rank--moved' : ''}`} aria-label={rank ? `Rank ${rank}` : 'Unscored'}>
      {rank ? `#${rank}` : '—'}
    </span>
  );
}

/** The card's footer: cost of delay, WSJF, the commitment (kept here, off the crowded header) and the editor. */
function CardScore({ featureId, title, readOnly, committed }: { featureId: string; title: string; readOnly: boolean; committed: boolean }) {
  const cod = useRowValue(featureId, (r) => r.costOfDelay) ?? null;
  const wsjf = useRowValue(featureId, (r) => r.wsjf) ?? null;
  // A blind round on this feature: the scores would give its hidden values away.
  const inRound = useLockedComponents(featureId).size > 0;
  return (
    <footer className="card__foot">
      <span className="card__cod">CoD {inRound ? '·' : formatNumber(cod)}</span>
      {committed && <span className="chip chip--committed" data-committed-badge="" title="Committed for the planning interval">Committed</span>}
      <span className="card__wsjf" data-in-round={inRound ? '' : undefined}>WSJF <strong>{inRound ? 'in a round' : formatNumber(wsjf)}</strong></span>
      {!readOnly && (
        <button
          type="button"
          className="icon-button"
          aria-label={`Edit ${title}`}
          onPointerDown={(e) => e.stopPropagation()}
          onClick={(e) => { e.stopPropagation(); openEditor(featureId); }}
        >
          ✎
        </button>
      )}
    </footer>
  );
}

/** The HTML body of a feature card: live data from the document, estimates editable in place. */
export const FeatureCard = memo(function FeatureCard({ featureId }: { featureId: string }) {
  const title = useRowValue(featureId, (r) => r.title);
  const team = useRowValue(featureId, (r) => r.team);
  const theme = useRowValue(featureId, (r) => r.theme);
  const description = useRowValue(featureId, (r) => r.description);
  const scored = useRowValue(featureId, (r) => r.rank !== null);
  const out = useRowValue(featureId, (r) => r.inCapacity === false);
  const committed = useRowValue(featureId, (r) => r.committed);
  const model = getActiveRoom();
  if (title === undefined || !model) {
    return <div className="card card--missing" aria-label="Deleted feature">This feature was deleted</div>;
  }
  const readOnly = !model.canWrite;
  return (
    <article
      className={`card${scored ? '' : ' card--unscored'}${out ? ' card--out' : ''}`}
      aria-label={`Feature ${title}`}
      data-card-feature-id={featureId}
    >
      <header className="card__head">
        <span className="card__id">{featureId}</span>
        {team && <span className="chip chip--team">{team}</span>}
        {theme && <span className="chip chip--theme">{theme}</span>}
        <CardRank featureId={featureId} />
      </header>
      <h3 className="card__title" title={description || title}>{title}</h3>
      <div className="card__estimates">
        {COMPONENTS.map((c) => <CardEstimate key={c} featureId={featureId} title={title} component={c} readOnly={readOnly} />)}
      </div>
      <CardScore featureId={featureId} title={title} readOnly={readOnly} committed={committed === true} />
    </article>
  );
});
