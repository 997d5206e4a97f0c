import { useEffect, useState } from 'react';
import { roundKeys, type Round } from '@ladder/board-doc';
import { clock, secondsLeft, votersOf } from './state';

/** Seconds left until `deadline`, re-rendered every second while it runs; null without a deadline. */
function useSecondsLeft(deadline: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return secondsLeft(deadline, now);
}

/** Who has voted and who is still to vote — names only, never a value — and the countdown when the round has one. */
export function Voters({ round }: { round: Round }) {
  const left = useSecondsLeft(round.status === 'open' ? round.deadline : null);
  const { voted, waiting, total, complete } = votersOf(round);
  const asked = roundKeys(round).length;
  return (
    <div className="estimation__voters">
      <p className="estimation__count" aria-live="polite" data-round-counts>
        {complete} of {total} voted
        {complete > 0 && `: ${round.voted.filter((v) => voted.has(v.participantId)).map((v) => v.name).join(', ')}`}
      </p>
      {round.status === 'open' && (
        <p className="estimation__count estimation__muted" data-round-waiting={waiting.length}>
          {waiting.length === 0 ? 'Nobody left to vote' : `Still to vote: ${waiting.length}`}
        </p>
      )}
      <ul className="estimation__people" aria-label="Who voted">
        {[...round.voted.filter((v) => voted.has(v.participantId)), ...waiting].map((v) => (
          <li key={v.participantId} className={voted.has(v.participantId) ? 'estimation__person estimation__person--voted' : 'estimation__person'}
            data-voter={v.participantId} data-voted={voted.has(v.participantId)} data-parts={v.parts}>
            <span aria-hidden="true">{voted.has(v.participantId) ? '✓' : v.parts !== undefined ? `${v.parts} of ${asked}` : '…'}</span> {v.name}
            {v.parts !== undefined && <span className="visually-hidden"> has voted {v.parts} of {asked}</span>}
          </li>
        ))}
      </ul>
      {left !== null && (
        <p className="estimation__timer" data-round-countdown={left} role="timer" aria-label={`Reveals in ${clock(left)}`}>
          Reveals in <strong>{clock(left)}</strong>{round.autoReveal ? ' or when everyone has voted' : ''}
        </p>
      )}
      {left === null && round.status === 'open' && round.autoReveal && <p className="hint">Reveals when everyone has voted.</p>}
    </div>
  );
}
