import type { Dependency } from '@ladder/board-doc';
import type { DependencyStatus } from '@ladder/wsjf';

// The dependency strings' shapes: from the delivering card's right edge to the needing card's left edge, a curve that
// leaves and arrives level, whichever way the cards stand. Plain numbers in, SVG path data out (the board and the
// exported picture draw the same strings).

export interface Box { x: number; y: number; w: number; h: number }

/** Colours of a string by status (unplanned ones are also dashed). */
export const STATUS_COLOUR: Record<DependencyStatus, string> = { ok: '#0e8a5f', risky: '#c07a06', late: '#c62a2f', unplanned: '#8a93a6' };

export const STATUS_LABEL: Record<DependencyStatus, string> = { ok: 'in time', risky: 'risky: same iteration', late: 'late', unplanned: 'not planned' };

const r = (n: number) => Math.round(n * 10) / 10;

/** The curve from the right middle of `from` to the left middle of `to`. */
export function stringPath(from: Box, to: Box): string {
  const x1 = from.x + from.w;
  const y1 = from.y + from.h / 2;
  const x2 = to.x;
  const y2 = to.y + to.h / 2;
  // The handles reach out level from each edge: further when the string runs backwards (a late dependency), so it
  // loops round the cards instead of cutting through them.
  const reach = Math.max(40, Math.min(160, Math.abs(x2 - x1) / 2 + (x2 < x1 ? 60 : 0)));
  return `M${r(x1)},${r(y1)} C${r(x1 + reach)},${r(y1)} ${r(x2 - reach)},${r(y2)} ${r(x2)},${r(y2)}`;
}

/** A short stub off a card whose other end is not on the board: out of its right edge, or into its left edge. */
export function stubPath(box: Box, side: 'out' | 'in', length = 36): string {
  const y = box.y + box.h / 2;
  return side === 'out'
    ? `M${r(box.x + box.w)},${r(y)} h${length}`
    : `M${r(box.x - length)},${r(y)} h${length}`;
}

/** A string as drawn: its path data, and the end that has no card (a stub) if any. */
export interface DrawnString { id: string; status: DependencyStatus; d: string; stub: 'from' | 'to' | null }

/**
 * The strings to draw between the cards whose boxes are known: a full curve when both ends are on the board, a stub
 * when one is, nothing when neither.
 */
export function drawStrings(dependencies: readonly Dependency[], statuses: ReadonlyMap<string, DependencyStatus>, boxes: ReadonlyMap<string, Box>): DrawnString[] {
  const out: DrawnString[] = [];
  for (const dep of dependencies) {
    const from = boxes.get(dep.from);
    const to = boxes.get(dep.to);
    const status = statuses.get(dep.id) ?? 'unplanned';
    if (from && to) out.push({ id: dep.id, status, d: stringPath(from, to), stub: null });
    else if (from) out.push({ id: dep.id, status, d: stubPath(from, 'out'), stub: 'to' });
    else if (to) out.push({ id: dep.id, status, d: stubPath(to, 'in'), stub: 'from' });
  }
  return out;
}
