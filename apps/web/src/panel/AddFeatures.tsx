import { useState } from 'react';
import { addFeatures } from '../room/actions';
import type { RoomModel } from '../room/model';
import { openEditor } from '../ui/editorState';
import { notify } from '../ui/notices';
import { Modal } from '../ui/Modal';

/** A dialog to add one feature, or many at once by pasting a list of titles (one per line). */
export function AddFeatures({ model, onClose }: { model: RoomModel; onClose: () => void }) {
  const [text, setText] = useState('');
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const submit = () => {
    const created = addFeatures(model, lines);
    if (created.length === 0) return;
    notify({ tone: 'success', text: created.length === 1 ? `Added “${created[0]!.title}”.` : `Added ${created.length} features.` });
    onClose();
    if (created.length === 1) openEditor(created[0]!.id);
  };
  return (
    <Modal labelledBy="add-title" onClose={onClose}>
        <h2 id="add-title">Add features</h2>
        <p className="hint">One title per line: paste a list to add a card for each.</p>
        <textarea
          autoFocus
          aria-label="Feature titles, one per line"
          rows={8}
          value={text}
          placeholder={'Self-service onboarding\nEU data residency\nFaster checkout'}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit(); }}
        />
        <footer className="modal__foot">
          <button type="button" className="ghost-button" onClick={onClose}>Cancel</button>
          <button type="button" className="primary-button" disabled={lines.length === 0} onClick={submit}>
            {lines.length > 1 ? `Add ${lines.length} features` : 'Add feature'}
          </button>
        </footer>
    </Modal>
  );
}
