import type { TimelinePoint } from './api';
import { clock, shortClock } from './format';
import type { Replay, Speed } from './useReplay';

const SPEEDS: Speed[] = [1, 10, 60];

/** The slider over the whole session, the "looking at" banner with the way back to live, and play controls. */
export function Scrubber({ points, replay }: { points: readonly TimelinePoint[]; replay: Replay }) {
  const last = points.length - 1;
  const value = replay.index ?? last;
  const point = points[value];
  return (
    <div className="scrubber">
      {replay.index !== null && point && (
        <div className="replay-banner" role="status" data-replay-banner="">
          <span>You are looking at {shortClock(point.at)}</span>
          <button type="button" className="primary-button" onClick={replay.live}>Back to live</button>
        </div>
      )}
      <label className="scrubber__label">
        <span>
          {point ? `${clock(point.at)} · update ${point.seq}${point.name ? ` by ${point.name}` : ''}` : 'No updates yet'}
          {point?.notes?.length ? <span className="scrubber__note" title={point.notes.map((n) => n.text).join('\n')}> · with a note</span> : null}
        </span>
        <input
          type="range"
          min={0}
          max={Math.max(0, last)}
          step={1}
          value={Math.max(0, value)}
          disabled={points.length < 2}
          aria-label="Session time"
          aria-valuetext={point ? `${clock(point.at)}, update ${point.seq}` : 'live'}
          data-scrubber=""
          onChange={(e) => replay.show(Number(e.currentTarget.value))}
        />
      </label>
      <div className="scrubber__controls" role="group" aria-label="Replay">
        {SPEEDS.map((speed) => (
          <button
            key={speed}
            type="button"
            aria-pressed={replay.playing === speed}
            aria-label={`Play at ${speed}×`}
            onClick={() => replay.play(speed)}
            disabled={points.length < 2}
          >▶ {speed}×</button>
        ))}
        <button type="button" aria-label="Pause" onClick={replay.pause} disabled={replay.playing === null}>❚❚</button>
      </div>
      {replay.error && <p className="scrubber__error" role="alert">{replay.error}</p>}
    </div>
  );
}
