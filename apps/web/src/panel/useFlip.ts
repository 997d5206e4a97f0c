import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Animates reordering (FLIP): rows that changed place slide from where they were.
 * Rows are the container's children carrying `data-feature-id`.
 */
export function useFlip(container: RefObject<HTMLElement | null>, orderKey: string): void {
  const last = useRef(new Map<string, number>());
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    const next = new Map<string, number>();
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    el.querySelectorAll<HTMLElement>('[data-ranking-row]').forEach((row) => {
      const id = row.dataset.featureId ?? '';
      const top = row.getBoundingClientRect().top;
      next.set(id, top);
      const before = last.current.get(id);
      if (before !== undefined && Math.abs(before - top) > 1 && !reduce) {
        row.animate([{ transform: `translateY(${before - top}px)` }, { transform: 'translateY(0)' }], { duration: 420, easing: 'cubic-bezier(.2,.8,.2,1)' });
      }
    });
    last.current = next;
  }, [container, orderKey]);
}
