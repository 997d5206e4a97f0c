import { useState } from 'react';
import { ApiError } from '../api';
import type { RoomModel } from '../room/model';
import { notify } from '../ui/notices';
import { revertWriter, type RevertAnswer, type Writer } from './api';

function describe(change: RevertAnswer['changes'][number]): string {
  switch (change.op) {
    case 'deleteFeature': return `remove ${change.featureId} (they created it)`;
    case 'recreateFeature': return `bring back ${change.featureId} (they deleted it)`;
    case 'delete': return `${change.featureId}: clear ${change.field ?? ''}`;
    default: return `${change.featureId}: ${change.field ?? ''} back to ${JSON.stringify(change.value)}`;
  }
}

/** Revert one participant: pick who and since which update, preview the changes, then apply them. */
export function RevertForm({ model, writers }: { model: RoomModel; writers: Writer[] }) {
  const [participantId, setParticipantId] = useState('');
  const [since, setSince] = useState('0');
  const [note, setNote] = useState('');
  const [preview, setPreview] = useState<RevertAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sinceSeq = Number(since);
  const ready = participantId !== '' && Number.isInteger(sinceSeq) && sinceSeq >= 0;

  const run = async (dryRun: boolean) => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await revertWriter(model.roomId, model.session.token, { participantId, since: { seq: sinceSeq }, note: note.trim(), dryRun });
      setPreview(answer);
      if (!dryRun) notify({ tone: 'success', text: `Reverted ${answer.changes.length} change${answer.changes.length === 1 ? '' : 's'}.` });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The revert failed; try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="safety__form" data-safety-revert onSubmit={(e) => { e.preventDefault(); void run(false); }}>
      <label>
        Participant
        <select value={participantId} onChange={(e) => { setParticipantId(e.target.value); setPreview(null); }}>
          <option value="">Choose who…</option>
          {writers.map((w) => <option key={w.participantId} value={w.participantId}>{w.name}</option>)}
        </select>
      </label>
      <label>
        Since update
        <input type="number" min={0} value={since} onChange={(e) => { setSince(e.target.value); setPreview(null); }} />
      </label>
      <label>
        Note (why)
        <input type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && <p className="history__error" role="alert">{error}</p>}
      {preview && (
        <div data-revert-preview>
          <p>{preview.dryRun ? 'Would change' : 'Changed'}: {preview.changes.length === 0 ? 'nothing' : ''}</p>
          <ul>{preview.changes.map((c, i) => <li key={i}>{describe(c)}</li>)}</ul>
          {preview.conflicts.length > 0 && (
            <>
              <p>Left as they are (changed later by someone else):</p>
              <ul>{preview.conflicts.map((c, i) => <li key={i}>{c.featureId}{c.field ? `.${c.field}` : ''}: {c.reason}</li>)}</ul>
            </>
          )}
        </div>
      )}
      <footer className="modal__foot">
        <button type="button" className="ghost-button" disabled={!ready || busy} onClick={() => void run(true)}>Preview</button>
        <button type="submit" className="primary-button" disabled={!ready || busy || !preview?.dryRun}>Apply</button>
      </footer>
    </form>
  );
}
