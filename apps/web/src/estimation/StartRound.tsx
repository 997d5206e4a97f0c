import { useState } from 'react';
import type { RankingRow, RoundKind } from '@ladder/board-doc';
import { COMPONENTS, type Component } from '@ladder/wsjf';
import { COMPONENT_LABEL } from '../room/labels';
import { FeatureSearch } from '../panel/FeatureSearch';
import { filterRows, pickerOptions } from '../panel/filter';
import type { OpenRound } from './api';
import { featureName, MAX_TIMER_SECONDS, START_DEFAULTS, startFormOf } from './state';

/**
 * The facilitator's form to start a round: one feature (some or all components), or a column round — one component
 * across a set of features, estimated relative to the smallest — with the round's options.
 */
export function StartRound({ ranking, smallest, onStart }: { ranking: readonly RankingRow[]; smallest: number; onStart: (body: OpenRound) => void }) {
  const [kind, setKind] = useState<RoundKind>(START_DEFAULTS.kind);
  const [featureId, setFeatureId] = useState(START_DEFAULTS.featureId);
  const [components, setComponents] = useState<Component[]>([...START_DEFAULTS.components]);
  const [column, setColumn] = useState<Component>(START_DEFAULTS.column);
  const [picked, setPicked] = useState<readonly string[] | null>(START_DEFAULTS.picked);
  const [autoReveal, setAutoReveal] = useState(START_DEFAULTS.autoReveal);
  const [seconds, setSeconds] = useState(START_DEFAULTS.seconds);
  const [search, setSearch] = useState('');

  const { selected, chosen, unscored, timerValid, ready, request } =
    startFormOf(ranking, { kind, featureId, components, column, picked, autoReveal, seconds });

  // The pickers show what the search keeps (the feature chosen stays listed, so the select never shows another one).
  const found = filterRows(ranking, search);
  const options = pickerOptions(ranking, search, selected);
  const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list, item] : list.filter((x) => x !== item));
  const submit = () => {
    if (request) onStart(request);
  };

  return (
    <form className="estimation__start" aria-label="Start a round" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <div className="estimation__kinds" role="radiogroup" aria-label="Kind of round">
        {([['feature', 'One feature'], ['column', 'Column (relative)']] as const).map(([value, label]) => (
          <label key={value} className={`estimation__kind${kind === value ? ' estimation__kind--on' : ''}`}>
            <input type="radio" name="round-kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
            {label}
          </label>
        ))}
      </div>

      {kind === 'feature' ? (
        <>
          <FeatureSearch value={search} onChange={(text) => {
            setSearch(text);
            // The first feature found becomes the one to estimate: two keystrokes find it, Enter starts the round.
            const first = filterRows(ranking, text)[0];
            if (text.trim() !== '' && first) setFeatureId(first.id);
          }} label="Search features for this round" shown={found.length} total={ranking.length} states={false} />
          <label className="estimation__field">
            Feature to estimate
            <select value={selected} onChange={(e) => setFeatureId(e.target.value)}>
              {options.map((f) => <option key={f.id} value={f.id}>{featureName(f)}</option>)}
            </select>
          </label>
          <fieldset className="estimation__checks estimation__checks--inline">
            <legend>Components</legend>
            {COMPONENTS.map((c) => (
              <label key={c}>
                <input type="checkbox" checked={components.includes(c)} onChange={(e) => setComponents(toggle(components, c, e.target.checked))} />
                {COMPONENT_LABEL[c]}
              </label>
            ))}
          </fieldset>
        </>
      ) : (
        <>
          <label className="estimation__field">
            Component
            <select value={column} onChange={(e) => { setColumn(e.target.value as Component); setPicked(null); }}>
              {COMPONENTS.map((c) => <option key={c} value={c}>{COMPONENT_LABEL[c]}</option>)}
            </select>
          </label>
          <FeatureSearch value={search} onChange={setSearch} label="Search features for the column round" shown={found.length} total={ranking.length} />
          <fieldset className="estimation__checks" aria-describedby="column-help">
            <legend>
              Features <span className="estimation__muted">{chosen.length} of {ranking.length}</span>
              <span className="estimation__quick">
                {search.trim() !== '' && (
                  <button type="button" onClick={() => setPicked([...new Set([...chosen, ...found.map((f) => f.id)])])}>Add the {found.length} shown</button>
                )}
                <button type="button" onClick={() => setPicked(ranking.map((f) => f.id))}>All</button>
                <button type="button" onClick={() => setPicked(unscored)} disabled={unscored.length === 0}>Unscored ({unscored.length})</button>
                <button type="button" onClick={() => setPicked([])}>None</button>
              </span>
            </legend>
            <div className="estimation__feature-list">
              {found.map((f) => (
                <label key={f.id} data-column-feature={f.id}>
                  <input type="checkbox" checked={chosen.includes(f.id)} onChange={(e) => setPicked(toggle(chosen, f.id, e.target.checked))} />
                  <span className="estimation__feature-title">{f.title}</span>
                  <span className="estimation__muted">{f[column] ?? '–'}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <p className="hint" id="column-help">Everyone gives the smallest feature {smallest} and sizes the others relative to it.</p>
        </>
      )}

      <div className="estimation__options">
        <label>
          <input type="checkbox" checked={autoReveal} onChange={(e) => setAutoReveal(e.target.checked)} />
          Reveal when everyone has voted
        </label>
        <label>
          Countdown
          <input type="number" inputMode="numeric" min={1} max={MAX_TIMER_SECONDS} step={1} placeholder="off" value={seconds}
            aria-label="Countdown in seconds" aria-invalid={!timerValid} onChange={(e) => setSeconds(e.target.value)} />
          <span className="estimation__muted">s</span>
        </label>
      </div>
      {kind === 'column' && chosen.length < 2 && <p className="hint">Pick at least two features.</p>}
      {!timerValid && <p className="hint">The countdown is a whole number of seconds, 1 to 86400.</p>}
      <button type="submit" className="primary-button" disabled={!ready}>Start round</button>
    </form>
  );
}
