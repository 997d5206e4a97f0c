import { useRef, type KeyboardEvent } from 'react';
import type { Component } from '@ladder/wsjf';
import { COMPONENT_LABEL, COMPONENT_SHORT } from '../room/labels';
import { stepOnScale, useTypedValue } from './scaleKeys';

interface Props {
  featureId: string;
  featureTitle: string;
  component: Component;
  value: number | null;
  scale: readonly number[];
  readOnly: boolean;
  /** Returns false when the value was refused. */
  onChange: (value: number | null) => boolean;
  compact?: boolean;
  /** A blind round is on for this estimate: its value is hidden and cannot be changed here. */
  inRound?: boolean;
}

/**
 * One estimate as a radio group of the room's scale. Tab reaches it; arrow keys step along the scale,
 * digits type a value (off-scale values are refused with a message), Delete clears it. The full control also
 * offers a × to clear; the compact one (on a card) does not, so its row never grows: Delete clears it there.
 */
export function EstimateControl(props: Props) {
  return props.inRound ? <HiddenEstimate {...props} /> : <ScaleEstimate {...props} />;
}

/** An estimate under a live blind round: no value shown, nothing to change, and why. */
function HiddenEstimate({ featureId, featureTitle, component, compact }: Props) {
  return (
    <div
      role="group"
      aria-label={`${COMPONENT_LABEL[component]} of ${featureTitle}: hidden while a blind round is on`}
      className={`estimate estimate--in-round${compact ? ' estimate--compact' : ''}`}
      data-estimate={component}
      data-feature-id={featureId}
      data-in-round=""
      title="A blind round is on: the value shows after the accept."
    >
      <span className="estimate__label" aria-hidden="true">{COMPONENT_SHORT[component]}</span>
      <span className="estimate__hidden">in a round</span>
    </div>
  );
}

function ScaleEstimate({ featureId, featureTitle, component, value, scale, readOnly, onChange, compact }: Props) {
  const groupRef = useRef<HTMLDivElement>(null);
  const label = `${COMPONENT_LABEL[component]} of ${featureTitle}`;

  /**
   * Keeps the keyboard on the value just set. The control may be drawn anew by then (a row that becomes scored
   * moves from Unscored to the ranking): the same estimate of the same feature in the same place takes the focus.
   */
  const focusValue = (v: number | null) => {
    const place = groupRef.current?.parentElement?.closest('[data-estimate-home]')?.getAttribute('data-estimate-home') ?? null;
    const selector = `[data-estimate="${component}"][data-feature-id="${CSS.escape(featureId)}"] [data-value="${v ?? scale[0]}"]`;
    let frames = 0;
    const attempt = () => {
      // The keyboard has moved on (Tab to the next estimate): leave it there.
      const current = document.activeElement;
      if (current && current !== document.body && !(groupRef.current?.isConnected && groupRef.current.contains(current))) return;
      const own = groupRef.current?.isConnected ? groupRef.current.querySelector<HTMLButtonElement>(`[data-value="${v ?? scale[0]}"]`) : null;
      const el = own ?? (place ? document.querySelector<HTMLButtonElement>(`[data-estimate-home="${place}"] ${selector}`) : null);
      if (el) keepInView(el);
      else if (++frames < 10) requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
  };

  /**
   * Focuses the value and scrolls its list so it stays in view: a row that moved (Unscored into the ranking) would
   * otherwise leave the view while keeping the focus. Again when the row's move animation ends, where it really is.
   */
  const keepInView = (el: HTMLElement) => {
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'nearest' });
    const row = el.closest<HTMLElement>('[data-ranking-row]');
    for (const animation of row?.getAnimations() ?? []) {
      animation.finished.then(() => { if (document.activeElement === el) el.scrollIntoView({ block: 'nearest' }); }, () => {});
    }
  };

  const typed = useTypedValue((n) => { if (onChange(n)) focusValue(n); });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    if (readOnly) return;
    const index = value === null ? -1 : scale.indexOf(value);
    const step = stepOnScale(e.key, scale, index);
    const next = step !== undefined ? step : e.key === 'Delete' || e.key === 'Backspace' ? null : undefined;
    if (next === undefined) {
      if (/^[0-9]$/.test(e.key)) {
        e.preventDefault();
        typed.type(e.key, scale);
      }
      return;
    }
    e.preventDefault();
    if (next === value) return;
    if (onChange(next)) focusValue(next);
  };

  const tabValue = value !== null && scale.includes(value) ? value : scale[0];
  return (
    <div
      ref={groupRef}
      role="radiogroup"
      aria-label={label}
      aria-readonly={readOnly || undefined}
      className={`estimate${compact ? ' estimate--compact' : ''}${readOnly ? ' estimate--readonly' : ''}`}
      data-estimate={component}
      data-feature-id={featureId}
      onKeyDown={onKeyDown}
      onPointerDown={(e) => e.stopPropagation()}
    >
      <span className="estimate__label" title={COMPONENT_LABEL[component]} aria-hidden="true">{COMPONENT_SHORT[component]}</span>
      <span className="estimate__values">
        {scale.map((s) => (
          <button
            key={s}
            type="button"
            role="radio"
            aria-checked={value === s}
            aria-label={`${COMPONENT_LABEL[component]} ${s}`}
            data-value={s}
            className="estimate__value"
            tabIndex={s === tabValue ? 0 : -1}
            disabled={readOnly}
            onClick={(e) => {
              e.stopPropagation();
              // Clicking the current value again (a double-click) keeps it; clearing is the button or Delete.
              if (!readOnly && value !== s) onChange(s);
            }}
          >
            {s}
          </button>
        ))}
      </span>
      {!readOnly && !compact && value !== null && (
        <button
          type="button"
          className="estimate__clear"
          aria-label={`Clear ${COMPONENT_LABEL[component]}`}
          title={`Clear ${COMPONENT_LABEL[component]}`}
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            if (onChange(null)) focusValue(null);
          }}
        >
          ×
        </button>
      )}
    </div>
  );
}
