import { useMemo, useState } from 'react';
import type { RankingRow } from '@ladder/board-doc';
import { missingLine, wsjfVersusCd3 } from './models';

/**
 * Toggle between SAFe WSJF and CD3, listing the features where the two orders disagree. Only features both models
 * rank are compared; how many lack CD3 data (or a WSJF estimate) is said in one line.
 */
export function ModelCompare({ ranking }: { ranking: readonly RankingRow[] }) {
  const [model, setModel] = useState<'wsjf' | 'cd3'>('wsjf');
  const comparison = useMemo(() => (model === 'cd3' ? wsjfVersusCd3(ranking) : null), [model, ranking]);
  const missing = comparison ? missingLine(comparison) : null;
  return (
    <div className="portfolio__models">
      <span role="radiogroup" aria-label="Prioritisation model" className="portfolio__toggle">
        {(['wsjf', 'cd3'] as const).map((m) => (
          <button key={m} type="button" role="radio" aria-checked={model === m} data-model={m} onClick={() => setModel(m)}>
            {m === 'wsjf' ? 'SAFe WSJF' : 'CD3'}
          </button>
        ))}
      </span>
      {comparison && comparison.compared + comparison.missingWsjf === 0 && (
        <span className="warn" data-cd3-empty="">No CD3 data yet: add cost of delay per week and duration in the feature editor.</span>
      )}
      {comparison && comparison.compared + comparison.missingWsjf > 0 && (
        <>
          {comparison.compared < 2
            ? <span className="hint" data-cd3-compared={comparison.compared}>Fewer than two features have both scores: nothing to compare yet.</span>
            : comparison.disagreements.length === 0
              ? <span className="ok" data-cd3-compared={comparison.compared}>CD3 and WSJF agree on the {comparison.compared} features both rank</span>
              : (
                <ul aria-label="Where CD3 and WSJF disagree" className="portfolio__disagree" data-cd3-compared={comparison.compared}>
                  {missing && <li className="portfolio__disagree-head">Order among the {comparison.compared} features both models rank:</li>}
                  {comparison.disagreements.map((d) => (
                    <li key={d.id} data-model-disagreement={d.id}>{d.id} {d.title}: WSJF #{d.wsjfRank} · CD3 #{d.cd3Rank}</li>
                  ))}
                </ul>
              )}
          {missing && <span className="portfolio__missing" data-cd3-missing={comparison.missingCd3}>{missing}</span>}
        </>
      )}
    </div>
  );
}
