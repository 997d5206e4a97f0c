import { useMemo } from 'react';
import { COMPONENTS, scaleHealth } from '@ladder/wsjf';
import type { RankingRow } from '@ladder/board-doc';
import { COMPONENT_SHORT, COMPONENT_LABEL } from '../room/labels';

/** Per component: is the smallest scale value used (the relative anchor)? And how many neighbours one step would flip. */
export function ScaleHealthLine({ ranking, scale }: { ranking: readonly RankingRow[]; scale: readonly number[] }) {
  const health = useMemo(() => scaleHealth(ranking.filter((r) => r.rank !== null), [...scale]), [ranking, scale]);
  const fragile = new Set(health.fragile.map((f) => `${f.above}/${f.below}`)).size;
  return (
    <p className="portfolio__health" data-scale-health="" aria-label="Scale health">
      {COMPONENTS.map((c) => (
        <span
          key={c}
          className={health.anchors[c] ? 'ok' : 'warn'}
          title={`${COMPONENT_LABEL[c]}: ${health.anchors[c] ? 'the smallest value is used as the anchor' : `no feature has the smallest value (${scale[0]}); pick the smallest item as the anchor`}`}
          data-anchor={c}
          data-anchored={String(health.anchors[c])}
        >
          {COMPONENT_SHORT[c]} {health.anchors[c] ? '⚓' : '–'}
        </span>
      ))}
      <span className={fragile ? 'warn' : 'ok'} data-fragile={fragile} title={fragile ? 'Neighbours in the ranking that one step of the scale on one estimate would swap' : undefined}>
        {fragile === 0 ? 'no fragile pairs' : `${fragile} fragile pair${fragile === 1 ? '' : 's'}`}
      </span>
    </p>
  );
}
