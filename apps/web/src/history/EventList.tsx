import { useMemo, useState } from 'react';
import { fieldLabel } from './labels';
import type { HistoryEvent } from './api';
import { clock, valueText } from './format';

const SHOWN = 300;

/**
 * Every change, newest first: who, when, which feature, which field, from → to, and the estimation round it came from;
 * decision notes among them, at the change they explain.
 */
export function EventList({ events, titles, onPick }: {
  events: readonly HistoryEvent[];
  titles: ReadonlyMap<string, string>;
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
        {shown.slice(0, SHOWN).map((e, i) => (
          <li key={`${e.seq}-${i}`} data-history-event="" data-seq={e.seq} data-feature-id={e.featureId}>
            <button type="button" className="history-event" aria-label={`Show the board after this change (update ${e.seq})`} onClick={() => onPick(e.seq)}>
              <time>{clock(e.at)}</time>
              {e.kind === 'note' ? (
                <span className="history-event__note" data-history-note="">
                  <strong>{e.name || 'Someone'}</strong> noted <q>{valueText(e.to)}</q>
                  {e.featureId ? <> on <span className="history-event__feature">{e.featureId} {titles.get(e.featureId) ?? ''}</span></> : ' on the ranking'}
                </span>
              ) : (
                <span>
                  <strong>{e.name || 'Someone'}</strong>{' '}
                  {e.kind === 'created' ? 'created' : e.kind === 'deleted' ? 'deleted' : `changed ${fieldLabel(e.field)} of`}{' '}
                  <span className="history-event__feature">{e.featureId} {titles.get(e.featureId) ?? ''}</span>
                  {e.kind === 'changed' && <span className="history-event__values"> {valueText(e.from)} → {valueText(e.to)}</span>}
                  {e.roundId && <span className="chip">round {e.roundId}</span>}
                </span>
              )}
            </button>
          </li>
        ))}
        {shown.length > SHOWN && <li className="hint">{shown.length - SHOWN} older changes: filter, or export the history.</li>}
      </ol>
    </section>
  );
}
