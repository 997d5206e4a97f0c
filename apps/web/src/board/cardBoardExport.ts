import { readRounds, type RankingRow } from '@ladder/board-doc';
import { lockedOf } from '../estimation/lock';
import type { RoomModel } from '../room/model';
import { cardBoardSvg } from './cardSvg';
import { laneGroups, type LaneKey } from './laneGroups';

// PNG and SVG of the card board, drawn from the ranking (no canvas): the grid as shown, in its lanes.

/** Largest side and area of the PNG (Chromium refuses canvases past 32 767 px a side or about 268 M pixels). */
const MAX_SIDE = 16_000;
const MAX_AREA = 120_000_000;

/** Draws an SVG onto a canvas, twice its size where that fits, and encodes it as PNG. */
export async function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const scale = Math.min(2, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_AREA / (width * height)));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The card board as an SVG or PNG file: every feature of `ranking` as a card, grouped as the board shows them. */
export async function cardBoardImage(model: RoomModel, ranking: readonly RankingRow[], lanes: LaneKey, format: 'png' | 'svg'): Promise<Blob> {
  const rounds = readRounds(model.doc);
  const columns = Math.min(12, Math.max(4, Math.ceil(Math.sqrt(ranking.length))));
  const { markup, width, height } = cardBoardSvg(laneGroups(ranking, lanes), (id) => lockedOf(rounds, id), columns);
  if (format === 'svg') return new Blob([markup], { type: 'image/svg+xml' });
  return svgToPng(markup, width, height);
}
