import { useEffect, useState } from 'react';
import { agendaNow } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { clearCallBack, leftText } from './agenda';
import { changeAgenda } from './actions';
import { usePi } from './store';
import './pi.css';

// What every screen shows of the agenda: the running item with its remaining time (a small clock, red once over), and
// the facilitator's call back to the main room.

/** The time now: re-rendered every second while `running`, and read afresh at every render (an agenda just changed too). */
export function useNow(running: boolean): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return Date.now();
}

/** The running agenda item and what is left of its timebox; nothing while no item runs. */
export function AgendaClock({ model, large = false }: { model: RoomModel; large?: boolean }) {
  const agenda = usePi(model.doc, 'agenda');
  const now = useNow(!!agenda?.current);
  const running = agendaNow(agenda, now);
  if (!running) return null;
  const over = running.leftMs < 0;
  const left = leftText(running.leftMs);
  return (
    <span className={`agenda-clock${over ? ' agenda-clock--over' : ''}${large ? ' agenda-clock--large' : ''}`} role="timer"
      aria-label={`Now on the agenda: ${running.item.title}, ${left}`} title={`${running.item.title} · ${running.item.minutes} min`}
      data-agenda-current={running.item.id} data-agenda-left={Math.round(running.leftMs / 1000)} data-over={over ? '' : undefined}>
      <span className="agenda-clock__dot" aria-hidden="true" />
      <span className="agenda-clock__title">{running.item.title}</span>
      <strong className="agenda-clock__left">{left}</strong>
    </span>
  );
}

/**
 * The facilitator's call back, while it stands: a banner on every screen. Away from the main view (the plan or the PI
 * view open), a button brings this person back; the facilitator clears it.
 */
export function CallBackBar({ model, away, onBack }: { model: RoomModel; away: boolean; onBack?: () => void }) {
  const agenda = usePi(model.doc, 'agenda');
  const call = agenda?.callBack;
  if (!agenda || !call) return null;
  const facilitator = model.session.role === 'facilitator';
  return (
    <section className="callback-bar" role="alert" aria-label="Call back to the main room" data-call-back={call.at}>
      <span className="callback-bar__text">
        <strong>{facilitator ? 'You are calling everyone back to the main room' : 'The facilitator calls everyone back to the main room'}</strong>
        {call.message && <> — {call.message}</>}
      </span>
      {!facilitator && away && onBack && (
        <button type="button" className="primary-button" data-call-back-go="" onClick={onBack}>Back to the main room</button>
      )}
      {!facilitator && !away && onBack && <span className="callback-bar__here">You are in the main room.</span>}
      {facilitator && (
        <button type="button" className="ghost-button" data-call-back-clear="" onClick={() => changeAgenda(model, clearCallBack)}>Clear the call back</button>
      )}
    </section>
  );
}
