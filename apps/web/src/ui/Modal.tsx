import type { ReactNode } from 'react';
import { useEscape } from './useEscape';
import { useReturnFocus } from './useReturnFocus';

/**
 * A modal dialog over the board: a click on the backdrop or Escape (wherever the focus is) closes it, and the control
 * that opened it gets the focus back. `hook` names a `data-*` attribute of the dialog for tests and scripts.
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
  return (
    <div className="modal-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div
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
