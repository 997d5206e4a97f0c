import { useEffect, useState } from 'react';
import { ApiError } from '../api';
import type { RoomModel } from '../room/model';
import { FacilitatorButton } from '../ui/FacilitatorButton';
import { Modal } from '../ui/Modal';
import { writersOf, type Writer } from './api';
import { RestoreForm } from './RestoreForm';
import { RevertForm } from './RevertForm';
import './safety.css';

/** Restore a point and revert a participant, for facilitators. Escape closes it wherever the focus is; the focus goes back to its opener. */
export function SafetyDialog({ model, onClose }: { model: RoomModel; onClose: () => void }) {
  const [tab, setTab] = useState<'restore' | 'revert'>('restore');
  const [writers, setWriters] = useState<Writer[]>([]);
  const [latestSeq, setLatestSeq] = useState(0);
  const [error, setError] = useState<string | null>(null);
  // Loaded when the dialog opens and again after a restore or a revert made here (both are new updates).
  const [loads, setLoads] = useState(0);
  const reload = () => setLoads((n) => n + 1);
  useEffect(() => {
    let live = true;
    writersOf(model.roomId, model.session.token).then(
      (answer) => { if (live) { setWriters(answer.writers); setLatestSeq(answer.latestSeq); } },
      (err: unknown) => { if (live) setError(err instanceof ApiError ? err.message : 'The history could not be loaded.'); },
    );
    return () => { live = false; };
  }, [model, loads]);

  return (
    <Modal labelledBy="safety-title" onClose={onClose} hook="safety-dialog">
        <h2 id="safety-title">Restore or revert</h2>
        <div role="tablist" className="safety__tabs">
          <button type="button" role="tab" className="ghost-button" aria-selected={tab === 'restore'} onClick={() => setTab('restore')}>Restore a point</button>
          <button type="button" role="tab" className="ghost-button" aria-selected={tab === 'revert'} onClick={() => setTab('revert')}>Revert a participant</button>
        </div>
        {error && <p className="history__error" role="alert">{error}</p>}
        {tab === 'restore'
          ? <RestoreForm model={model} latestSeq={latestSeq} onDone={reload} />
          : <RevertForm model={model} writers={writers} latestSeq={latestSeq} onChanged={reload} />}
        <footer className="modal__foot">
          <button type="button" className="ghost-button" onClick={onClose}>Close</button>
        </footer>
    </Modal>
  );
}

/** The toolbar entry: shown to facilitators only. */
export function SafetyButton({ model }: { model: RoomModel }) {
  return (
    <FacilitatorButton model={model} label="Restore…" name="Restore a point or revert a participant" hook="safety-open" className="safety-toggle"
      dialog={(close) => <SafetyDialog model={model} onClose={close} />} />
  );
}
