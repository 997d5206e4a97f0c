import { useState } from 'react';
import { readFeature } from '@ladder/board-doc';
import { ApiError } from '../api';
import { fieldLabel } from '../room/labels';
import type { RoomModel } from '../room/model';
import { notify } from '../ui/notices';
import { revertWriter, type RevertAnswer, type Writer } from './api';
import { revertResultNotice } from './events';

/** A feature as people know it: “Checkout (F-1)”; a deleted one by the title it had, when the change carries it. */
function featureName(model: RoomModel, featureId: string, fields?: unknown): string {
  const title = readFeature(model.doc, featureId)?.title ?? (fields as { title?: unknown } | undefined)?.title;
  return typeof title === 'string' && title !== '' ? `“${title}” (${featureId})` : featureId;
}

/** How a planning board's entry is named in a revert's preview. */
const PLAN_ENTRY: Readonly<Record<string, string>> = { iterations: 'iteration', teams: 'team', dependencies: 'dependency', milestones: 'milestone' };

function valueText(value: unknown): string {
  if (value === true) return 'committed';
  if (value === false) return 'not committed';
  return typeof value === 'string' ? `“${value}”` : JSON.stringify(value);
}

function describe(model: RoomModel, change: RevertAnswer['changes'][number]): string {
  const name = featureName(model, change.featureId, change.value);
  switch (change.op) {
    case 'deleteFeature': return `remove ${name} (they created it)`;
    case 'recreateFeature': return `bring back ${name} (they deleted it)`;
    case 'delete': return `${name}: clear ${fieldLabel(change.field ?? '')}`;
    case 'plan': return `planning board: ${PLAN_ENTRY[change.root ?? ''] ?? change.root} ${change.key ?? ''} ${change.value === null ? 'removed (they added it)' : 'back to how it was'}`;
    default: return `${name}: ${fieldLabel(change.field ?? '')} back to ${valueText(change.value)}`;
  }
}

/**
 * Revert one participant: pick who and since which update, preview the changes, then apply them. `onChanged` hears of
 * an applied revert (the dialog reloads the latest update number and the writers).
 */
export function RevertForm({ model, writers, latestSeq, onChanged }: { model: RoomModel; writers: Writer[]; latestSeq: number; onChanged?: () => void }) {
  const [participantId, setParticipantId] = useState('');
  const [since, setSince] = useState('0');
  const [note, setNote] = useState('');
  const [preview, setPreview] = useState<RevertAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sinceSeq = Number(since);
  const ready = participantId !== '' && Number.isInteger(sinceSeq) && sinceSeq >= 0;
  // A preview that changes nothing offers nothing to apply: applying it would only record a revert that did nothing.
  const nothing = preview?.dryRun === true && preview.changes.length === 0;

  const run = async (dryRun: boolean) => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await revertWriter(model.roomId, model.session.token, { participantId, since: { seq: sinceSeq }, note: note.trim(), dryRun });
      setPreview(answer);
      if (!dryRun) {
        notify(revertResultNotice(answer));
        onChanged?.();
      }
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
        Since update (latest: {latestSeq}; the history view shows each update's number)
        <input type="number" min={0} max={latestSeq} value={since} onChange={(e) => { setSince(e.target.value); setPreview(null); }} />
      </label>
      <label>
        Note (why)
        <input type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && <p className="history__error" role="alert">{error}</p>}
      {preview && (
        <div data-revert-preview>
          <p>{preview.dryRun ? 'Would change' : 'Changed'}: {preview.changes.length === 0 ? 'nothing' : ''}</p>
          {nothing && (
            <p className="hint" data-revert-nothing id="revert-nothing">
              {preview.conflicts.length > 0
                ? 'Nothing to revert: every change of theirs was changed since by others (see below), so Apply is off.'
                : 'Nothing to revert: nothing of theirs since that update is left to undo, so Apply is off.'}
            </p>
          )}
          <ul>{preview.changes.map((c, i) => <li key={i}>{describe(model, c)}</li>)}</ul>
          {preview.conflicts.length > 0 && (
            <>
              <p>Left as they are (changed later by someone else):</p>
              <ul>{preview.conflicts.map((c, i) => <li key={i}>{featureName(model, c.featureId)}{c.field ? ` · ${fieldLabel(c.field)}` : ''}: {c.reason}</li>)}</ul>
            </>
          )}
        </div>
      )}
      <footer className="modal__foot">
        <button type="button" className="ghost-button" disabled={!ready || busy} onClick={() => void run(true)}>Preview</button>
        <button type="submit" className="primary-button" disabled={!ready || busy || !preview?.dryRun || nothing} aria-describedby={nothing ? 'revert-nothing' : undefined}>Apply</button>
      </footer>
    </form>
  );
}
