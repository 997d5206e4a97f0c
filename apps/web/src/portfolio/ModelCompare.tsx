import { useMemo, useState } from 'react';
import type { RankingRow } from '@ladder/board-doc';
import { cd3Of } from '@ladder/wsjf';
import { wsjfVersusCd3 } from './models';

const rankText = (rank: number | null) => (rank === null ? 'unscored' : `#${rank}`);

/** Toggle between SAFe WSJF and CD3, listing the features where the two orders disagree. */
export function ModelCompare({ ranking }: { ranking: readonly RankingRow[] }) {
  const [model, setModel] = useState<'wsjf' | 'cd3'>('wsjf');
  const disagreements = useMemo(() => (model === 'cd3' ? wsjfVersusCd3(ranking) : []), [model, ranking]);
  return (
    <div className="portfolio__models">
      <span role="radiogroup" aria-label="Prioritisation model" className="portfolio__toggle">
        {(['wsjf', 'cd3'] as const).map((m) => (
          <button key={m} type="button" role="radio" aria-checked={model === m} data-model={m} onClick={() => setModel(m)}>
            {m === 'wsjf' ? 'SAFe WSJF' : 'CD3'}
          </button>
        ))}
      </span>
      {model === 'cd3' && !ranking.some((r) => cd3Of(r) !== null) && (
        <span className="warn" data-cd3-empty="">No CD3 data yet: add cost of delay per week and duration in the feature editor.</span>
      )}
      {model === 'cd3' && ranking.some((r) => cd3Of(r) !== null) && (
        disagreements.length === 0
          ? <span className="ok">CD3 and WSJF agree</span>
          : (
            <ul aria-label="Where CD3 and WSJF disagree" className="portfolio__disagree">
              {disagreements.map((d) => (
                <li key={d.id} data-model-disagreement={d.id}>{d.id} {d.title}: WSJF {rankText(d.wsjfRank)} · CD3 {rankText(d.cd3Rank)}</li>
              ))}
            </ul>
          )
      )}
    </div>
  );
}
