import { useState } from 'react';
import { ApiError } from '../api';
import type { RoomModel } from '../room/model';
import { notify } from '../ui/notices';
import { restorePoint, type Point } from './api';

/** Reads the point a facilitator typed: an update number, or a local date and time. */
export function parsePoint(seq: string, time: string): Point | null {
  if (seq.trim() !== '') {
    const n = Number(seq);
    return Number.isInteger(n) && n >= 0 ? { seq: n } : null;
  }
  if (time !== '') {
    const at = new Date(time).getTime();
    return Number.isFinite(at) ? { at } : null;
  }
  return null;
}

/**
 * "Restore this point": the board's features, settings and canvas become what they were then, as one new change.
 * After a restore the button stays off until the point or the note is changed, so a second click cannot restore again;
 * `onDone` gets the result (a dialog may close on it: the result is also shown as a notice).
 */
export function RestoreForm({ model, latestSeq, initialSeq, onDone }: { model: RoomModel; latestSeq: number; initialSeq?: number; onDone?: (text: string) => void }) {
  const [seq, setSeqValue] = useState(initialSeq !== undefined ? String(initialSeq) : '');
  const [time, setTimeValue] = useState('');
  const [note, setNoteValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const point = parsePoint(seq, time);
  const edited = (set: (value: string) => void) => (value: string) => { set(value); setDone(null); };
  const setSeq = edited(setSeqValue);
  const setTime = edited(setTimeValue);
  const setNote = edited(setNoteValue);

  const restore = async () => {
    if (!point) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await restorePoint(model.roomId, model.session.token, point, note.trim());
      const text = answer.seq === null
        ? `The board already is as it was after update ${answer.restoredTo.seq}.`
        : `Restored the board to update ${answer.restoredTo.seq} (as update ${answer.seq}); the state before stays in the history.`;
      setDone(text);
      notify({ tone: 'success', text });
      onDone?.(text);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The restore failed; try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="safety__form" data-safety-restore onSubmit={(e) => { e.preventDefault(); void restore(); }}>
      <label>
        Update number (latest: {latestSeq})
        <input type="number" min={0} max={latestSeq} value={seq} data-restore-seq onChange={(e) => setSeq(e.target.value)} />
      </label>
      <label>
        or a time
        <input type="datetime-local" step={1} value={time} disabled={seq.trim() !== ''} onChange={(e) => setTime(e.target.value)} />
      </label>
      <label>
        Note (why)
        <input type="text" maxLength={500} value={note} data-restore-note required placeholder="e.g. undo the wrong import" onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && <p className="history__error" role="alert">{error}</p>}
      {done && <p className="hint" data-restore-done role="status">{done}</p>}
      <button type="submit" className="primary-button" disabled={!point || busy || note.trim() === '' || done !== null} data-restore-submit>
        Restore this point
      </button>
    </form>
  );
}
