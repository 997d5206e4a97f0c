import { useState, type FormEvent } from 'react';
import { agendaNow, type Agenda, type AgendaItem } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { notify } from '../ui/notices';
import { changeAgenda } from './actions';
import {
  addItem, callBack, clearCallBack, clock, editItem, EMPTY_AGENDA, leftText, minutesOf, moveItem, nextItem, removeItem, safeAgenda, startItem, totalMinutes,
} from './agenda';
import { useNow } from './AgendaClock';
import { CommitField } from './ObjectiveRow';

/** A new item's id (getRandomValues works on plain http too, where randomUUID does not). */
function itemId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `A-${[...bytes].map((b) => (b % 36).toString(36)).join('')}`;
}

const hours = (minutes: number) => (minutes >= 60 ? `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}` : `${minutes} min`);

function MinutesField({ item, onCommit }: { item: AgendaItem; onCommit: (minutes: number) => void }) {
  return (
    <CommitField className="agenda-item__minutes" value={String(item.minutes)} label={`Minutes for “${item.title}”`}
      onCommit={(text) => {
        const n = minutesOf(text);
        if (n === null) notify({ tone: 'error', text: 'A timebox is a whole number of minutes from 1 to 1440.' });
        else onCommit(n);
      }} />
  );
}

function ItemRow({ model, agenda, item, index, running, now }: { model: RoomModel; agenda: Agenda; item: AgendaItem; index: number; running: boolean; now: number }) {
  const edit = model.session.role === 'facilitator';
  const save = (change: (current: Agenda) => Agenda) => changeAgenda(model, change);
  const left = running ? agendaNow(agenda, now)?.leftMs ?? null : null;
  return (
    <li className={`agenda-item${running ? ' agenda-item--running' : ''}`} data-agenda-item={item.id} data-running={running ? '' : undefined}>
      <span className="agenda-item__index" aria-hidden="true">{index + 1}</span>
      {edit ? <CommitField className="agenda-item__title" value={item.title} label={`Title of agenda item ${index + 1}`} onCommit={(title) => save((a) => editItem(a, item.id, { title: title.trim().slice(0, 120) }))} />
        : <span className="agenda-item__title">{item.title}</span>}
      {edit ? <span className="agenda-item__time"><MinutesField item={item} onCommit={(minutes) => save((a) => editItem(a, item.id, { minutes }))} /> min</span>
        : <span className="agenda-item__time">{hours(item.minutes)}</span>}
      {running && left !== null && <span className={`agenda-item__left${left < 0 ? ' agenda-item__left--over' : ''}`}>{leftText(left)}</span>}
      {edit && (
        <span className="agenda-item__actions">
          {running ? <button type="button" className="ghost-button" onClick={() => save((a) => startItem(a, null, Date.now()))} aria-label={`Stop “${item.title}”`}>Stop</button>
            : <button type="button" className="ghost-button" onClick={() => save((a) => startItem(a, item.id, Date.now()))} aria-label={`Start “${item.title}”`} data-agenda-start={item.id}>Start</button>}
          <button type="button" className="icon-button" disabled={index === 0} onClick={() => save((a) => moveItem(a, item.id, -1))} aria-label={`Move “${item.title}” up`}>↑</button>
          <button type="button" className="icon-button" disabled={index === agenda.items.length - 1} onClick={() => save((a) => moveItem(a, item.id, 1))} aria-label={`Move “${item.title}” down`}>↓</button>
          <button type="button" className="icon-button" onClick={() => save((a) => removeItem(a, item.id))} aria-label={`Remove “${item.title}” from the agenda`}>✕</button>
        </span>
      )}
    </li>
  );
}

