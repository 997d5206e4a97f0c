import { useEffect, useRef, type KeyboardEvent } from 'react';
import { stepOnScale, useTypedValue } from '../ui/scaleKeys';

/**
 * One row of scale values to pick from: a radio group named `<prefix>: <label>`, each value named `<label> <value>`.
 * The row is one Tab stop (roving tabindex: the chosen value, else the first), so Tab goes on to the next row and
 * never picks anything. In the row ← → ↑ ↓ Home End step along the scale from the focused value and digits type a
 * value (13: 1 then 3), each choosing it, as the estimate controls do; Enter or Space picks the focused value (in a
 * row with a choice that is the chosen one, so it changes nothing). `data-*` hooks name what the row is for (`data-vote-key`, or `data-accept-key` for the
 * facilitator's values).
 */
export function ValuePicker({ groupName, label, scale, value, hook, keyId, onPick }: {
  groupName: string;
  label: string;
  scale: readonly number[];
  value: number | undefined;
  hook: 'vote' | 'accept';
  keyId: string;
  onPick: (value: number) => void;
}) {
  const groupRef = useRef<HTMLDivElement>(null);
  // A typed value is picked after a render or two: it must pick with the props of then.
  const latest = useRef({ value, onPick });
  latest.current = { value, onPick };

  const button = (v: number) => groupRef.current?.querySelector<HTMLButtonElement>(`[data-${hook}-value="${v}"]`) ?? null;
  const inRow = () => !!groupRef.current && groupRef.current.contains(document.activeElement);

  // The keyboard stays on the chosen value, also when it changes from elsewhere (a refused vote goes back to the
  // stored one); a keyboard that has moved on to another row is left there.
  useEffect(() => {
    if (value !== undefined && inRow()) button(value)?.focus();
  }, [value]);

  const pick = (v: number) => {
    const { value: current, onPick: choose } = latest.current;
    if (v === current) return;
    if (inRow()) button(v)?.focus();
    choose(v);
  };

  const typed = useTypedValue((n) => pick(n));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (/^[0-9]$/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      e.stopPropagation();
      typed.type(e.key, scale);
      return;
    }
    // Any other key ends a number being typed: what was typed so far counts, before that key does.
    typed.flush();
    // Arrows step from the value that has the focus: the chosen one, or in a row without a choice the first.
    const focused = inRow() ? Number((document.activeElement as HTMLElement).getAttribute(`data-${hook}-value`)) : Number.NaN;
    const index = scale.indexOf(scale.includes(focused) ? focused : value ?? Number.NaN);
    const next = stepOnScale(e.key, scale, index);
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    pick(next);
  };

  const tabValue = value !== undefined && scale.includes(value) ? value : scale[0];
  return (
    <div ref={groupRef} className="estimation__group" role="radiogroup" aria-label={groupName} onKeyDown={onKeyDown}
      onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) typed.flush(); }}>
      <span className="estimation__key" title={label} aria-hidden="true">{label}</span>
      <span className="estimation__values">
        {scale.map((v) => (
          <button key={v} type="button" role="radio" className="estimation__value" {...{ [`data-${hook}-key`]: keyId, [`data-${hook}-value`]: v }}
            aria-checked={value === v} aria-label={`${label} ${v}`} tabIndex={v === tabValue ? 0 : -1} onClick={() => pick(v)}>
            {v}
          </button>
        ))}
      </span>
    </div>
  );
}
