import { useEffect, useState } from 'react';
import { roundKeys, type RankingRow, type Round, type RoundResult } from '@ladder/board-doc';
import { currentRound, subjectOf, votersOf } from '../estimation/state';
import { keyLabel } from '../estimation/labels';
import { lockedOf } from '../estimation/lock';
import { useRounds } from '../estimation/useRounds';
import { formatNumber } from '../room/labels';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { PresenterCallBack, PresenterPi } from '../pi/PresenterPi';
import { useLead } from './follow';
import './present.css';

/** Height of one ranking row on the big screen, in px (the list shows as many whole rows as fit). */
const ROW_PX = 64;
/** What the header, the cut line and the "more" line take from the list's height. */
const CHROME_PX = 190;

function useRowsThatFit(): number {
  const [rows, setRows] = useState(() => Math.max(3, Math.floor((window.innerHeight - CHROME_PX) / ROW_PX)));
  useEffect(() => {
    const onResize = () => setRows(Math.max(3, Math.floor((window.innerHeight - CHROME_PX) / ROW_PX)));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return rows;
}

function PresenterRow({ row, inRound, led }: { row: RankingRow; inRound: boolean; led: boolean }) {
  return (
    <li className={`present-row${row.inCapacity === false ? ' present-row--out' : ''}${led ? ' present-row--led' : ''}`} data-presenter-row="" data-feature-id={row.id} data-rank={row.rank ?? ''}
      data-in-round={inRound ? '' : undefined}>
      <span className="present-row__rank">{row.rank ?? '–'}</span>
      <span className="present-row__title">{row.title}</span>
      {row.committed && <span className="present-row__committed">Committed</span>}
      {inRound && <span className="present-row__round">in a round</span>}
      <span className="present-row__wsjf">{inRound ? '·' : formatNumber(row.wsjf)}</span>
    </li>
  );
}

/** The round in progress, for the room: who has voted (never what), and the countdown. */
function RoundProgress({ round, snapshot }: { round: Round; snapshot: RoomSnapshot }) {
  const { voted, waiting, total, complete } = votersOf(round);
  const asked = roundKeys(round).length;
  const nameOf = (id: string) => { const r = snapshot.byId.get(id); return r ? r.title : id; };
  return (
    <section className="present-round" aria-label="Round in progress" data-presenter-round={round.id}>
      <h2>Estimating <span>{subjectOf(round, nameOf)}</span></h2>
      <p className="present-round__count" data-presenter-count="">{complete} of {total} voted</p>
      <ul className="present-round__voters">
        {[...round.voted.filter((v) => voted.has(v.participantId)), ...waiting].map((v) => (
          <li key={v.participantId} data-presenter-voter={v.participantId} data-voted={voted.has(v.participantId)}
            className={voted.has(v.participantId) ? 'voted' : ''}>
            <span aria-hidden="true">{voted.has(v.participantId) ? '✓' : v.parts !== undefined ? `${v.parts}/${asked}` : '…'}</span> {v.name}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The reveal, full screen: each key's votes as cards turning over, the consensus, the spread and Discuss. */
function Reveal({ round, result, snapshot }: { round: Round; result: RoundResult; snapshot: RoomSnapshot }) {
  const nameOf = (id: string) => { const r = snapshot.byId.get(id); return r ? r.title : id; };
  return (
    <section className="present-reveal" aria-label="Revealed votes" data-presenter-reveal={round.id}>
      <h2>{subjectOf(round, nameOf)} <span>· {result.votes.length} vote{result.votes.length === 1 ? '' : 's'}</span></h2>
      {roundKeys(round).map((k) => {
        const discuss = result.discuss[k];
        return (
          <div key={k} className="present-reveal__key" data-reveal-key={k}>
            <h3>{keyLabel(round, k, snapshot)}</h3>
            <ol className="present-reveal__cards">
              {result.votes.filter((v) => v.values[k] !== undefined).map((v, i) => (
                <li key={v.participantId} className="reveal-card" style={{ animationDelay: `${i * 90}ms` }} data-reveal-card={v.participantId}>
                  <span className="reveal-card__value">{v.values[k]}</span>
                  <span className="reveal-card__name">{v.name}</span>
                </li>
              ))}
            </ol>
            <p className="present-reveal__outcome">
              Consensus <strong data-presenter-consensus={k}>{result.consensus[k] ?? '–'}</strong>
              {' · '}spread {result.spread[k] === undefined ? '–' : `${result.spread[k]} step${result.spread[k] === 1 ? '' : 's'}`}
              {discuss?.discuss && (
                <span className="present-reveal__discuss" data-presenter-discuss={k}>
                  Discuss: {discuss.highest.map((h) => h.name).join(', ')} vs {discuss.lowest.map((l) => l.name).join(', ')}
                </span>
              )}
            </p>
          </div>
        );
      })}
    </section>
  );
}

/**
 * Presenter mode for the projector and screen sharing: large type, the ranking with the cut line, the round in
 * progress (who has voted, never what) and, once revealed, the reveal full screen. Esc leaves it.
 */
export function PresenterView({ model, snapshot, onExit }: { model: RoomModel; snapshot: RoomSnapshot; onExit: () => void }) {
  const rounds = useRounds(model.doc);
  const round = currentRound(rounds);
  const fit = useRowsThatFit();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape' && !document.fullscreenElement) onExit(); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onExit]);
  const live = round && (round.status === 'open' || round.status === 'revealed') ? round : null;
  const rows = snapshot.ranking;
  const shown = rows.slice(0, live ? fit - 1 : fit);
  const capacity = snapshot.meta.capacity;
  const cutAt = capacity === null ? -1 : shown.findIndex((r) => r.rank !== null && r.inCapacity === false);
  const lead = useLead(model);
  const items = shown.map((r) => <PresenterRow key={r.id} row={r} inRound={lockedOf(rounds, r.id).size > 0} led={lead?.featureId === r.id} />);
  if (cutAt >= 0) items.splice(cutAt, 0, <li key="cut" className="present-cut" data-presenter-cut="">cut line · {formatNumber(capacity)} points</li>);
  const fullscreen = () => { void document.documentElement.requestFullscreen?.().catch(() => {}); };
  return (
    <div className="presenter" data-presenter="" role="main" aria-label="Presenter view">
      <header className="presenter__head">
        <h1>{snapshot.meta.title || 'Ladder'}</h1>
        <span className="presenter__meta">{rows.filter((r) => r.rank !== null).length} ranked · {new Date().toLocaleDateString()}</span>
        <span className="presenter__spacer" />
        <button type="button" className="ghost-button" onClick={fullscreen}>Full screen</button>
        <button type="button" className="ghost-button" onClick={onExit} data-presenter-exit="">Exit presenter (Esc)</button>
      </header>
      <PresenterPi model={model} />
      <PresenterCallBack model={model} />
      <div className="presenter__body">
        <ol className="present-ranking" aria-label="Ranking">{items}</ol>
        {live?.status === 'open' && <RoundProgress round={live} snapshot={snapshot} />}
      </div>
      {rows.length > shown.length && <p className="presenter__more">+ {rows.length - shown.length} more below</p>}
      {live?.status === 'revealed' && live.result && <Reveal round={live} result={live.result} snapshot={snapshot} />}
    </div>
  );
}
