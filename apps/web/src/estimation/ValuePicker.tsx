import type { KeyboardEvent } from 'react';

/** Arrow keys move between the value buttons of one group, as in a toolbar; Enter or Space picks the focused one. */
function arrowKeys(e: KeyboardEvent<HTMLDivElement>): void {
  if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
  const buttons = [...e.currentTarget.querySelectorAll('button')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'ArrowRight' ? 1 : -1)));
  buttons[next]?.focus();
  e.preventDefault();
}

/**
 * One row of scale values to pick from, named `<prefix>: <label>` as a group and `<label> <value>` per button.
 * `data-*` hooks name what the row is for (`data-vote-key`, or `data-accept-key` for the facilitator's values).
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
  return (
    <div className="estimation__group" role="group" aria-label={groupName} onKeyDown={arrowKeys}>
      <span className="estimation__key" title={label}>{label}</span>
      <span className="estimation__values">
        {scale.map((v) => (
          <button key={v} type="button" className="estimation__value" {...{ [`data-${hook}-key`]: keyId, [`data-${hook}-value`]: v }}
            aria-pressed={value === v} aria-label={`${label} ${v}`} onClick={() => onPick(v)}>
            {v}
          </button>
        ))}
      </span>
    </div>
  );
}
