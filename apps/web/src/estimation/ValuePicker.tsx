import { useEffect, useRef, type KeyboardEvent } from 'react';
import { notify } from '../ui/notices';

const TYPE_WINDOW_MS = 700;

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
  const typed = useRef<{ text: string; timer: number }>({ text: '', timer: 0 });
  // The typing window ends after a render or two: it must pick with the props of then.
  const latest = useRef({ value, scale, onPick });
  latest.current = { value, scale, onPick };
  useEffect(() => () => window.clearTimeout(typed.current.timer), []);

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

  const commitTyped = () => {
    window.clearTimeout(typed.current.timer);
    const text = typed.current.text;
    typed.current.text = '';
    if (!text) return;
    const n = Number(text);
    const values = latest.current.scale;
    if (!values.includes(n)) {
      notify({ tone: 'error', text: `${n} is not on this room's scale (${values.join(', ')}). Pick one of those values.` });
      return;
    }
    pick(n);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (/^[0-9]$/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      e.stopPropagation();
      window.clearTimeout(typed.current.timer);
      typed.current.text += e.key;
      const text = typed.current.text;
      const longer = scale.some((s) => String(s).startsWith(text) && String(s) !== text);
      if (longer) typed.current.timer = window.setTimeout(commitTyped, TYPE_WINDOW_MS);
      else commitTyped();
      return;
    }
    // Any other key ends a number being typed: what was typed so far counts, before that key does.
    if (typed.current.text) commitTyped();
    // Arrows step from the value that has the focus: the chosen one, or in a row without a choice the first.
    const focused = inRow() ? Number((document.activeElement as HTMLElement).getAttribute(`data-${hook}-value`)) : Number.NaN;
    const index = scale.indexOf(scale.includes(focused) ? focused : value ?? Number.NaN);
    let next: number | undefined;
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') next = scale[Math.min(scale.length - 1, index + 1)];
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') next = index <= 0 ? scale[0] : scale[index - 1];
    else if (e.key === 'Home') next = scale[0];
    else if (e.key === 'End') next = scale[scale.length - 1];
    else return;
    e.preventDefault();
    e.stopPropagation();
    if (next !== undefined) pick(next);
  };

  const tabValue = value !== undefined && scale.includes(value) ? value : scale[0];
  return (
    <div ref={groupRef} className="estimation__group" role="radiogroup" aria-label={groupName} onKeyDown={onKeyDown}
      onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) commitTyped(); }}>
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
