import { HTMLContainer, Rectangle2d, ShapeUtil, T, type TLShape } from 'tldraw';
import { readRounds } from '@ladder/board-doc';
import { COMPONENTS } from '@ladder/wsjf';
import { lockedOf } from '../estimation/lock';
import { CARD_TYPE } from '../room/actions';
import { getActiveRoom } from '../room/active';
import { COMPONENT_SHORT, formatNumber } from '../room/labels';
import { FeatureCard } from './FeatureCard';

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    [CARD_TYPE]: { featureId: string };
  }
}

export type FeatureCardShape = TLShape<typeof CARD_TYPE>;

export const CARD_W = 272;
/** Tall enough for a two-line title, the four estimate rows and the CoD/WSJF footer (checked in the browser tests). */
export const CARD_H = 240;

/**
 * A backlog feature on the canvas. Its only data is `featureId`: the card renders the live feature
 * from the document, so each estimate has one home.
 */
export class FeatureCardShapeUtil extends ShapeUtil<FeatureCardShape> {
  static override type = CARD_TYPE;
  static override props = { featureId: T.string };

  getDefaultProps(): FeatureCardShape['props'] {
    return { featureId: '' };
  }

  override canResize(): boolean {
    return false;
  }

  override hideResizeHandles(): boolean {
    return true;
  }

  override hideRotateHandle(): boolean {
    return true;
  }

  override canEdit(): boolean {
    return false;
  }

  getGeometry() {
    return new Rectangle2d({ width: CARD_W, height: CARD_H, isFilled: true });
  }

  component(shape: FeatureCardShape) {
    return (
      <HTMLContainer style={{ width: CARD_W, height: CARD_H, pointerEvents: 'all' }}>
        <FeatureCard featureId={shape.props.featureId} />
      </HTMLContainer>
    );
  }

  getIndicatorPath() {
    const path = new Path2D();
    path.roundRect(0, 0, CARD_W, CARD_H, 12);
    return path;
  }

  /** Plain SVG for PNG/SVG export: self-contained, no HTML. */
  override toSvg(shape: FeatureCardShape) {
    const model = getActiveRoom();
    const row = model?.getSnapshot().byId.get(shape.props.featureId) ?? null;
    // A blind round on the feature: the export hides what the screen hides (its values and the WSJF they make).
    const locked = model ? lockedOf(readRounds(model.doc), shape.props.featureId) : new Set<string>();
    const title = row ? (row.title.length > 34 ? row.title.slice(0, 33) + '…' : row.title) : 'Deleted feature';
    return (
      <g>
        <rect width={CARD_W} height={CARD_H} rx={12} fill="#ffffff" stroke="#c9d1e3" strokeWidth={1.5} />
        <rect width={CARD_W} height={6} rx={3} fill={row?.rank ? '#213a8f' : '#9aa4b8'} />
        <text x={14} y={30} fontSize={12} fill="#5b6478" fontFamily="sans-serif">
          {row ? `${row.id}${row.rank ? `  ·  #${row.rank}` : '  ·  unscored'}` : ''}
        </text>
        <text x={14} y={54} fontSize={16} fontWeight={600} fill="#141a29" fontFamily="sans-serif">{title}</text>
        {COMPONENTS.map((c, i) => (
          <text key={c} x={14} y={92 + i * 22} fontSize={13} fill="#2b3345" fontFamily="sans-serif">
            {`${COMPONENT_SHORT[c]}  ${locked.has(c) ? 'in a round' : formatNumber(row?.[c] ?? null)}`}
          </text>
        ))}
        <text x={CARD_W - 14} y={CARD_H - 16} fontSize={15} fontWeight={700} textAnchor="end" fill="#213a8f" fontFamily="sans-serif">
          {locked.size > 0 ? 'WSJF in a round' : row?.wsjf !== null && row?.wsjf !== undefined ? `WSJF ${formatNumber(row.wsjf)}` : ''}
        </text>
      </g>
    );
  }
}
