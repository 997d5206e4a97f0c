import { useEffect, useState } from 'react';
import type { RankingRow } from '@ladder/board-doc';
import { editFeature } from '../room/actions';
import type { RoomModel } from '../room/model';
import './portfolio.css';

type Field = 'costPerWeek' | 'durationWeeks';
const LABEL: Record<Field, string> = { costPerWeek: 'Cost of delay per week', durationWeeks: 'Duration in weeks' };

/**
 * CD3 inputs of one feature in the editor: cost of delay in money per week and duration in weeks (saved on blur or
 * Enter; Escape in the drawer leaves the field first, so what was typed is saved before it closes).
 */
export function Cd3Fields({ model, row }: { model: RoomModel; row: RankingRow }) {
  const text = (v: number | null) => (v === null ? '' : String(v));
  const [draft, setDraft] = useState({ costPerWeek: text(row.costPerWeek), durationWeeks: text(row.durationWeeks) });
  // Each field follows its own value only: a change to the other one (from anyone) keeps what is being typed here.
  useEffect(() => setDraft((d) => ({ ...d, costPerWeek: text(row.costPerWeek) })), [row.costPerWeek]);
  useEffect(() => setDraft((d) => ({ ...d, durationWeeks: text(row.durationWeeks) })), [row.durationWeeks]);
  const save = (field: Field) => {
    const raw = draft[field].trim();
    const value = raw === '' ? null : Number(raw);
    if (value === row[field]) return;
    if (!editFeature(model, row.id, { [field]: value })) setDraft((d) => ({ ...d, [field]: text(row[field]) }));
  };
  return (
    <>
      <div className="field-row">
        {(['costPerWeek', 'durationWeeks'] as const).map((field) => (
          <label key={field} className="field">
            <span>{LABEL[field]} (CD3)</span>
            <input
              type="number"
              min={0}
              aria-label={`${LABEL[field]} of ${row.title}`}
              value={draft[field]}
              onChange={(e) => setDraft((d) => ({ ...d, [field]: e.target.value }))}
              onBlur={() => save(field)}
              onKeyDown={(e) => { if (e.key === 'Enter') save(field); }}
            />
          </label>
        ))}
      </div>
      <label className="check-field">
        <input
          type="checkbox"
          aria-label={`${row.title} is committed for the planning interval`}
          checked={row.committed}
          onChange={(e) => editFeature(model, row.id, { committed: e.target.checked })}
        />
        <span>Committed for the planning interval</span>
      </label>
    </>
  );
}
