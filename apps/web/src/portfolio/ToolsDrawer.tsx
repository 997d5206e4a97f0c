import { useEffect, useRef } from 'react';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { ChurnMeter } from './ChurnMeter';
import { ModelCompare } from './ModelCompare';
import { NotesPanel } from './NotesPanel';
import { PerspectivesView } from './Perspectives';
import { ThemeForm } from './ThemeForm';

/**
 * The portfolio tools with room to work: churn, the two perspectives, themes and guardrails, decision notes. A drawer
 * beside the ranking (the board stays usable); Escape or Close puts it away and the keyboard back on its button.
 */
export function ToolsDrawer({ model, snapshot, onClose }: { model: RoomModel; snapshot: RoomSnapshot; onClose: () => void }) {
  const root = useRef<HTMLElement>(null);
  useEffect(() => { root.current?.querySelector<HTMLElement>('.drawer__head button')?.focus(); }, []);
  return (
    <aside ref={root} className="drawer tools-drawer" aria-label="Portfolio tools" data-tools-drawer=""
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onClose(); } }}>
      <header className="drawer__head">
        <h2>Portfolio tools</h2>
        <button type="button" className="ghost-button" onClick={onClose} aria-label="Close the portfolio tools">Close</button>
      </header>
      <div className="tools-drawer__body">
        <ModelCompare ranking={snapshot.ranking} />
        <ChurnMeter model={model} ranking={snapshot.ranking} synced={snapshot.synced} />
        <PerspectivesView model={model} snapshot={snapshot} />
        <ThemeForm model={model} />
        <NotesPanel model={model} snapshot={snapshot} />
      </div>
    </aside>
  );
}
