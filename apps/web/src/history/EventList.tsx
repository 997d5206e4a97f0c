import { useMemo, useState } from 'react';
import { safetyEventText } from '../safety/events';
import type { Round } from '@ladder/board-doc';
import { fieldLabel, fieldValueText, plannedText, roundLabel } from './labels';
import type { HistoryEvent } from './api';
import { clock, valueText } from './format';

const SHOWN = 300;

/**
 * Every change, newest first: who, when, which feature, which field, from → to, and the estimation round it came from;
 * decision notes among them, at the change they explain.
 */
export function EventList({ events, titles, rounds, onPick }: {
  events: readonly HistoryEvent[];
  titles: ReadonlyMap<string, string>;
  /** The room's rounds, to name the round a change came from. */
  rounds: readonly Round[];
  onPick: (seq: number) => void;
}) {
  const [feature, setFeature] = useState('');
  const [person, setPerson] = useState('');
  const features = useMemo(() => [...new Set(events.map((e) => e.featureId).filter(Boolean))].sort(), [events]);
  const people = useMemo(() => [...new Map(events.filter((e) => e.participantId).map((e) => [e.participantId as string, e.name])).entries()], [events]);
  const shown = useMemo(() => events.filter((e) => (!feature || e.featureId === feature) && (!person || e.participantId === person)).reverse(), [events, feature, person]);
  return (
    <section className="history-events" aria-label="Changes">
      <div className="history-events__filters">
        <label>
          Feature
          <select aria-label="Filter by feature" value={feature} onChange={(e) => setFeature(e.currentTarget.value)}>
            <option value="">All features</option>
            {features.map((id) => <option key={id} value={id}>{id} {titles.get(id) ?? ''}</option>)}
          </select>
        </label>
        <label>
          Person
          <select aria-label="Filter by participant" value={person} onChange={(e) => setPerson(e.currentTarget.value)}>
            <option value="">Everyone</option>
            {people.map(([id, name]) => <option key={id} value={id}>{name}</option>)}
          </select>
        </label>
      </div>
      <ol className="history-events__list">
        {shown.length === 0 && <li className="empty">No changes match.</li>}
        {shown.slice(0, SHOWN).map((e, i) => {
          const safety = safetyEventText(e);
          return (
            <li key={`${e.seq}-${i}`} data-history-event="" data-seq={e.seq} data-feature-id={e.featureId} data-kind={e.kind}>
              <button type="button" className="history-event" aria-label={`Show the board after this change (update ${e.seq})`} onClick={() => onPick(e.seq)}>
                <time>{clock(e.at)}</time>
                {safety ? (
                  <span className="history-event__safety">
                    <strong>{e.name || 'Someone'}</strong> {safety.text}
                    {safety.note && <> — <q>{safety.note}</q></>}
                  </span>
                ) : e.kind === 'planned' ? (
                  <span className="history-event__plan" data-history-planned="">
                    <strong>{e.name || 'Someone'}</strong> {plannedText(e.field, e.from, e.to)}
                  </span>
                ) : e.kind === 'note' ? (
                  <span className="history-event__note" data-history-note="">
                    <strong>{e.name || 'Someone'}</strong> noted <q>{valueText(e.to)}</q>
                    {e.featureId ? <> on <span className="history-event__feature">{e.featureId} {titles.get(e.featureId) ?? ''}</span></> : ' on the ranking'}
                  </span>
                ) : (
                  <span>
                    <strong>{e.name || 'Someone'}</strong>{' '}
                    {e.kind === 'created' ? 'created' : e.kind === 'deleted' ? 'deleted' : `changed ${fieldLabel(e.field)} of`}{' '}
                    <span className="history-event__feature">{e.featureId} {titles.get(e.featureId) ?? ''}</span>
                    {e.kind === 'changed' && <span className="history-event__values"> {fieldValueText(e.field, e.from)} → {fieldValueText(e.field, e.to)}</span>}
                    {e.roundId && <span className="chip" data-round-id={e.roundId}>{roundLabel(e.roundId, rounds, titles)}</span>}
                  </span>
                )}
              </button>
            </li>
          );
        })}
        {shown.length > SHOWN && <li className="hint">{shown.length - SHOWN} older changes: filter, or export the history.</li>}
      </ol>
    </section>
  );
}
