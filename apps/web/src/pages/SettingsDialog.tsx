import { useMemo, useState, type FormEvent } from 'react';
import { BoardDocError, LIMITS, readThemes, setMeta, setTheme, THEME_COLOURS } from '@ladder/board-doc';
import { COMPONENTS } from '@ladder/wsjf';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { offScaleCount, presetOf } from '../room/setup';
import { readSetup, SetupFields, type SetupDraft } from '../room/SetupFields';
import { FacilitatorButton } from '../ui/FacilitatorButton';
import { Modal } from '../ui/Modal';
import { notify } from '../ui/notices';

/** The room's settings for its facilitator: title, scale, capacity and strategic themes, saved in one change. */
function SettingsDialog({ model, snapshot, onClose }: { model: RoomModel; snapshot: RoomSnapshot; onClose: () => void }) {
  const { meta } = snapshot;
  const themesBefore = useMemo(() => Object.keys(readThemes(model.doc)), [model]);
  const [title, setTitle] = useState(meta.title);
  const [draft, setDraft] = useState<SetupDraft>(() => ({
    preset: presetOf(meta.scale), custom: meta.scale.join(', '), capacity: meta.capacity === null ? '' : String(meta.capacity), themes: themesBefore.join('\n'),
  }));
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const values = readSetup(draft);
  // A new scale leaves estimates that are not on it as they are, until someone estimates them again: say how many.
  const off = values.ok ? offScaleCount(snapshot.ranking.flatMap((r) => COMPONENTS.map((c) => r[c])), values.value.scale) : 0;
  const note = off > 0 ? `${off} estimate${off === 1 ? ' is' : 's are'} not on this scale: ${off === 1 ? 'it keeps its value' : 'they keep their values'} until estimated again.` : null;

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) { setError({ field: 'title', message: 'Give the room a title.' }); return; }
    if (!values.ok) { setError(values); return; }
    const { scale, capacity, themes } = values.value;
    try {
      model.doc.transact(() => {
        setMeta(model.doc, { title: title.trim(), scale, capacity });
        // Themes taken off the list go (with their guardrails); new ones get a colour; the others stay as they are.
        for (const name of themesBefore) if (!themes.includes(name)) setTheme(model.doc, name, null);
        const kept = themesBefore.filter((n) => themes.includes(n)).length;
        themes.filter((n) => !themesBefore.includes(n)).forEach((name, i) => setTheme(model.doc, name, { colour: THEME_COLOURS[(kept + i) % THEME_COLOURS.length] as string }));
      }, model.origin);
    } catch (err) {
      setError({ message: err instanceof BoardDocError ? err.message : 'The settings could not be saved.' });
      return;
    }
    notify({ tone: 'success', text: 'Room settings saved.' });
    onClose();
  };

  return (
    <Modal labelledBy="settings-title" onClose={onClose} className="modal--wide" hook="settings-dialog">
      <form onSubmit={save} aria-labelledby="settings-title">
        <h2 id="settings-title">Room settings</h2>
        <label className="field">
          <span>Room title</span>
          <input autoFocus value={title} maxLength={LIMITS.title} onChange={(e) => setTitle(e.target.value)} aria-invalid={error?.field === 'title' ? true : undefined} data-setup="title" />
        </label>
        <SetupFields draft={draft} onChange={(d) => { setDraft(d); setError(null); }} error={error} note={note}
          themesLabel="Strategic themes (one per line; guardrails are set under Themes and guardrails)" />
        {error && <p className="form-error" role="alert">{error.message}</p>}
        <footer className="modal__foot">
          <button type="button" className="ghost-button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary-button">Save settings</button>
        </footer>
      </form>
    </Modal>
  );
}

/** The header entry: facilitators only (the server reverts anyone else's change of the settings). */
export function SettingsButton({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  return (
    <FacilitatorButton model={model} label="Settings…" name="Room settings: title, scale, capacity and themes" hook="settings-open"
      dialog={(close) => <SettingsDialog model={model} snapshot={snapshot} onClose={close} />} />
  );
}
