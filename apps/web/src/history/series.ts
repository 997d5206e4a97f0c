import { rankRows, type Feature, type RankingRow } from '@ladder/board-doc';
import type { HistoryEvent } from './api';

/** The rank of every feature after one update, derived from the history events up to it. */
export interface RankPoint {
  seq: number;
  at: number;
  ranks: Map<string, number | null>;
}

export interface RankChange {
  seq: number;
  at: number;
  featureId: string;
  from: number | null;
  to: number | null;
  /** The events of that update: what caused the move. */
  causes: HistoryEvent[];
  /** The feature those events changed, as it was before and after them (null where it did not exist). */
  touched: { featureId: string; before: Feature | null; after: Feature | null } | null;
}

/** Replays the events into feature values, sampling the ranking after every ceil(updates / maxPoints)th update and the last. */
export function rankSeries(events: readonly HistoryEvent[], maxPoints = 240): { points: RankPoint[]; changes: RankChange[]; titles: Map<string, string> } {
  const features = new Map<string, Feature>();
  const titles = new Map<string, string>();
  const bySeq = new Map<number, HistoryEvent[]>();
  for (const event of events) {
    const list = bySeq.get(event.seq);
    if (list) list.push(event); else bySeq.set(event.seq, [event]);
  }
  const seqs = [...bySeq.keys()];
  const every = Math.max(1, Math.ceil(seqs.length / maxPoints));
  const points: RankPoint[] = [];
  const changes: RankChange[] = [];
  let previous = new Map<string, number | null>();
  seqs.forEach((seq, index) => {
    const group = bySeq.get(seq) as HistoryEvent[];
    const touchedId = (group[0] as HistoryEvent).featureId;
    const touchedBefore = features.get(touchedId) ?? null;
    for (const event of group) {
      if (event.kind === 'created' && event.to && typeof event.to === 'object') {
        features.set(event.featureId, event.to as Feature);
        titles.set(event.featureId, (event.to as Feature).title);
      } else if (event.kind === 'deleted') {
        features.delete(event.featureId);
      } else if (event.field) {
        const current = features.get(event.featureId);
        if (current) features.set(event.featureId, { ...current, [event.field]: event.to } as Feature);
        if (event.field === 'title' && typeof event.to === 'string') titles.set(event.featureId, event.to);
      }
    }
    const touched = { featureId: touchedId, before: touchedBefore, after: features.get(touchedId) ?? null };
    const ranks = new Map(rankRows([...features.values()], null).map((row: RankingRow) => [row.id, row.rank] as const));
    for (const id of new Set([...previous.keys(), ...ranks.keys()])) {
      const from = previous.get(id) ?? null;
      const to = ranks.get(id) ?? null;
      if (from !== to) changes.push({ seq, at: (group[0] as HistoryEvent).at, featureId: id, from, to, causes: group, touched });
    }
    previous = ranks;
    if (index % every === 0 || index === seqs.length - 1) points.push({ seq, at: (group[0] as HistoryEvent).at, ranks });
  });
  return { points, changes, titles };
}
