import { checkGuardrails, readThemes } from '@ladder/board-doc';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { formatNumber } from '../room/labels';
import { CapacityControl } from './CapacityControl';
import { ChurnMeter, CommittedWarning } from './ChurnMeter';
import { ModelCompare } from './ModelCompare';
import { NotesPanel } from './NotesPanel';
import { PerspectivesView } from './Perspectives';
import { ThemeForm } from './ThemeForm';
import { ScaleHealthLine } from './ScaleHealthLine';
import { StabilityDialog } from './StabilityDialog';
import { useCutLineNotices } from './useCutLineNotices';
import { shownNotices } from './cutLineNotices';
import './portfolio.css';

const pct = (share: number) => `${Math.round(share * 100)} %`;

/**
 * Above the ranking: capacity and what fits, guardrails per theme, scale health and the other portfolio tools. It
 * gives way to the ranking (it scrolls on its own), so the rows keep their height whatever is open here.
 */
export function PortfolioBar({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const capacity = snapshot.meta.capacity;
  const themes = readThemes(model.doc);
  const guardrails = checkGuardrails(snapshot.ranking, themes, capacity);
  const inside = snapshot.ranking.filter((r) => r.inCapacity);
  const used = inside.reduce((s, r) => s + (r.jobSize ?? 0), 0);
  return (
    <div className="portfolio" aria-label="Portfolio">
      <div className="portfolio__row">
        <CapacityControl model={model} capacity={capacity} />
        {capacity !== null && (
          <span className="portfolio__fit" data-capacity-used={used}>
            {inside.length} fit · {formatNumber(used)} of {formatNumber(capacity)} points
          </span>
        )}
      </div>
      {guardrails.length > 0 && (
        <ul className="portfolio__guardrails" aria-label="Theme guardrails">
          {guardrails.map((g) => (
            <li key={g.theme} data-guardrail={g.theme} data-ok={String(g.ok)} className={g.ok ? 'ok' : 'warn'} style={{ borderColor: themes[g.theme]?.colour }}>
              {g.theme} {pct(g.share)}
              {g.minShare !== undefined && <> · min {pct(g.minShare)}</>}
              {g.maxShare !== undefined && <> · max {pct(g.maxShare)}</>}
              {!g.ok && <strong> · broken</strong>}
            </li>
          ))}
        </ul>
      )}
      <ScaleHealthLine ranking={snapshot.ranking} scale={snapshot.meta.scale} />
      <ModelCompare ranking={snapshot.ranking} />
      <ChurnMeter model={model} ranking={snapshot.ranking} synced={snapshot.synced} />
      <PerspectivesView model={model} snapshot={snapshot} />
      <ThemeForm model={model} />
      <NotesPanel model={model} snapshot={snapshot} />
      <StabilityDialog />
    </div>
  );
}

/**
 * Right above the ranking, never scrolled away: committed features below the cut line, and who moved what across it
 * (a few notices at most, newest first, each dismissible; they go by themselves too — see `useCutLineNotices`).
 */
export function CutLineAlerts({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const { notices, dismiss, dismissAll } = useCutLineNotices(model, snapshot);
  const { shown, more } = shownNotices(notices);
  // Always mounted (hidden while empty), so screen readers hear each new notice.
  return (
    <div className="cut-alerts" aria-label="Cut line alerts" aria-live="polite">
      <CommittedWarning ranking={snapshot.ranking} />
      {notices.length > 0 && (
        <ul className="portfolio__notices" aria-label="Cut line changes">
          {shown.map((n) => (
            <li key={n.key} className={`cut-notice cut-notice--${n.direction}`}>
              <span data-cut-line-notice={n.direction} data-feature-id={n.featureId}>{n.text}</span>
              <button type="button" className="cut-notice__close" aria-label={`Dismiss: ${n.text}`} title="Dismiss" onClick={() => dismiss(n.key)}>×</button>
            </li>
          ))}
          {(more > 0 || shown.length > 1) && (
            <li className="cut-notice cut-notice--more">
              {more > 0 && <span data-cut-line-more={more}>+{more} older</span>}
              <button type="button" className="link-button" aria-label="Dismiss all cut line notices" onClick={dismissAll}>Dismiss all</button>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}

/** The marker drawn between the last feature above the cut line and the first one below it. */
export function CutLineMarker({ capacity }: { capacity: number }) {
  return (
    <li className="cut-line" data-cut-line="" role="separator" aria-label={`Cut line: capacity ${formatNumber(capacity)} points`}>
      <span>cut line · {formatNumber(capacity)} points</span>
    </li>
  );
}
