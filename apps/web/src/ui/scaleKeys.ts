import { useEffect, useRef } from 'react';
import { notify } from './notices';

/** How long a typed number waits for its next digit (13: 1, then 3). */
const TYPE_WINDOW_MS = 700;

/** The scale value ← → ↑ ↓ Home End move to from position `index` (-1: none chosen); undefined for any other key. */
export function stepOnScale(key: string, scale: readonly number[], index: number): number | undefined {
  if (key === 'ArrowRight' || key === 'ArrowUp') return scale[Math.min(scale.length - 1, index + 1)];
  if (key === 'ArrowLeft' || key === 'ArrowDown') return index <= 0 ? scale[0] : scale[index - 1];
  if (key === 'Home') return scale[0];
  if (key === 'End') return scale[scale.length - 1];
  return undefined;
}

/**
 * Digits typed into a scale control: `type(digit, scale)` waits while a longer scale value could still follow, then
 * hands the number to `onValue` if it is on the scale and says so with a message if not; `flush()` ends it now (the
 * control lost the focus, another key came).
 */
export function useTypedValue(onValue: (value: number) => void): { type(digit: string, scale: readonly number[]): void; flush(): void } {
  const state = useRef({ text: '', timer: 0, scale: [] as readonly number[] });
  // The typing window ends after a render or two: it answers with the handler of then.
  const latest = useRef(onValue);
  latest.current = onValue;
  useEffect(() => () => window.clearTimeout(state.current.timer), []);
  const flush = () => {
    window.clearTimeout(state.current.timer);
    const { text, scale } = state.current;
    state.current.text = '';
    if (!text) return;
    const n = Number(text);
    if (!scale.includes(n)) {
      notify({ tone: 'error', text: `${n} is not on this room's scale (${scale.join(', ')}). Pick one of those values.` });
      return;
    }
    latest.current(n);
  };
  return {
    type(digit, scale) {
      window.clearTimeout(state.current.timer);
      state.current.text += digit;
      state.current.scale = scale;
      const text = state.current.text;
      if (scale.some((s) => String(s).startsWith(text) && String(s) !== text)) state.current.timer = window.setTimeout(flush, TYPE_WINDOW_MS);
      else flush();
    },
    flush,
  };
}
