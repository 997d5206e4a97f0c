import { useEffect, useState } from 'react';
import { Modal } from '../ui/Modal';
import { cancelHeldChange, confirmHeldChange, useHeldChange } from './stability';
import { dropRankText } from './stabilityText';

/** Asks before a change moves a committed feature below the cut line; confirming needs a note, kept with the change. */
export function StabilityDialog() {
  const held = useHeldChange();
  const [note, setNote] = useState('');
  useEffect(() => setNote(''), [held]);
  if (!held) return null;
  const many = held.drops.length > 1;
  return (
    <Modal role="alertdialog" labelledBy="stability-title" describedBy="stability-change" className="stability" hook="stability-dialog" onClose={cancelHeldChange}>
        <h2 id="stability-title">{many ? 'Committed features would fall below the cut line' : 'A committed feature would fall below the cut line'}</h2>
        <p id="stability-change" className="stability__change">{held.label}</p>
        <ul className="stability__drops" aria-label="Committed features this change moves below the cut line">
          {held.drops.map((d) => (
            <li key={d.featureId} data-stability-drop={d.featureId}>
              <span className="card__id">{d.featureId}</span> <strong>{d.title}</strong>
              <span className="stability__ranks">{dropRankText(d.from, d.to)}</span>
            </li>
          ))}
        </ul>
        <label className="field">
          <span>Why? The note is kept with the change, in the history and the export.</span>
          <textarea
            autoFocus
            rows={3}
            maxLength={2000}
            aria-label="Why this change is worth breaking the commitment"
            placeholder="e.g. regulatory deadline moved to May"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) confirmHeldChange(note); }}
          />
        </label>
        <footer className="modal__foot">
          <button type="button" className="ghost-button" onClick={cancelHeldChange}>Keep the commitment</button>
          <button type="button" className="danger-button" disabled={note.trim() === ''} onClick={() => confirmHeldChange(note)}>
            Make the change
          </button>
        </footer>
    </Modal>
  );
}
