import { labelLines, type PastShape } from './canvas';

/** About this many title characters fit on a line of a mini-card (28-unit text, 18 units of padding each side). */
const perLine = (w: number) => Math.max(6, Math.floor((w - 36) / 15));

/** The canvas as it was: every card where it stood, with its rank then. Read-only. */
export function CanvasView({ shapes }: { shapes: readonly PastShape[] }) {
  if (shapes.length === 0) return <p className="hint">Nothing on the canvas at that moment.</p>;
  const minX = Math.min(...shapes.map((s) => s.x)) - 20;
  const minY = Math.min(...shapes.map((s) => s.y)) - 20;
  const maxX = Math.max(...shapes.map((s) => s.x + s.w)) + 20;
  const maxY = Math.max(...shapes.map((s) => s.y + s.h)) + 20;
  return (
    <svg className="replay__canvas" viewBox={`${minX} ${minY} ${maxX - minX} ${maxY - minY}`} role="img"
      aria-label={`The canvas at that moment: ${shapes.filter((s) => s.card).length} cards`} data-replay-canvas="">
      {shapes.map((s) => (
        <g key={s.id} data-past-shape={s.card ? 'card' : 'shape'} data-title={s.label}>
          {s.label && <title>{s.label}</title>}
          <rect x={s.x} y={s.y} width={s.w} height={s.h} rx={12} fill={s.card ? '#fff' : '#fef9c3'} stroke="#94a3b8" strokeWidth={3} />
          {s.card && <text x={s.x + 18} y={s.y + 48} fontSize={34} fontWeight={700} fill="#1e3a8a">{s.rank === null ? '–' : `#${s.rank}`}</text>}
          <text x={s.x + 18} y={s.y + (s.card ? 100 : 40)} fontSize={28} fill="#111827" data-past-label="">
            {labelLines(s.label, perLine(s.w)).map((line, i) => <tspan key={i} x={s.x + 18} dy={i === 0 ? 0 : 34}>{line}</tspan>)}
          </text>
        </g>
      ))}
    </svg>
  );
}
