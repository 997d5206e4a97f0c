import { useMemo, useState } from 'react';
import { explainMove } from '@ladder/wsjf';
import { formatNumber } from '../room/labels';
import { safetyEventText } from '../safety/events';
import { chartLines, topPoints } from './chartPoints';
import { clock } from './format';
import { fieldLabel, fieldValueText } from './labels';
import type { RankChange, RankPoint } from './series';

const W = 360;
const H = 200;
const PAD = 14;

function colorOf(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${h} 60% 45%)`;
}

/** Why a rank changed, in words: the change that caused it and, for estimate changes, the WSJF effect. */
export function explainChange(change: RankChange, titles: ReadonlyMap<string, string>): string {
  const move = `#${change.from ?? '–'} → #${change.to ?? '–'}`;
  // A restore or a participant revert moved it: that is the cause, not one of the field changes it wrote.
  const recovery = change.causes.find((e) => e.kind === 'restored' || (e.kind === 'reverted' && e.featureId === ''));
  const recoveryText = recovery ? safetyEventText(recovery) : null;
  if (recovery && recoveryText) return `${move}: ${recovery.name || 'Someone'} ${recoveryText.text}`;
  // Of the update's changes, the one of the feature that moved first; else the first change of the update.
  const edits = change.causes.filter((e) => e.kind === 'created' || e.kind === 'deleted' || e.kind === 'changed');
  const cause = edits.find((e) => e.featureId === change.featureId) ?? edits[0] ?? change.causes[0];
  if (!cause) return '';
  const who = cause.name || 'Someone';
  const what = titles.get(cause.featureId) ?? cause.featureId;
  if (cause.kind === 'created') return `${move}: ${who} created ${what}`;
  if (cause.kind === 'deleted') return `${move}: ${who} deleted ${what}`;
  let text = `${move}: ${who} changed ${fieldLabel(cause.field)} of ${what} ${fieldValueText(cause.field, cause.from)} → ${fieldValueText(cause.field, cause.to)}`;
  const t = change.touched;
  if (t?.before && t.after && t.featureId === cause.featureId) {
    const why = explainMove(t.before, t.after);
    if (why.wsjfBefore !== null && why.wsjfAfter !== null) text += ` (WSJF of ${what} ${formatNumber(why.wsjfBefore)} → ${formatNumber(why.wsjfAfter)})`;
  }
  return text;
}

/** Rank over time: a bump chart of every feature, the selected one drawn on top with its moves explained. */
export function RankChart({ points, changes, titles, selected, onSelect }: {
  points: readonly RankPoint[];
  changes: readonly RankChange[];
  titles: ReadonlyMap<string, string>;
  selected: string;
  onSelect: (id: string) => void;
}) {
  const all = useMemo(() => [...new Set(points.flatMap((p) => [...p.ranks.keys()]))], [points]);
  // Past twenty features the chart shows the top twenty (and the feature picked) unless asked for more.
  const [top, setTop] = useState<number>(() => (all.length > 20 ? 20 : Infinity));
  const narrowed = useMemo(() => topPoints(points, top, new Set(selected ? [selected] : [])), [points, top, selected]);
  const { lines, empty } = useMemo(() => chartLines(narrowed, { width: W, height: H, pad: PAD }), [narrowed]);
  const ids = all;
  const moves = changes.filter((c) => c.featureId === selected);
  return (
    <section className="rank-chart" aria-label="Rank over time">
      <label className="rank-chart__pick">
        Feature
        <select aria-label="Feature to follow" value={selected} onChange={(e) => onSelect(e.currentTarget.value)}>
          <option value="">Choose a feature</option>
          {[...ids].sort().map((id) => <option key={id} value={id}>{id} {titles.get(id) ?? ''}</option>)}
        </select>
      </label>
      {all.length > 10 && (
        <label className="rank-chart__pick">
          Show
          <select aria-label="Features in the chart" value={Number.isFinite(top) ? String(top) : 'all'} data-rank-chart-top=""
            onChange={(e) => setTop(e.currentTarget.value === 'all' ? Infinity : Number(e.currentTarget.value))}>
            {[10, 20, 50].filter((n) => n < all.length).map((n) => <option key={n} value={n}>Top {n}</option>)}
            <option value="all">All {all.length}</option>
          </select>
        </label>
      )}
      {empty ? (
        <p className="hint rank-chart__empty" data-rank-chart-empty>No ranks to chart yet: a feature gets a rank once all four of its estimates are set.</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Rank of every feature over the session${selected ? `; ${selected} highlighted` : ''}`} className="rank-chart__svg">
          {lines.map(({ id, d, dots }) => {
            const opacity = selected && id !== selected ? 0.18 : 0.8;
            const name = `${id} ${titles.get(id) ?? ''}`;
            return (
              <g key={id} data-rank-line={id} onClick={() => onSelect(id)}>
                {d && (
                  <path d={d} fill="none" stroke={colorOf(id)} strokeWidth={id === selected ? 3 : 1} opacity={opacity}>
                    <title>{name}</title>
                  </path>
                )}
                {/* A rank with no neighbour to draw a line to (one point in time) is a dot. */}
                {dots.map((dot) => (
                  <circle key={`${dot.x},${dot.y}`} data-rank-dot="" cx={dot.x} cy={dot.y} r={id === selected ? 5 : 3.5} fill={colorOf(id)} opacity={opacity}>
                    <title>{name}</title>
                  </circle>
                ))}
              </g>
            );
          })}
        </svg>
      )}
      {selected && (
        <ol className="rank-chart__moves" aria-label={`Rank changes of ${selected}`}>
          {moves.length === 0 && <li className="hint">Its rank never changed.</li>}
          {moves.slice(-30).reverse().map((m) => (
            <li key={m.seq}><time>{clock(m.at)}</time> {explainChange(m, titles)}</li>
          ))}
        </ol>
      )}
    </section>
  );
}
