import { useEffect, useMemo, useState } from 'react';
import type { Objective, RankingRow } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { dropObjective, editObjective, setValue } from './actions';

const VALUES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** A text field that writes on Enter or when it loses the focus (not on each key), and follows the document otherwise. */
export function CommitField({ value, label, onCommit, className = '', placeholder }: { value: string; label: string; onCommit: (text: string) => void; className?: string; placeholder?: string }) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  useEffect(() => { if (!editing) setDraft(value); }, [value, editing]);
  const commit = () => {
    setEditing(false);
    if (draft.trim() !== '' && draft !== value) onCommit(draft);
    else setDraft(value);
  };
  return (
    <input className={className} value={draft} aria-label={label} placeholder={placeholder}
      onFocus={() => setEditing(true)} onChange={(e) => setDraft(e.target.value)} onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') { e.preventDefault(); (e.target as HTMLInputElement).blur(); }
        if (e.key === 'Escape') { setDraft(value); setEditing(false); }
      }} />
  );
}

/** A business value: a choice 1–10 for the Business Owners, the number for everyone else. */
function BusinessValue({ label, hook, value, editable, onChange }: { label: string; hook: 'planned' | 'actual'; value: number | null; editable: boolean; onChange: (v: number | null) => void }) {
  const data = { [`data-${hook}-value`]: value ?? '' };
  return (
    <span className="objective__value" {...data}>
      <span className="objective__value-label" aria-hidden="true">{hook === 'planned' ? 'Planned' : 'Actual'}</span>
      {editable ? (
        <select aria-label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}>
          <option value="">–</option>
          {VALUES.map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
      ) : (
        <strong><span className="visually-hidden">{label}: </span>{value ?? '–'}</strong>
      )}
    </span>
  );
}

/** The features an objective relies on: a list of checkboxes (the team's own features first) behind a disclosure. */
function FeaturePicker({ objective, ranking, editable, onChange }: { objective: Objective; ranking: readonly RankingRow[]; editable: boolean; onChange: (ids: string[]) => void }) {
  const [query, setQuery] = useState('');
  const byId = useMemo(() => new Map(ranking.map((r) => [r.id, r])), [ranking]);
  const chosen = objective.featureIds;
  const names = chosen.map((id) => byId.get(id)?.title ?? id);
  const summary = names.length === 0 ? 'No features' : names.join(', ');
  if (!editable) return <span className="objective__features" data-objective-features={chosen.join(' ')}>{names.length === 0 ? '' : `Relies on ${summary}`}</span>;
  const q = query.trim().toLowerCase();
  const listed = [...ranking]
    .sort((a, b) => Number(b.team === objective.team) - Number(a.team === objective.team) || (a.rank ?? Infinity) - (b.rank ?? Infinity))
    .filter((r) => q === '' || `${r.id} ${r.title}`.toLowerCase().includes(q));
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id] : chosen.filter((x) => x !== id));
  return (
    <details className="objective__features objective__features--picker" data-objective-features={chosen.join(' ')}>
      <summary aria-label={`Features this objective relies on: ${summary}`}><span className="objective__features-text">{names.length === 0 ? 'Features…' : summary}</span></summary>
      <div className="feature-picker">
        <input type="search" aria-label="Find a feature" placeholder="Find a feature" value={query} onChange={(e) => setQuery(e.target.value)} />
        {listed.length === 0 ? <p className="hint">No feature matches.</p> : (
          <ul>
            {listed.slice(0, 200).map((r) => (
              <li key={r.id}>
                <label>
                  <input type="checkbox" checked={chosen.includes(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
                  <span className="feature-picker__id">{r.id}</span> {r.title}{r.team && r.team !== objective.team ? <span className="feature-picker__team"> · {r.team}</span> : null}
                </label>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}

/**
 * One objective: its text, committed or not, the features it relies on, and its planned and actual business value.
 * An earlier PI's objective is as it was planned, only its actual value still set (by the Business Owners, at the
 * Inspect & Adapt); without a model (the replay) nothing is editable.
 */
export function ObjectiveRow({ model, objective, ranking, valuesEditable, earlier = false }: {
  model: RoomModel | null; objective: Objective; ranking: readonly RankingRow[]; valuesEditable: boolean; earlier?: boolean;
}) {
  const o = objective;
  const write = model !== null && model.canWrite && !earlier;
  const values = model !== null && valuesEditable;
  const save = (patch: Partial<Pick<Objective, 'text' | 'committed' | 'featureIds'>>) => { if (model) editObjective(model, o.id, patch); };
  const short = o.text.length > 40 ? `${o.text.slice(0, 39)}…` : o.text;
  return (
    <li className={`objective${o.committed ? '' : ' objective--uncommitted'}${write ? '' : ' objective--fixed'}`} data-objective={o.id} data-committed={o.committed}>
      <div className="objective__main">
        {write ? <CommitField className="objective__text" value={o.text} label={`Objective of ${o.team || 'no team'}`} onCommit={(text) => save({ text })} />
          : <span className="objective__text">{o.text}</span>}
        <FeaturePicker objective={o} ranking={ranking} editable={write} onChange={(featureIds) => save({ featureIds })} />
      </div>
      {write ? (
        <label className="objective__committed">
          <input type="checkbox" checked={o.committed} onChange={(e) => save({ committed: e.target.checked })} aria-label={`Committed: ${short}`} />
          <span aria-hidden="true">Committed</span>
        </label>
      ) : <span className={`objective__badge${o.committed ? ' objective__badge--committed' : ''}`}>{o.committed ? 'Committed' : 'Uncommitted'}</span>}
      <BusinessValue hook="planned" label={`Planned business value of “${short}”`} value={o.plannedValue} editable={values && !earlier} onChange={(v) => { if (model) setValue(model, o.id, 'plannedValue', v); }} />
      <BusinessValue hook="actual" label={`Actual business value of “${short}”`} value={o.actualValue} editable={values} onChange={(v) => { if (model) setValue(model, o.id, 'actualValue', v); }} />
      {write && model && <button type="button" className="icon-button objective__remove" aria-label={`Remove the objective “${short}”`} onClick={() => dropObjective(model, o.id)}>✕</button>}
    </li>
  );
}
