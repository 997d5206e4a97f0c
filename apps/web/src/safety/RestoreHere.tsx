import { useState } from 'react';
import type { RoomModel } from '../room/model';
import { Modal } from '../ui/Modal';
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
      {open && <RestoreHereDialog model={model} seq={seq} latestSeq={latestSeq} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * The dialog: closes on Escape wherever the focus is, and by itself once the restore is done (the result stays as a
 * notice), so the history panel and its "Back to live" are free again; the focus goes back to "Restore this point".
 */
function RestoreHereDialog({ model, seq, latestSeq, onClose }: { model: RoomModel; seq: number; latestSeq: number; onClose: () => void }) {
  return (
    <Modal labelledBy="restore-here-title" onClose={onClose} hook="safety-dialog">
        <h2 id="restore-here-title">Restore update {seq}</h2>
        <RestoreForm key={seq} model={model} latestSeq={latestSeq} initialSeq={seq} onDone={onClose} />
        <footer className="modal__foot">
          <button type="button" className="ghost-button" onClick={onClose}>Close</button>
        </footer>
    </Modal>
  );
}
