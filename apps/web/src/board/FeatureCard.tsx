import { COMPONENTS } from '@ladder/wsjf';
import { getActiveRoom, useFeatureRow, useMoveMark, useScale } from '../room/active';
import { setEstimate } from '../room/actions';
import { formatNumber } from '../room/labels';
import { openEditor } from '../ui/editorState';
import { EstimateControl } from '../ui/EstimateControl';

/** The HTML body of a feature card: live data from the document, estimates editable in place. */
export function FeatureCard({ featureId }: { featureId: string }) {
  const row = useFeatureRow(featureId);
  const scale = useScale();
  const mark = useMoveMark(featureId);
  const model = getActiveRoom();
  if (!row || !model) {
    return <div className="card card--missing" aria-label="Deleted feature">This feature was deleted</div>;
  }
  const readOnly = !model.canWrite;
  const recent = mark && Date.now() - mark.at < 8000 ? mark : null;
  const inCapacity = row.inCapacity;
  return (
    <article
      className={`card${row.rank === null ? ' card--unscored' : ''}${inCapacity === false ? ' card--out' : ''}`}
      aria-label={`Feature ${row.title}`}
      data-card-feature-id={featureId}
    >
      <header className="card__head">
        <span className="card__id">{row.id}</span>
        {row.team && <span className="chip chip--team">{row.team}</span>}
        {row.theme && <span className="chip chip--theme">{row.theme}</span>}
        <span className={`card__rank${recent ? ' card__rank--moved' : ''}`} aria-label={row.rank ? `Rank ${row.rank}` : 'Unscored'}>
          {row.rank ? `#${row.rank}` : '—'}
        </span>
      </header>
      <h3 className="card__title" title={row.description || row.title}>{row.title}</h3>
      <div className="card__estimates">
        {COMPONENTS.map((c) => (
          <EstimateControl
            key={c}
            compact
            featureId={featureId}
            featureTitle={row.title}
            component={c}
            value={row[c]}
            scale={scale}
            readOnly={readOnly}
            onChange={(v) => setEstimate(model, featureId, c, v)}
          />
        ))}
      </div>
      <footer className="card__foot">
        <span className="card__cod">CoD {formatNumber(row.costOfDelay)}</span>
        <span className="card__wsjf">WSJF <strong>{formatNumber(row.wsjf)}</strong></span>
        {!readOnly && (
          <button
            type="button"
            className="icon-button"
            aria-label={`Edit ${row.title}`}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={(e) => { e.stopPropagation(); openEditor(featureId); }}
          >
            ✎
          </button>
        )}
      </footer>
    </article>
  );
}
