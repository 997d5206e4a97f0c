import { useEffect, useRef, useSyncExternalStore } from 'react';
import { checkGuardrails, readThemes } from '@ladder/board-doc';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { formatNumber } from '../room/labels';
import { CapacityControl } from './CapacityControl';
import { CommittedWarning } from './ChurnMeter';
import { ScaleHealthLine } from './ScaleHealthLine';
import { StabilityDialog } from './StabilityDialog';
import type { CutLineNotices } from './useCutLineNotices';
import { SHOWN_NOTICES, shownNotices } from './cutLineNotices';
import './portfolio.css';

const pct = (share: number) => `${Math.round(share * 100)} %`;

/** A guardrail in words (its tooltip and what screen readers say; the bar shows it in symbols: ≥ min, ≤ max, ✕). */
function guardrailText(g: { theme: string; share: number; minShare?: number; maxShare?: number; ok: boolean }): string {
  const bounds = [g.minShare !== undefined ? `at least ${pct(g.minShare)}` : '', g.maxShare !== undefined ? `at most ${pct(g.maxShare)}` : ''].filter(Boolean);
  return `${g.theme}: ${pct(g.share)} of the capacity${bounds.length ? `, should be ${bounds.join(' and ')}` : ''}${g.ok ? '' : ' — broken'}`;
}

/**
 * How many cut-line notices fit above the rows on this screen: three on a tall one, two up to 960 px high, the newest
 * only up to 760 px (portfolio.css compacts them at the same heights), so the bar above and the rows keep their height.
 */
const SCREENS = [{ query: '(max-height: 760px)', notices: 1 }, { query: '(max-height: 960px)', notices: 2 }] as const;
const subscribeScreen = (changed: () => void) => {
  const queries = SCREENS.map((s) => window.matchMedia(s.query));
  for (const q of queries) q.addEventListener('change', changed);
  return () => { for (const q of queries) q.removeEventListener('change', changed); };
};
const noticesOnScreen = () => SCREENS.find((s) => window.matchMedia(s.query).matches)?.notices ?? SHOWN_NOTICES;

/**
 * Marks a scroll area with `data-more-above` / `data-more-below` while there is more to scroll to that way (the CSS
 * draws its edge shadows over the content from them), kept up to date on scroll and whenever its content changes size.
 */
function useScrollEdges<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const update = () => {
      const above = el.scrollTop > 1;
      const below = el.scrollTop + el.clientHeight < el.scrollHeight - 1;
      if (el.dataset.moreAbove !== String(above)) el.dataset.moreAbove = String(above);
      if (el.dataset.moreBelow !== String(below)) el.dataset.moreBelow = String(below);
    };
    const sizes = new ResizeObserver(update);
    const observeAll = () => {
      sizes.disconnect();
      sizes.observe(el);
      for (const child of el.children) sizes.observe(child);
    };
    const children = new MutationObserver(() => { observeAll(); update(); });
    observeAll();
    children.observe(el, { childList: true });
    el.addEventListener('scroll', update, { passive: true });
    update();
    return () => {
      sizes.disconnect();
      children.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, []);
  return ref;
}

/**
 * Above the ranking: capacity and what fits, guardrails per theme, scale health and the button for the portfolio tools.
 * It is shown whole (the alerts below give way instead); only on a screen too short for anything does it scroll.
 */
export function PortfolioBar({ model, snapshot, toolsOpen, onTools }: { model: RoomModel; snapshot: RoomSnapshot; toolsOpen: boolean; onTools: () => void }) {
  const capacity = snapshot.meta.capacity;
  const themes = readThemes(model.doc);
  const guardrails = checkGuardrails(snapshot.ranking, themes, capacity);
  const inside = snapshot.ranking.filter((r) => r.inCapacity);
  const used = inside.reduce((s, r) => s + (r.jobSize ?? 0), 0);
  const scroller = useScrollEdges<HTMLDivElement>();
  return (
    <div className="portfolio" aria-label="Portfolio" ref={scroller}>
      <div className="portfolio__row">
        <CapacityControl model={model} capacity={capacity} />
        {capacity !== null && (
          <span className="portfolio__fit" data-capacity-used={used}>
            {inside.length} fit · {formatNumber(used)} of {formatNumber(capacity)} points
          </span>
        )}
        <button type="button" className="portfolio__tools-button" aria-expanded={toolsOpen} data-tools-open="" onClick={onTools}
          aria-label="Portfolio tools: churn, two perspectives, themes and guardrails, decision notes">Tools</button>
      </div>
      <div className="portfolio__status">
        {guardrails.length > 0 && (
          <ul className="portfolio__guardrails" aria-label="Theme guardrails">
            {guardrails.map((g) => {
              const text = guardrailText(g);
              return (
                <li key={g.theme} data-guardrail={g.theme} data-ok={String(g.ok)} className={g.ok ? 'ok' : 'warn'} style={{ borderColor: themes[g.theme]?.colour }}
                  title={text} aria-label={text}>
                  {g.theme} {pct(g.share)}
                  {g.minShare !== undefined && <> ≥ {pct(g.minShare)}</>}
                  {g.maxShare !== undefined && <> ≤ {pct(g.maxShare)}</>}
                  {!g.ok && <strong> ✕</strong>}
                </li>
              );
            })}
          </ul>
        )}
        <ScaleHealthLine ranking={snapshot.ranking} scale={snapshot.meta.scale} />
      </div>
      <StabilityDialog />
    </div>
  );
}

/**
 * Right above the ranking, never scrolled away: committed features below the cut line, and who moved what across it
 * (a few notices at most, newest first, each dismissible; they go by themselves too — see `useCutLineNotices`). On
 * shorter screens fewer show, each on one line (the whole text in its tooltip).
 */
export function CutLineAlerts({ snapshot, cut, onShowAll }: { snapshot: RoomSnapshot; cut: CutLineNotices; onShowAll: () => void }) {
  const { notices, dismiss, dismissAll } = cut;
  const fits = useSyncExternalStore(subscribeScreen, noticesOnScreen, () => SHOWN_NOTICES);
  const { shown, more } = shownNotices(notices, fits);
  // Always mounted (hidden while empty), so screen readers hear each new notice.
  return (
    <div className="cut-alerts" aria-label="Cut line alerts" aria-live="polite">
      <CommittedWarning ranking={snapshot.ranking} />
      {notices.length > 0 && (
        <ul className="portfolio__notices" aria-label="Cut line changes">
          {shown.map((n) => (
            <li key={n.key} className={`cut-notice cut-notice--${n.direction}`}>
              <span data-cut-line-notice={n.direction} data-feature-id={n.featureId} title={n.text}>{n.text}</span>
              <button type="button" className="cut-notice__close" aria-label={`Dismiss: ${n.text}`} title="Dismiss" onClick={() => dismiss(n.key)}>×</button>
            </li>
          ))}
          {(more > 0 || shown.length > 1) && (
            <li className="cut-notice cut-notice--more">
              {more > 0 && <span data-cut-line-more={more}>+{more} older</span>}
              <button type="button" className="link-button" data-cut-line-all="" onClick={onShowAll} aria-label="Show every cut line change whole, in the portfolio tools">Show all</button>
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
