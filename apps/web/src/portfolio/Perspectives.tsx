import { useMemo } from 'react';
import { COMPONENTS } from '@ladder/wsjf';
import type { Perspective } from '@ladder/board-doc';
import { COMPONENT_LABEL, COMPONENT_SHORT, formatNumber } from '../room/labels';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { usePerspectives } from './usePerspectives';

const SHOWN = 8;
const value = (v: number | null) => (v === null ? 'no vote' : formatNumber(v, 1));

/** Where product and portfolio see a feature differently, after their votes were revealed: biggest gap first. */
export function PerspectivesView({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const all = usePerspectives(model);
  const gaps = useMemo(() => all.filter((p) => p.gap !== null), [all]);
  const byComponent = useMemo(() => COMPONENTS.map((c) => {
    const of = gaps.filter((p) => p.component === c);
    return { component: c, count: of.length, mean: of.length ? of.reduce((s, p) => s + (p.gap ?? 0), 0) / of.length : null };
  }).filter((c) => c.count > 0).sort((a, b) => (b.mean ?? 0) - (a.mean ?? 0)), [gaps]);
  if (all.length === 0) return null;
  return (
    <details className="portfolio__form perspectives" data-perspectives="">
      <summary>Two perspectives <span className="perspectives__count">{gaps.length} revealed estimate{gaps.length === 1 ? '' : 's'}</span></summary>
      {byComponent.length > 0 && (
        <p className="perspectives__components" aria-label="Mean gap between product and portfolio by component">
          <span>Mean gap</span>
          {byComponent.map((c) => (
            <span key={c.component} data-perspective-component={c.component} title={`${COMPONENT_LABEL[c.component]}: mean gap over ${c.count} estimate${c.count === 1 ? '' : 's'}`}>
              {COMPONENT_SHORT[c.component]} <strong>{formatNumber(c.mean, 1)}</strong>
            </span>
          ))}
        </p>
      )}
      <table className="perspectives__table" aria-label="Where product and portfolio diverge most">
        <thead>
          <tr><th scope="col">Feature</th><th scope="col" title="Component">Est.</th><th scope="col">Product</th><th scope="col">Portfolio</th><th scope="col">Gap</th></tr>
        </thead>
        <tbody>
          {all.slice(0, SHOWN).map((p) => (
            <tr key={`${p.featureId}-${p.component}`} data-perspective={`${p.featureId}:${p.component}`} data-gap={p.gap ?? ''}>
              <td title={snapshot.byId.get(p.featureId)?.title ?? p.featureId}>
                <span className="card__id">{p.featureId}</span> {snapshot.byId.get(p.featureId)?.title ?? 'deleted feature'}
              </td>
              <td title={COMPONENT_LABEL[p.component]}>{COMPONENT_SHORT[p.component]}</td>
              <td className="perspectives__product">{value(p.product)}</td>
              <td className="perspectives__portfolio">{value(p.portfolio)}</td>
              <td className="perspectives__gap"><GapBar gap={p.gap} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {all.length > SHOWN && <p className="hint">{all.length - SHOWN} smaller gaps not shown; open a feature in the ranking to see its own.</p>}
    </details>
  );
}

function GapBar({ gap }: { gap: number | null }) {
  if (gap === null) return <span className="perspectives__none">–</span>;
  return (
    <span className="perspectives__bar" aria-label={`gap ${formatNumber(gap, 1)}`}>
      <span style={{ width: `${Math.min(100, gap * 5)}%` }} aria-hidden="true" />
      {formatNumber(gap, 1)}
    </span>
  );
}

/** One feature's revealed estimates, product beside portfolio, per component (in an expanded ranking row). */
export function FeaturePerspectives({ model, featureId }: { model: RoomModel; featureId: string }) {
  const all = usePerspectives(model);
  const mine: Perspective[] = COMPONENTS.flatMap((c) => all.filter((p) => p.featureId === featureId && p.component === c));
  if (mine.length === 0) return null;
  return (
    <dl className="feature-perspectives" aria-label="Product and portfolio estimates from the revealed rounds" data-feature-perspectives={featureId}>
      {mine.map((p) => (
        <div key={p.component} data-perspective={`${p.featureId}:${p.component}`} className={p.gap !== null && p.gap >= 3 ? 'wide' : ''}>
          <dt title={COMPONENT_LABEL[p.component]}>{COMPONENT_SHORT[p.component]}</dt>
          <dd>
            <span className="perspectives__product" title="Product role">P {value(p.product)}</span>
            <span className="perspectives__portfolio" title="Portfolio role">LPM {value(p.portfolio)}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
