import { memo, useState } from 'react';
import { formatNumber } from '../room/labels';
import { acceptDrag, dropped, FEATURE_TYPE, startDrag } from './dnd';
import type { PlanCard } from './grid';

/**
 * The features not on the board, in rank order: a writer drags one onto a cell (or opens its menu to place it from the
 * keyboard), and drops a card here to take it off the board.
 */
export const Backlog = memo(function Backlog({ cards, canWrite, onOpen, onTakeOff, collapsed, onCollapse }: {
  cards: readonly PlanCard[];
  canWrite: boolean;
  onOpen: (featureId: string) => void;
  onTakeOff: (featureId: string) => void;
  collapsed: boolean;
  onCollapse: (collapsed: boolean) => void;
}) {
  const [over, setOver] = useState(false);
  return (
    <aside className={`plan-backlog${over ? ' plan-backlog--drop' : ''}${collapsed ? ' plan-backlog--collapsed' : ''}`} aria-label="Not on the board" data-plan-backlog=""
      onDragOver={canWrite ? (e) => { if (acceptDrag(e, FEATURE_TYPE)) setOver(true); } : undefined}
      onDragLeave={canWrite ? (e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false); } : undefined}
      onDrop={canWrite ? (e) => {
        setOver(false);
        const id = dropped(e, FEATURE_TYPE);
        if (id !== null) onTakeOff(id);
      } : undefined}>
      <header className="plan-backlog__head">
        {!collapsed && <h3>Not planned <span>{cards.length}</span></h3>}
        <button type="button" className="icon-button" aria-expanded={!collapsed} onClick={() => onCollapse(!collapsed)}
          aria-label={collapsed ? `Show the ${cards.length} features not on the board` : 'Hide the features not on the board'}>{collapsed ? '»' : '«'}</button>
      </header>
      {!collapsed && (
        <>
          {canWrite && <p className="hint plan-backlog__hint">Drag onto the board (from here or the ranking); drop a card here to take it off.</p>}
          {cards.length === 0 && <p className="empty plan-backlog__empty">Every feature is on the board.</p>}
          <ol className="plan-backlog__list">
            {cards.map((card) => (
              <li key={card.id} className="plan-backlog__item" data-plan-backlog-item={card.id} draggable={canWrite}
                onDragStart={canWrite ? (e) => startDrag(e, FEATURE_TYPE, card.id) : undefined}>
                <span className="plan-backlog__rank">{card.rank ?? '–'}</span>
                <span className="plan-backlog__title" title={`${card.id} ${card.title}`}>{card.title}</span>
                {card.jobSize !== null && <span className="plan-backlog__size" title="Job size">{formatNumber(card.jobSize)}</span>}
                {canWrite && <button type="button" className="plan-card__menu" aria-label={`Plan ${card.id} ${card.title}: place it on the board`} onClick={() => onOpen(card.id)}>⋯</button>}
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
});