function AddItem({ model, agenda }: { model: RoomModel; agenda: Agenda }) {
  const [title, setTitle] = useState('');
  const [minutes, setMinutes] = useState('30');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = minutesOf(minutes);
    if (title.trim() === '') return;
    if (n === null) {
      notify({ tone: 'error', text: 'A timebox is a whole number of minutes from 1 to 1440.' });
      return;
    }
    if (agenda.items.length >= 40) {
      notify({ tone: 'error', text: 'An agenda holds at most 40 items.' });
      return;
    }
    if (changeAgenda(model, (a) => addItem(a, { id: itemId(), title: title.trim().slice(0, 120), minutes: n }))) setTitle('');
  };
  return (
    <form className="agenda-add" onSubmit={submit} aria-label="Add an agenda item">
      <input value={title} onChange={(e) => setTitle(e.target.value)} aria-label="New agenda item" placeholder="New item, e.g. Lunch" maxLength={120} />
      <input value={minutes} onChange={(e) => setMinutes(e.target.value)} aria-label="Its minutes" inputMode="numeric" className="agenda-add__minutes" />
      <span>min</span>
      <button type="submit" className="ghost-button" disabled={title.trim() === ''}>Add item</button>
    </form>
  );
}

function CallBackControl({ model, agenda }: { model: RoomModel; agenda: Agenda }) {
  const [message, setMessage] = useState('');
  if (agenda.callBack) {
    return (
      <div className="agenda-callback agenda-callback--on">
        <p>Everyone is called back{agenda.callBack.message ? `: “${agenda.callBack.message}”` : ''} ({new Date(agenda.callBack.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}).</p>
        <button type="button" className="ghost-button" onClick={() => changeAgenda(model, clearCallBack)}>Clear the call back</button>
      </div>
    );
  }
  return (
    <form className="agenda-callback" onSubmit={(e) => { e.preventDefault(); if (changeAgenda(model, (a) => callBack(a, Date.now(), message))) setMessage(''); }} aria-label="Call everyone back">
      <input value={message} onChange={(e) => setMessage(e.target.value)} aria-label="Message with the call back (optional)" placeholder="Message (optional), e.g. Draft plan review starts" maxLength={200} />
      <button type="submit" className="primary-button" data-call-back-send="">Call everyone back</button>
    </form>
  );
}

/** The event's agenda: the facilitator lays it out, runs its items and calls everyone back; everyone sees it run. */
export function AgendaTab({ model, agenda }: { model: RoomModel; agenda: Agenda | null }) {
  const facilitator = model.session.role === 'facilitator';
  const now = useNow(!!agenda?.current);
  if (!agenda) {
    return (
      <div className="pi-agenda">
        {facilitator ? (
          <div className="empty pi-empty">
            <p><strong>No agenda yet.</strong> Start from SAFe's PI planning agenda (two days, ten items) and edit it to your event, or from an empty one.</p>
            <p className="pi-agenda__start">
              <button type="button" className="primary-button" onClick={() => changeAgenda(model, safeAgenda)} data-agenda-preset="">Start from SAFe's PI planning agenda</button>
              <button type="button" className="ghost-button" onClick={() => changeAgenda(model, () => EMPTY_AGENDA)}>Start an empty agenda</button>
            </p>
          </div>
        ) : <p className="empty pi-empty">The facilitator has not laid out the agenda yet.</p>}
      </div>
    );
  }
  const running = agendaNow(agenda, now);
  const next = nextItem(agenda);
  return (
    <div className="pi-agenda">
      <div className="pi-agenda__now">
        {running ? (
          <p>Now: <strong>{running.item.title}</strong> · started {new Date(agenda.current?.startedAt ?? now).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} ·{' '}
            <span className={running.leftMs < 0 ? 'agenda-item__left--over' : ''}>{leftText(running.leftMs)}</span> of {clock(running.item.minutes * 60_000)}</p>
        ) : <p>No item is running.</p>}
        {facilitator && next && <button type="button" className="primary-button" onClick={() => changeAgenda(model, (a) => startItem(a, next.id, Date.now()))}>Next: {next.title}</button>}
      </div>
      {facilitator && <CallBackControl model={model} agenda={agenda} />}
      {agenda.items.length === 0 ? <p className="hint">The agenda is empty.</p> : (
        <ol className="agenda-items" aria-label="Agenda">
          {agenda.items.map((item, i) => <ItemRow key={item.id} model={model} agenda={agenda} item={item} index={i} running={agenda.current?.itemId === item.id} now={now} />)}
        </ol>
      )}
      <p className="hint">{agenda.items.length} item{agenda.items.length === 1 ? '' : 's'} · {hours(totalMinutes(agenda))} in all.{facilitator ? ' Only you, the facilitator, change the agenda.' : ''}</p>
      {facilitator && <AddItem model={model} agenda={agenda} />}
    </div>
  );
}
