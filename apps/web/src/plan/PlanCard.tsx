import { memo, useState } from 'react';
import { formatNumber } from '../room/labels';
import { acceptDrag, DEPENDENCY_TYPE, dropped, FEATURE_TYPE, startDrag } from './dnd';
import type { PlanCard as Card } from './grid';

/** What a card may do on this screen: nothing (replay, a viewer's board shows no handles) or everything a writer may. */
export interface CardActions {
  /** Writers drag cards and draw dependencies. */
  canWrite: boolean;
  /** Opens the card's menu (move, take off, dependencies). */
  open(featureId: string): void;
  /** Focus mode on this feature (again: off). */
  focus(featureId: string): void;
  /** A dependency string dropped on this card: `from` delivers to it. */
  link(from: string, to: string): void;
}

export const cardName = (card: Card) => `${card.id} ${card.title}`;

/**
 * A feature on the planning board: its id, rank and job size, and its title. A writer drags it to another cell or off
 * the board, and draws a dependency from its handle (right edge) onto the card that needs it; its menu does the same
 * from the keyboard. A click on its body shows only its dependencies (focus mode).
 */
export const PlanCardView = memo(function PlanCardView({ card, actions, focused, dimmed }: { card: Card; actions: CardActions | null; focused: boolean; dimmed: boolean }) {
  const [target, setTarget] = useState(false);
  const write = actions?.canWrite === true;
  const meta = `${card.rank === null ? 'unranked' : `#${card.rank}`}${card.jobSize === null ? '' : ` · JS ${formatNumber(card.jobSize)}`}`;
  return (
    <div
      className={`plan-card${focused ? ' plan-card--focused' : ''}${dimmed ? ' plan-card--dimmed' : ''}${target ? ' plan-card--target' : ''}`}
      data-plan-card={card.id}
      draggable={write}
      onDragStart={write ? (e) => startDrag(e, FEATURE_TYPE, card.id) : undefined}
      onDragOver={write ? (e) => { if (acceptDrag(e, DEPENDENCY_TYPE)) { e.stopPropagation(); setTarget(true); } } : undefined}
      onDragLeave={write ? () => setTarget(false) : undefined}
      onDrop={write ? (e) => {
        const from = dropped(e, DEPENDENCY_TYPE);
        setTarget(false);
        if (from === null) return;
        e.stopPropagation();
        actions.link(from, card.id);
      } : undefined}
    >
      <button type="button" className="plan-card__body" aria-pressed={focused} disabled={!actions}
        aria-label={`${cardName(card)}, ${meta}. ${focused ? 'Show every dependency' : 'Show only its dependencies'}`}
        onClick={() => actions?.focus(card.id)}>
        <span className="plan-card__meta"><span className="plan-card__id">{card.id}</span> {meta}</span>
        <span className="plan-card__title" title={card.title}>{card.title}</span>
      </button>
      {actions && (
        <button type="button" className="plan-card__menu" aria-label={`Plan ${cardName(card)}: move it, its dependencies`} title="Move, dependencies…"
          onClick={() => actions.open(card.id)}>⋯</button>
      )}
      {write && (
        // The keyboard draws dependencies from the menu; the handle is for the pointer.
        <span className="plan-card__handle" draggable aria-hidden="true" title="Drag onto the card that needs this one"
          data-dependency-handle={card.id} onDragStart={(e) => startDrag(e, DEPENDENCY_TYPE, card.id)} />
      )}
    </div>
  );
});
