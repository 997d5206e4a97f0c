import { readRounds, type RankingRow } from '@ladder/board-doc';
import { lockedOf } from '../estimation/lock';
import type { RoomModel } from '../room/model';
import { svgToPng } from '../exports/image';
import { cardBoardSvg } from './cardSvg';
import { laneGroups, type LaneKey } from './laneGroups';

// PNG and SVG of the card board, drawn from the ranking (no canvas): the grid as shown, in its lanes.

/** The card board as an SVG or PNG file: every feature of `ranking` as a card, grouped as the board shows them. */
export async function cardBoardImage(model: RoomModel, ranking: readonly RankingRow[], lanes: LaneKey, format: 'png' | 'svg'): Promise<Blob> {
  const rounds = readRounds(model.doc);
  const columns = Math.min(12, Math.max(4, Math.ceil(Math.sqrt(ranking.length))));
  const { markup } = cardBoardSvg(laneGroups(ranking, lanes), (id) => lockedOf(rounds, id), columns);
  if (format === 'svg') return new Blob([markup], { type: 'image/svg+xml' });
  return svgToPng(markup);
}
