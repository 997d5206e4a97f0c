import { useState } from 'react';
import type { RoomModel } from '../room/model';
import { RestoreForm } from './RestoreForm';
import './safety.css';

/** "Restore this point" next to the history scrubber: asks for a note, then restores the shown update (facilitators). */
export function RestoreHere({ model, seq, latestSeq }: { model: RoomModel; seq: number | undefined; latestSeq: number }) {
  const [open, setOpen] = useState(false);
  if (model.session.role !== 'facilitator' || seq === undefined) return null;
  return (
    <>
      <div className="safety-here">
        <button type="button" className="ghost-button" data-restore-here={seq} onClick={() => setOpen(true)}>Restore this point</button>
      </div>
      {open && (
        <div className="modal-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) setOpen(false); }}>
          <div role="dialog" aria-modal="true" aria-labelledby="restore-here-title" className="modal" data-safety-dialog onKeyDown={(e) => { if (e.key === 'Escape') setOpen(false); }}>
            <h2 id="restore-here-title">Restore update {seq}</h2>
            <RestoreForm key={seq} model={model} latestSeq={latestSeq} initialSeq={seq} />
            <footer className="modal__foot">
              <button type="button" className="ghost-button" onClick={() => setOpen(false)}>Close</button>
            </footer>
          </div>
        </div>
      )}
    </>
  );
}
