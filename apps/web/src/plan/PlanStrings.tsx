import { memo, useEffect, useLayoutEffect, useMemo, useState, type RefObject } from 'react';
import type { Dependency } from '@ladder/board-doc';
import type { DependencyStatus } from '@ladder/wsjf';
import { DEPENDENCY_STATUSES } from '@ladder/wsjf';
import { drawStrings, STATUS_COLOUR, STATUS_LABEL, type Box } from './geometry';

// The dependency strings over the board, in one SVG. The cards' places are read once per frame after the board
// changed (every card's box in one pass of reads, no writes between), relative to the board, so scrolling moves the
// strings with the cards without reading anything again.

/** Every card's box in `board`, relative to it. */
function measure(board: HTMLElement): Map<string, Box> {
  const origin = board.getBoundingClientRect();
  const boxes = new Map<string, Box>();
  for (const el of board.querySelectorAll<HTMLElement>('[data-plan-card]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    boxes.set(el.dataset.planCard ?? '', { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height });
  }
  return boxes;
}

function sameBoxes(a: ReadonlyMap<string, Box>, b: ReadonlyMap<string, Box>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, box] of a) {
    const o = b.get(id);
    if (!o || Math.abs(o.x - box.x) > 0.5 || Math.abs(o.y - box.y) > 0.5 || Math.abs(o.w - box.w) > 0.5 || Math.abs(o.h - box.h) > 0.5) return false;
  }
  return true;
}

/** The boxes of the cards in `board`, measured again a frame after `layoutKey` changes or the board resizes. */
function useCardBoxes(board: RefObject<HTMLElement | null>, layoutKey: string): ReadonlyMap<string, Box> {
  const [boxes, setBoxes] = useState<ReadonlyMap<string, Box>>(() => new Map());
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const el = board.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setTick((t) => t + 1));
    observer.observe(el);
    return () => observer.disconnect();
  }, [board]);
  useLayoutEffect(() => {
    const frame = requestAnimationFrame(() => {
      const el = board.current;
      if (!el) return;
      const next = measure(el);
      setBoxes((prev) => (sameBoxes(prev, next) ? prev : next));
    });
    return () => cancelAnimationFrame(frame);
  }, [board, layoutKey, tick]);
  return boxes;
}

export const PlanStrings = memo(function PlanStrings({ board, layoutKey, dependencies, statuses, titleOf, onPick }: {
  board: RefObject<HTMLElement | null>;
  /** Changes whenever a card may have moved (placements, focus, rows). */
  layoutKey: string;
  dependencies: readonly Dependency[];
  statuses: ReadonlyMap<string, DependencyStatus>;
  titleOf: (featureId: string) => string;
  onPick: ((dependencyId: string) => void) | null;
}) {
  const boxes = useCardBoxes(board, layoutKey);
  const strings = useMemo(() => drawStrings(dependencies, statuses, boxes), [dependencies, statuses, boxes]);
  const byId = useMemo(() => new Map(dependencies.map((d) => [d.id, d])), [dependencies]);
  return (
    <svg className="plan-strings" aria-hidden={onPick ? undefined : true} data-plan-strings="" data-drawn={strings.length}>
      <defs>
        {DEPENDENCY_STATUSES.map((s) => (
          <marker key={s} id={`plan-arrow-${s}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill={STATUS_COLOUR[s]} />
          </marker>
        ))}
      </defs>
      {strings.map((s) => {
        const dep = byId.get(s.id) as Dependency;
        const name = `${titleOf(dep.from)} delivers to ${titleOf(dep.to)}: ${STATUS_LABEL[s.status]}${dep.note ? `. ${dep.note}` : ''}`;
        return (
          <g key={s.id} className={`plan-string plan-string--${s.status}`} data-dependency={s.id} data-status={s.status}
            onClick={onPick ? () => onPick(s.id) : undefined}>
            <title>{name}</title>
            {onPick && <path className="plan-string__hit" d={s.d} />}
            <path className="plan-string__line" d={s.d} stroke={STATUS_COLOUR[s.status]} markerEnd={s.stub === 'to' ? undefined : `url(#plan-arrow-${s.status})`} />
            {s.stub !== null && <circle className="plan-string__end" r="3.5" fill={STATUS_COLOUR[s.status]} {...stubEnd(s.d, s.stub)} />}
          </g>
        );
      })}
    </svg>
  );
});

/** Where a stub's loose end is (its far end from the card). */
function stubEnd(d: string, stub: 'from' | 'to'): { cx: number; cy: number } {
  const [, x, y, h] = /^M([-\d.]+),([-\d.]+) h([-\d.]+)$/.exec(d) ?? [];
  const x0 = Number(x);
  return { cx: stub === 'to' ? x0 + Number(h) : x0, cy: Number(y) };
}
