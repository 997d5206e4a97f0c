import { useState } from 'react';
import type { RankingRow } from '@ladder/board-doc';
import { COMPONENTS, type Component } from '@ladder/wsjf';
import { COMPONENT_LABEL } from '../room/labels';
import type { OpenRound } from './api';

type Kind = 'feature' | 'column';

/** The features a column round on `component` starts with: those not estimated on it yet, or all when under two are. */
export function defaultColumnPick(ranking: readonly RankingRow[], component: Component): string[] {
  const unscored = ranking.filter((f) => f[component] === null || f[component] === undefined).map((f) => f.id);
  return unscored.length >= 2 ? unscored : ranking.map((f) => f.id);
}

/** The feature a one-feature round starts on: the first unscored one (they rank last, oldest first), else rank #1. */
export function defaultFeaturePick(ranking: readonly RankingRow[]): string {
  return (ranking.find((f) => f.rank === null) ?? ranking[0])?.id ?? '';
}

/** A feature as the picker and the round header name it: its id with its title, so two equal titles differ. */
export function featureName(f: Pick<RankingRow, 'id' | 'title'>): string {
  return `${f.id} · ${f.title}`;
}

/**
 * The facilitator's form to start a round: one feature (some or all components), or a column round — one component
 * across a set of features, estimated relative to the smallest — with the round's options.
 */
export function StartRound({ ranking, smallest, onStart }: { ranking: readonly RankingRow[]; smallest: number; onStart: (body: OpenRound) => void }) {
  const [kind, setKind] = useState<Kind>('feature');
  const [featureId, setFeatureId] = useState('');
  const [components, setComponents] = useState<Component[]>([...COMPONENTS]);
  const [column, setColumn] = useState<Component>('userBusinessValue');
  const [picked, setPicked] = useState<string[] | null>(null);
  const [autoReveal, setAutoReveal] = useState(false);
  const [seconds, setSeconds] = useState('');

  const selected = (featureId && ranking.some((f) => f.id === featureId) ? featureId : '') || defaultFeaturePick(ranking);
  const chosen = (picked ?? defaultColumnPick(ranking, column)).filter((id) => ranking.some((f) => f.id === id));
  const unscored = ranking.filter((f) => f[column] === null || f[column] === undefined).map((f) => f.id);
  const timer = Number(seconds);
  const timerValid = seconds.trim() === '' || (Number.isInteger(timer) && timer >= 1 && timer <= 86_400);
  const ready = timerValid && (kind === 'feature' ? selected !== '' && components.length > 0 : chosen.length >= 2);

  const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list, item] : list.filter((x) => x !== item));
  const submit = () => {
    if (!ready) return;
    const options = { ...(autoReveal ? { autoReveal: true } : {}), ...(seconds.trim() !== '' ? { timerSeconds: timer } : {}) };
    if (kind === 'feature') {
      // Keep the scale's order of components whatever order they were ticked in.
      const ordered = COMPONENTS.filter((c) => components.includes(c));
      onStart({ featureId: selected, ...(ordered.length < COMPONENTS.length ? { components: ordered } : {}), ...options });
    } else {
      onStart({ featureIds: ranking.map((f) => f.id).filter((id) => chosen.includes(id)), component: column, ...options });
    }
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
          <label className="estimation__field">
            Feature to estimate
            <select value={selected} onChange={(e) => setFeatureId(e.target.value)}>
              {ranking.map((f) => <option key={f.id} value={f.id}>{featureName(f)}</option>)}
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
          <fieldset className="estimation__checks" aria-describedby="column-help">
            <legend>
              Features <span className="estimation__muted">{chosen.length} of {ranking.length}</span>
              <span className="estimation__quick">
                <button type="button" onClick={() => setPicked(ranking.map((f) => f.id))}>All</button>
                <button type="button" onClick={() => setPicked(unscored)} disabled={unscored.length === 0}>Unscored ({unscored.length})</button>
                <button type="button" onClick={() => setPicked([])}>None</button>
              </span>
            </legend>
            <div className="estimation__feature-list">
              {ranking.map((f) => (
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
          <input type="number" inputMode="numeric" min={1} max={86_400} step={1} placeholder="off" value={seconds}
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
