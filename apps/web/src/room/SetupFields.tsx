import { CUSTOM_SCALE, parseCapacity, parseScale, parseThemes, SCALE_PRESETS, type Parsed } from './setup';

/** What the setup fields hold, as typed. */
export interface SetupDraft {
  preset: string;
  /** The custom scale as typed (used when `preset` is custom). */
  custom: string;
  capacity: string;
  themes: string;
}

export interface SetupValues {
  scale: number[];
  capacity: number | null;
  themes: string[];
}

/** The draft read: the values to save, or the first field's message. */
export function readSetup(draft: SetupDraft): Parsed<SetupValues> & { field?: 'scale' | 'capacity' | 'themes' } {
  const preset = SCALE_PRESETS.find((p) => p.id === draft.preset);
  const scale: Parsed<number[]> = preset ? { ok: true, value: [...preset.values] } : parseScale(draft.custom);
  if (!scale.ok) return { ...scale, field: 'scale' };
  const capacity = parseCapacity(draft.capacity);
  if (!capacity.ok) return { ...capacity, field: 'capacity' };
  const themes = parseThemes(draft.themes);
  if (!themes.ok) return { ...themes, field: 'themes' };
  return { ok: true, value: { scale: scale.value, capacity: capacity.value, themes: themes.value } };
}

/**
 * Scale (a preset, or numbers typed), capacity and strategic themes: on the create page and in the facilitator's room
 * settings. `note` is shown under the scale (e.g. how many estimates a new scale leaves off it).
 */
export function SetupFields({ draft, onChange, error, note, themesLabel = 'Strategic themes (optional, one per line)' }: {
  draft: SetupDraft;
  onChange: (draft: SetupDraft) => void;
  error: { field?: string; message: string } | null;
  note?: string | null;
  themesLabel?: string;
}) {
  const set = (patch: Partial<SetupDraft>) => onChange({ ...draft, ...patch });
  const invalid = (field: string) => (error?.field === field ? true : undefined);
  return (
    <div className="setup-fields">
      <label className="field">
        <span>Estimation scale</span>
        <select value={draft.preset} onChange={(e) => set({ preset: e.target.value })} aria-invalid={invalid('scale')} data-setup="scale">
          {SCALE_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
          <option value={CUSTOM_SCALE}>My own numbers…</option>
        </select>
      </label>
      {draft.preset === CUSTOM_SCALE && (
        <label className="field">
          <span>Scale values (smallest to largest)</span>
          <input value={draft.custom} onChange={(e) => set({ custom: e.target.value })} placeholder="1, 2, 4, 8, 16, 32" inputMode="decimal"
            aria-invalid={invalid('scale')} data-setup="custom-scale" />
        </label>
      )}
      {note && <p className="hint" data-setup-note="">{note}</p>}
      <label className="field">
        <span>Capacity in job-size points (optional: draws the cut line)</span>
        <input value={draft.capacity} onChange={(e) => set({ capacity: e.target.value })} placeholder="e.g. 40" inputMode="decimal"
          aria-invalid={invalid('capacity')} data-setup="capacity" />
      </label>
      <label className="field">
        <span>{themesLabel}</span>
        <textarea rows={3} value={draft.themes} onChange={(e) => set({ themes: e.target.value })} placeholder={'Growth\nRetention\nCompliance'}
          aria-invalid={invalid('themes')} data-setup="themes" />
      </label>
    </div>
  );
}
