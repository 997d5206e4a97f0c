import { useState, type FormEvent } from 'react';
import { BoardDocError, setTheme } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { notify } from '../ui/notices';

const share = (text: string) => (text.trim() === '' ? undefined : Number(text) / 100);

/** Adds or replaces a strategic theme with its colour and guardrails (percent of capacity). */
export function ThemeForm({ model }: { model: RoomModel }) {
  const [name, setName] = useState('');
  const [colour, setColour] = useState('#2f6fdb');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  if (!model.canWrite) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minShare = share(min);
    const maxShare = share(max);
    try {
      model.doc.transact(() => setTheme(model.doc, name, {
        colour, ...(minShare !== undefined ? { minShare } : {}), ...(maxShare !== undefined ? { maxShare } : {}),
      }), model.origin);
      setName('');
      setMin('');
      setMax('');
    } catch (err) {
      notify({ tone: 'error', text: err instanceof BoardDocError ? err.message : 'The theme could not be saved.' });
    }
  };
  return (
    <details className="portfolio__form">
      <summary>Themes and guardrails</summary>
      <form onSubmit={submit}>
        <input aria-label="Theme name (as in the features' Theme field)" placeholder="Theme" value={name} onChange={(e) => setName(e.target.value)} />
        <input type="color" aria-label="Theme colour" value={colour} onChange={(e) => setColour(e.target.value)} />
        <input type="number" min={0} max={100} aria-label="At least this percent of capacity" placeholder="min %" value={min} onChange={(e) => setMin(e.target.value)} />
        <input type="number" min={0} max={100} aria-label="At most this percent of capacity" placeholder="max %" value={max} onChange={(e) => setMax(e.target.value)} />
        <button type="submit" aria-label="Save the theme">Save</button>
      </form>
    </details>
  );
}
