import { useEffect, useRef } from 'react';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { ChurnMeter } from './ChurnMeter';
import { ModelCompare } from './ModelCompare';
import { NotesPanel } from './NotesPanel';
import { PerspectivesView } from './Perspectives';
import { ThemeForm } from './ThemeForm';
import type { CutLineNotices } from './useCutLineNotices';

/**
 * The portfolio tools with room to work: churn, the two perspectives, themes and guardrails, decision notes. A drawer
 * beside the ranking (the board stays usable); Escape or Close puts it away and the keyboard back on its button.
 */
export function ToolsDrawer({ model, snapshot, cut, onClose }: { model: RoomModel; snapshot: RoomSnapshot; cut: CutLineNotices; onClose: () => void }) {
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
        {cut.notices.length > 0 && (
          <section className="tools-drawer__cut" aria-label="Cut line changes, whole" data-cut-line-list="">
            <h3>Cut line changes <span className="perspectives__count">{cut.notices.length}</span></h3>
            <ul>
              {cut.notices.map((n) => (
                <li key={n.key} className={`cut-notice cut-notice--${n.direction}`} data-cut-line-whole={n.featureId}>
                  <span>{n.text}</span>
                  <button type="button" className="cut-notice__close" aria-label={`Dismiss this change: ${n.text}`} title="Dismiss" onClick={() => cut.dismiss(n.key)}>×</button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <ModelCompare ranking={snapshot.ranking} />
        <ChurnMeter model={model} ranking={snapshot.ranking} synced={snapshot.synced} />
        <PerspectivesView model={model} snapshot={snapshot} />
        <ThemeForm model={model} />
        <NotesPanel model={model} snapshot={snapshot} />
      </div>
    </aside>
  );
}
