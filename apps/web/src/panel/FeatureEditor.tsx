import { useEffect, useRef, useState } from 'react';
import { COMPONENTS } from '@ladder/wsjf';
import { LIMITS, type FeaturePatch, type RankingRow } from '@ladder/board-doc';
import { Cd3Fields } from '../portfolio/Cd3Fields';
import { guardedEstimate } from '../portfolio/stability';
import { editFeature, removeFeature, restoreFeature } from '../room/actions';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { openEditor, useEditing } from '../ui/editorState';
import { EstimateControl } from '../ui/EstimateControl';
import { useLockedComponents } from '../estimation/lock';
import { notify } from '../ui/notices';

type TextField = 'title' | 'description' | 'team' | 'theme';

/**
 * Side drawer to edit a feature's title, description, team and theme (saved on blur, Enter, or Escape, which then
 * closes the drawer), estimates, or delete it.
 */
export function FeatureEditor({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const featureId = useEditing();
  const row = featureId ? snapshot.byId.get(featureId) ?? null : null;
  const [draft, setDraft] = useState<Record<TextField, string>>({ title: '', description: '', team: '', theme: '' });

  useEffect(() => {
    if (row) setDraft({ title: row.title, description: row.description, team: row.team, theme: row.theme });
    // Load the draft when another feature opens, not on every remote keystroke.
  }, [featureId, row === null]);

  // The keyboard follows the drawer: its title field takes the focus when a feature opens, and the control that
  // opened it gets the focus back when it closes.
  const titleRef = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = featureId !== null && row !== null && model.canWrite;
  useEffect(() => {
    if (!open) return;
    const active = document.activeElement;
    if (active instanceof HTMLElement && !active.closest('.drawer')) opener.current = active;
    titleRef.current?.focus();
  }, [featureId, open]);
  useEffect(() => {
    if (open) return;
    const back = opener.current;
    opener.current = null;
    if (back?.isConnected && (document.activeElement === document.body || document.activeElement === null)) back.focus();
  }, [open]);

  if (!featureId || !row || !model.canWrite) return null;

  const save = (field: TextField) => {
    if (draft[field] === row[field]) return;
    const patch: FeaturePatch = { [field]: draft[field] };
    if (!editFeature(model, row.id, patch)) setDraft((d) => ({ ...d, [field]: row[field] }));
  };
  /**
   * Escape keeps what was typed: the field being edited is left first, which saves it (its own blur handler, here
   * or in the CD3 fields), and only then does the drawer close. Closing alone would drop the field without a blur.
   */
  const closeKeeping = (drawer: HTMLElement) => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && drawer.contains(active)) active.blur();
    openEditor(null);
  };
  const input = (field: TextField, label: string, multiline = false) => (
    <label className="field">
      <span>{label}</span>
      {multiline ? (
        <textarea value={draft[field]} maxLength={LIMITS[field]} rows={4} onChange={(e) => setDraft({ ...draft, [field]: e.target.value })} onBlur={() => save(field)} />
      ) : (
        <input
          ref={field === 'title' ? titleRef : undefined}
          value={draft[field]}
          maxLength={LIMITS[field]}
          onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
          onBlur={() => save(field)}
          onKeyDown={(e) => { if (e.key === 'Enter') save(field); }}
        />
      )}
    </label>
  );

  return (
    <aside className="drawer" aria-label={`Edit ${row.title}`} onKeyDown={(e) => { if (e.key === 'Escape') closeKeeping(e.currentTarget); }}>
      <header className="drawer__head">
        <span className="card__id">{row.id}</span>
        <h2>Edit feature</h2>
        <button type="button" className="icon-button" aria-label="Close the editor" onClick={() => openEditor(null)}>✕</button>
      </header>
      {input('title', 'Title')}
      {input('description', 'Description', true)}
      <div className="field-row">
        {input('team', 'Team')}
        {input('theme', 'Theme')}
      </div>
      <Cd3Fields model={model} row={row} />
      <EditorEstimates model={model} row={row} scale={snapshot.meta.scale} />
      <footer className="drawer__foot">
        <button
          type="button"
          className="danger-button"
          onClick={() => {
            const deleted = removeFeature(model, row.id);
            openEditor(null);
            if (deleted) notify({ tone: 'info', text: `Deleted “${deleted.feature.title}”.`, action: { label: 'Undo', run: () => restoreFeature(model, deleted) }, ttl: 10_000 });
          }}
        >
          Delete feature
        </button>
        <button type="button" className="primary-button" onClick={() => openEditor(null)}>Done</button>
      </footer>
    </aside>
  );
}

/** The four estimates in the editor; those a live blind round estimates are hidden until its accept. */
function EditorEstimates({ model, row, scale }: { model: RoomModel; row: RankingRow; scale: readonly number[] }) {
  const locked = useLockedComponents(row.id);
  return (
    <div className="drawer__estimates">
      {COMPONENTS.map((c) => (
        <EstimateControl key={c} featureId={row.id} featureTitle={row.title} component={c} value={row[c]} scale={scale} readOnly={false} onChange={(v) => guardedEstimate(model, row.id, c, v)} inRound={locked.has(c)} />
      ))}
    </div>
  );
}
