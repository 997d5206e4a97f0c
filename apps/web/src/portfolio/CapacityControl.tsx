import { useEffect, useState } from 'react';
import { BoardDocError } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { notify } from '../ui/notices';
import { guardedCapacity } from './stability';

/** The capacity of the planning interval, in job-size points; empty clears it. */
export function CapacityControl({ model, capacity }: { model: RoomModel; capacity: number | null }) {
  const [draft, setDraft] = useState(capacity === null ? '' : String(capacity));
  useEffect(() => setDraft(capacity === null ? '' : String(capacity)), [capacity]);
  const commit = () => {
    const text = draft.trim();
    const value = text === '' ? null : Number(text);
    if (value === capacity) return;
    try {
      // A capacity that would drop a committed feature below the line waits for a confirmation with a note.
      if (!guardedCapacity(model, value)) setDraft(capacity === null ? '' : String(capacity));
    } catch (err) {
      notify({ tone: 'error', text: err instanceof BoardDocError ? err.message : 'The capacity could not be set.' });
      setDraft(capacity === null ? '' : String(capacity));
    }
  };
  return (
    <label className="portfolio__capacity">
      <span>Capacity</span>
      <input
        type="number"
        min={1}
        inputMode="numeric"
        aria-label="Capacity of the planning interval in job-size points"
        placeholder="points"
        value={draft}
        readOnly={!model.canChangeSettings}
        title={model.canChangeSettings ? undefined : 'The facilitator sets the capacity.'}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => { if (e.key === 'Enter') commit(); }}
      />
    </label>
  );
}
