import { rankByCd3, compareRankings, type RankedFeature } from '@ladder/wsjf';
import type { RankingRow } from '@ladder/board-doc';

export interface ModelDisagreement {
  id: string;
  title: string;
  /** Position by SAFe WSJF among the features both models rank. */
  wsjfRank: number;
  /** Position by CD3 among the same features. */
  cd3Rank: number;
}

export interface ModelComparison {
  /** Features both models rank: the only ones that can disagree. */
  compared: number;
  /** Ranked by WSJF but without CD3 data (cost of delay per week and duration). */
  missingCd3: number;
  /** Ranked by CD3 but not by WSJF (an estimate is missing). */
  missingWsjf: number;
  /** The compared features whose position differs between the two orders, in WSJF order. */
  disagreements: ModelDisagreement[];
}

/** The ids of `ranking` that are in `keep`, in their order, renumbered 1…n. */
function positionsAmong(ranking: readonly RankedFeature[], keep: ReadonlySet<string>): RankedFeature[] {
  return ranking.filter((r) => keep.has(r.id)).map((r, i) => ({ ...r, rank: i + 1 }));
}

/**
 * SAFe WSJF against CD3 (money per week ÷ weeks): only features both models rank are compared, each by its position
 * among them; the features one model cannot rank are counted, never listed as disagreements.
 */
export function wsjfVersusCd3(ranking: readonly RankingRow[]): ModelComparison {
  const cd3 = rankByCd3(ranking.map((r) => ({ id: r.id, createdAt: r.createdAt, costPerWeek: r.costPerWeek, durationWeeks: r.durationWeeks })));
  const byWsjf = new Set(ranking.filter((r) => r.rank !== null).map((r) => r.id));
  const byCd3 = new Set(cd3.filter((r) => r.rank !== null).map((r) => r.id));
  const both = new Set([...byWsjf].filter((id) => byCd3.has(id)));
  const wsjfOrder = positionsAmong(ranking.filter((r) => r.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0)), both);
  const cd3Order = positionsAmong(cd3, both);
  const titles = new Map(ranking.map((r) => [r.id, r.title]));
  const disagreements = compareRankings(wsjfOrder, cd3Order).map((d) => ({
    id: d.id,
    title: titles.get(d.id) ?? d.id,
    wsjfRank: d.rankA ?? 0,
    cd3Rank: d.rankB ?? 0,
  }));
  return {
    compared: both.size,
    missingCd3: [...byWsjf].filter((id) => !byCd3.has(id)).length,
    missingWsjf: [...byCd3].filter((id) => !byWsjf.has(id)).length,
    disagreements,
  };
}

/** The one line about the features a model cannot rank, or null when both rank every feature. */
export function missingLine(c: Pick<ModelComparison, 'compared' | 'missingCd3' | 'missingWsjf'>): string | null {
  const parts: string[] = [];
  const ranked = c.compared + c.missingCd3;
  if (c.missingCd3 > 0) parts.push(`${c.missingCd3} of ${ranked} ranked feature${ranked === 1 ? '' : 's'} ${c.missingCd3 === 1 ? 'has' : 'have'} no CD3 data`);
  if (c.missingWsjf > 0) parts.push(`${c.missingWsjf} with CD3 data ${c.missingWsjf === 1 ? 'has' : 'have'} no WSJF yet`);
  return parts.length === 0 ? null : `${parts.join(', ')}: not compared.`;
}
