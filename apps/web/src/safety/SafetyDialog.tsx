import { useEffect, useState } from 'react';
import { ApiError } from '../api';
import type { RoomModel } from '../room/model';
import { useReturnFocus } from '../ui/useReturnFocus';
import { writersOf, type Writer } from './api';
import { RestoreForm } from './RestoreForm';
import { RevertForm } from './RevertForm';
import { useEscape } from '../ui/useEscape';
import './safety.css';

/** Restore a point and revert a participant, for facilitators. Escape closes it wherever the focus is; the focus goes back to its opener. */
export function SafetyDialog({ model, onClose }: { model: RoomModel; onClose: () => void }) {
  useReturnFocus();
  useEscape(onClose);
  const [tab, setTab] = useState<'restore' | 'revert'>('restore');
  const [writers, setWriters] = useState<Writer[]>([]);
  const [latestSeq, setLatestSeq] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    writersOf(model.roomId, model.session.token).then(
      (answer) => { if (live) { setWriters(answer.writers); setLatestSeq(answer.latestSeq); } },
      (err: unknown) => { if (live) setError(err instanceof ApiError ? err.message : 'The history could not be loaded.'); },
    );
    return () => { live = false; };
  }, [model]);

  return (
    <div className="modal-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div role="dialog" aria-modal="true" aria-labelledby="safety-title" className="modal" data-safety-dialog>
        <h2 id="safety-title">Restore or revert</h2>
        <div role="tablist" className="safety__tabs">
          <button type="button" role="tab" className="ghost-button" aria-selected={tab === 'restore'} onClick={() => setTab('restore')}>Restore a point</button>
          <button type="button" role="tab" className="ghost-button" aria-selected={tab === 'revert'} onClick={() => setTab('revert')}>Revert a participant</button>
        </div>
        {error && <p className="history__error" role="alert">{error}</p>}
        {tab === 'restore' ? <RestoreForm model={model} latestSeq={latestSeq} /> : <RevertForm model={model} writers={writers} latestSeq={latestSeq} />}
        <footer className="modal__foot">
          <button type="button" className="ghost-button" onClick={onClose}>Close</button>
        </footer>
      </div>
    </div>
  );
}

/** The toolbar entry: shown to facilitators only. */
export function SafetyButton({ model }: { model: RoomModel }) {
  const [open, setOpen] = useState(false);
  if (model.session.role !== 'facilitator') return null;
  return (
    <>
      <button type="button" className="ghost-button safety-toggle" data-safety-open aria-label="Restore a point or revert a participant" onClick={() => setOpen(true)}>
        Restore…
      </button>
      {open && <SafetyDialog model={model} onClose={() => setOpen(false)} />}
    </>
  );
}
