import { useEffect, useRef, type ReactNode } from 'react';
import { useEscape } from './useEscape';
import { useReturnFocus } from './useReturnFocus';

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex], [contenteditable="true"]';

/**
 * The controls of `root` that Tab visits, in document order: enabled, shown, not taken out of the order
 * (tabindex -1), and of a group of radios only the one Tab stops at (the checked one, else the first).
 */
export function tabStops(root: HTMLElement): HTMLElement[] {
  const all = Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => {
    if (el.tabIndex < 0 || el.hidden || (el as HTMLButtonElement).disabled) return false;
    if (el instanceof HTMLInputElement && el.type === 'hidden') return false;
    return el.getClientRects().length > 0;
  });
  return all.filter((el) => {
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name) return true;
    const group = all.filter((o): o is HTMLInputElement => o instanceof HTMLInputElement && o.type === 'radio' && o.name === el.name);
    return el === (group.find((o) => o.checked) ?? group[0]);
  });
}

/**
 * Keeps Tab and Shift+Tab inside `root`: from its last control Tab goes to its first, from its first Shift+Tab to its
 * last, and from outside it (the focus left on the page behind) either goes in. Returns whether it moved the focus.
 */
export function keepTabInside(e: { key: string; shiftKey: boolean; preventDefault(): void }, root: HTMLElement): boolean {
  if (e.key !== 'Tab') return false;
  const stops = tabStops(root);
  const first = stops[0];
  const last = stops.at(-1);
  if (!first || !last) {
    e.preventDefault();
    return true;
  }
  const active = document.activeElement;
  const inside = active instanceof Node && root.contains(active);
  let next: HTMLElement | null = null;
  if (!inside) next = e.shiftKey ? last : first;
  else if (e.shiftKey && active === first) next = last;
  else if (!e.shiftKey && active === last) next = first;
  if (!next) return false;
  e.preventDefault();
  next.focus();
  return true;
}

/** The dialog's first form field, else its first control (a control already focused by `autoFocus` keeps the focus). */
function focusFirst(root: HTMLElement): void {
  if (document.activeElement instanceof Node && root.contains(document.activeElement)) return;
  const stops = tabStops(root);
  const field = stops.find((el) => el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement);
  (field ?? stops[0])?.focus();
}

/** The open dialogs, innermost last: only that one keeps the keyboard. */
const openDialogs: HTMLElement[] = [];

/**
 * A modal dialog over the board: a click on the backdrop or Escape (wherever the focus is) closes it, and the control
 * that opened it gets the focus back. On opening, the focus goes to its first field or control; Tab and Shift+Tab stay
 * inside it. `hook` names a `data-*` attribute of the dialog for tests and scripts.
 */
export function Modal({ labelledBy, describedBy, onClose, className = '', role = 'dialog', hook, children }: {
  /** The id of the dialog's heading. */
  labelledBy: string;
  describedBy?: string;
  onClose: () => void;
  className?: string;
  /** `alertdialog` for a question that interrupts (a change held for confirmation). */
  role?: 'dialog' | 'alertdialog';
  hook?: string;
  children: ReactNode;
}) {
  useReturnFocus();
  useEscape(onClose);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = dialog.current;
    if (!root) return;
    openDialogs.push(root);
    focusFirst(root);
    // On the document, so that Tab from the page behind (where a file picker or a click may leave the focus) comes back in.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Tab' && openDialogs.at(-1) === root) keepTabInside(e, root);
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      openDialogs.splice(openDialogs.indexOf(root), 1);
    };
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div
        ref={dialog}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
        className={`modal ${className}`.trim()}
        {...(hook ? { [`data-${hook}`]: '' } : {})}
      >
        {children}
      </div>
    </div>
  );
}
