import { useState, type FormEvent } from 'react';
import { readThemes, setTheme } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { notify } from '../ui/notices';
import { guardrailText, shareOf, themeErrorText, themeFormProblem } from './themeForm';

/** Adds or replaces a strategic theme with its colour and guardrails (percent of capacity); lists and removes saved ones. */
export function ThemeForm({ model }: { model: RoomModel }) {
  const [name, setName] = useState('');
  const [colour, setColour] = useState('#2f6fdb');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  if (!model.canWrite) return null;
  // Themes are a room setting: everyone who writes sees them, the facilitator alone changes them (the server agrees).
  const editable = model.canChangeSettings;
  const themes = Object.entries(readThemes(model.doc)).sort(([a], [b]) => a.localeCompare(b));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = themeFormProblem(min, max);
    if (problem) {
      notify({ tone: 'error', text: problem });
      return;
    }
    const minShare = shareOf(min);
    const maxShare = shareOf(max);
    try {
      model.doc.transact(() => setTheme(model.doc, name, {
        colour, ...(minShare !== undefined ? { minShare } : {}), ...(maxShare !== undefined ? { maxShare } : {}),
      }), model.origin);
      setName('');
      setMin('');
      setMax('');
    } catch (err) {
      notify({ tone: 'error', text: themeErrorText(err) });
    }
  };
  const remove = (theme: string) => {
    try {
      model.doc.transact(() => setTheme(model.doc, theme, null), model.origin);
    } catch (err) {
      notify({ tone: 'error', text: themeErrorText(err) });
    }
  };
  return (
    <details className="portfolio__form">
      <summary>Themes and guardrails{themes.length > 0 && <span className="perspectives__count">{themes.length}</span>}</summary>
      {themes.length > 0 ? (
        <ul className="portfolio__themes" aria-label="Saved themes">
          {themes.map(([theme, t]) => (
            <li key={theme} data-theme={theme}>
              <span className="portfolio__swatch" style={{ background: t.colour }} aria-hidden="true" />
              <strong>{theme}</strong>
              <span className="portfolio__theme-rails">{guardrailText(t.minShare, t.maxShare)}</span>
              {editable && <button type="button" className="link-button" aria-label={`Remove theme ${theme}`} onClick={() => remove(theme)}>Remove</button>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="portfolio__themes-none">{editable ? 'No themes yet. Saving a theme with a name already listed replaces it.' : 'No themes yet.'}</p>
      )}
      {!editable && <p className="portfolio__themes-none" data-settings-locked="">Only the facilitator adds, changes or removes themes.</p>}
      {editable && <form onSubmit={submit}>
        <input aria-label="Theme name (as in the features' Theme field)" placeholder="Theme" value={name} onChange={(e) => setName(e.target.value)} />
        <input type="color" aria-label="Theme colour" value={colour} onChange={(e) => setColour(e.target.value)} />
        <input type="number" min={0} max={100} aria-label="At least this percent of capacity" placeholder="min %" value={min} onChange={(e) => setMin(e.target.value)} />
        <input type="number" min={0} max={100} aria-label="At most this percent of capacity" placeholder="max %" value={max} onChange={(e) => setMax(e.target.value)} />
        <button type="submit" aria-label="Save the theme">Save</button>
      </form>}
    </details>
  );
}
