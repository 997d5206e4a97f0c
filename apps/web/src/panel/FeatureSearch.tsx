import { useEffect, useRef } from 'react';
import { FEATURE_STATES, parseQuery, withState, type FeatureState } from './filter';

/**
 * A search box for features: words, `team:`, `theme:` and `is:` keys, with a button per state. With `shortcut`, "/"
 * anywhere outside a text field puts the keyboard in it (Escape clears it, then leaves it).
 */
export function FeatureSearch({ value, onChange, label, shown, total, shortcut = false, states = true }: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  shown: number;
  total: number;
  shortcut?: boolean;
  states?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!shortcut) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      e.preventDefault();
      input.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [shortcut]);
  const active = parseQuery(value).states;
  return (
    <div className="feature-search" role="search">
      <input
        ref={input}
        type="search"
        value={value}
        aria-label={label}
        placeholder={shortcut ? 'Find a feature  ( / )' : 'Find a feature'}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          if (value !== '') { e.preventDefault(); e.stopPropagation(); onChange(''); } else input.current?.blur();
        }}
      />
      {states && (
        <select aria-label="Show only features that are" value={active.length === 1 ? active[0] : ''} data-filter-state=""
          onChange={(e) => onChange(withState(value, (e.target.value || null) as FeatureState | null))}>
          <option value="">All</option>
          {FEATURE_STATES.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
        </select>
      )}
      {value.trim() !== '' && <span className="feature-search__count" role="status" aria-label={`${shown} of ${total} shown`} title={`${shown} of ${total} shown`} data-search-count={shown}>{shown}/{total}</span>}
    </div>
  );
}
