import { useState, type ReactNode } from 'react';
import type { RoomModel } from '../room/model';

/**
 * A header button that opens a facilitator's dialog; nothing for other roles (the server refuses them what the
 * dialog does anyway). `hook` names the button's `data-*` attribute for tests and scripts.
 */
export function FacilitatorButton({ model, label, name, hook, className = '', dialog }: {
  model: RoomModel;
  label: string;
  /** The accessible name, saying what the dialog is for. */
  name: string;
  hook: string;
  className?: string;
  dialog: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  if (model.session.role !== 'facilitator') return null;
  return (
    <>
      <button type="button" className={`ghost-button ${className}`.trim()} {...{ [`data-${hook}`]: '' }} aria-label={name} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open && dialog(() => setOpen(false))}
    </>
  );
}
