import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Animates reordering (FLIP): rows that changed place slide from where they were.
 * Rows are the container's `[data-ranking-row]` elements. All positions are read first, then the
 * animations start, so the layout is computed once; rows outside the visible list are not animated.
 */
export function useFlip(container: RefObject<HTMLElement | null>, orderKey: string): void {
  const last = useRef(new Map<string, number>());
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    const rows = [...el.querySelectorAll<HTMLElement>('[data-ranking-row]')];
    const view = el.getBoundingClientRect();
    const next = new Map<string, number>();
    for (const row of rows) next.set(row.dataset.featureId ?? '', row.getBoundingClientRect().top);
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    if (!reduce) {
      for (const row of rows) {
        const id = row.dataset.featureId ?? '';
        const top = next.get(id) as number;
        const before = last.current.get(id);
        if (before === undefined || Math.abs(before - top) < 1) continue;
        const visible = (y: number) => y > view.top - 80 && y < view.bottom + 80;
        if (!visible(top) && !visible(before)) continue;
        row.animate([{ transform: `translateY(${before - top}px)` }, { transform: 'translateY(0)' }], { duration: 420, easing: 'cubic-bezier(.2,.8,.2,1)' });
      }
    }
    last.current = next;
  }, [container, orderKey]);
}
