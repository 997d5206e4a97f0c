import { createElement } from 'react';
import { HTMLContainer, Rectangle2d, ShapeUtil, T, type TLShape } from 'tldraw';
import { readRounds } from '@ladder/board-doc';
import { lockedOf } from '../estimation/lock';
import { CARD_TYPE } from '../room/actions';
import { getActiveRoom } from '../room/active';
import { CARD_H, CARD_W, cardSvg } from './cardSvg';
import { FeatureCard } from './FeatureCard';

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    [CARD_TYPE]: { featureId: string };
  }
}

export type FeatureCardShape = TLShape<typeof CARD_TYPE>;

export { CARD_H, CARD_W };

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

  /** Plain SVG for PNG/SVG export: self-contained, no HTML (the same drawing as the card board's export). */
  override toSvg(shape: FeatureCardShape) {
    const model = getActiveRoom();
    const row = model?.getSnapshot().byId.get(shape.props.featureId) ?? null;
    // A blind round on the feature: the export hides what the screen hides (its values and the WSJF they make).
    const locked = model ? lockedOf(readRounds(model.doc), shape.props.featureId) : new Set<string>();
    return <g>{cardSvg(row, locked).map((part, i) => createElement(part.tag, { key: i, ...part.attrs }, part.text))}</g>;
  }
}
