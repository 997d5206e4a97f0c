import { rankByCd3, compareRankings } from '@ladder/wsjf';
import type { RankingRow } from '@ladder/board-doc';

export interface ModelDisagreement {
  id: string;
  title: string;
  wsjfRank: number | null;
  cd3Rank: number | null;
}

/** The features whose rank under CD3 (money per week ÷ weeks) differs from their SAFe WSJF rank. */
export function wsjfVersusCd3(ranking: readonly RankingRow[]): ModelDisagreement[] {
  const cd3 = rankByCd3(ranking.map((r) => ({ id: r.id, createdAt: r.createdAt, costPerWeek: r.costPerWeek, durationWeeks: r.durationWeeks })));
  const titles = new Map(ranking.map((r) => [r.id, r.title]));
  return compareRankings(ranking, cd3).map((d) => ({ id: d.id, title: titles.get(d.id) ?? d.id, wsjfRank: d.rankA, cd3Rank: d.rankB }));
}
