import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Participant } from '../room/participants';
import { initialsOf, ROLE_LABEL } from '../room/identity';
import { keepTabInside } from '../ui/Modal';
import { PeopleList } from './PeopleList';

/** Avatars shown in the header; the rest are counted (+N) and listed under People, so the room title keeps its room. */
/** Avatars the header shows before "+N" (fewer where the exports share the header: a viewer's). */
const AVATARS_SHOWN = 8;

/** Who is here: avatar in their cursor colour, name, role, online or not; the People button lists them all by name. */
export function Participants({ participants, onRemove, shown = AVATARS_SHOWN }: {
  participants: readonly Participant[];
  /** How many avatars before "+N". */
  shown?: number;
  /** For facilitators: removes a person from the room (offered in the People list). */
  onRemove?: ((p: Participant) => Promise<void>) | undefined;
}) {
  const online = participants.filter((p) => p.online).length;
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const listId = useId();
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) toggle.current?.focus();
  };

  // A click anywhere else closes the list (the focus stays where that click put it).
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (e.target instanceof Node && !root.current?.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, [open]);

  // While the list is open, Tab and Shift+Tab go round its own controls, as in the board's other dialogs.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = root.current?.querySelector<HTMLElement>('[data-people-list]');
    if (open && list && e.target instanceof Node && list.contains(e.target)) keepTabInside(e, list);
  };

  return (
    <div className="people" aria-label={`${online} online`} ref={root} onKeyDown={onKeyDown}>
      {/* The avatars open the list for the mouse too; the keyboard uses the People button beside them. */}
      <ul className="people__list" aria-label="Participants" onClick={() => setOpen((o) => !o)}>
        {participants.slice(0, shown).map((p) => (
          <li
            key={p.participantId}
            className={`avatar${p.online ? '' : ' avatar--away'}`}
            style={{ background: p.color }}
            title={`${p.name}${p.isSelf ? ' (you)' : ''} · ${ROLE_LABEL[p.role]} · ${p.online ? 'online' : 'offline'}`}
            data-participant=""
            data-online={p.online}
            aria-label={`${p.name}${p.isSelf ? ' (you)' : ''}, ${ROLE_LABEL[p.role]}, ${p.online ? 'online' : 'offline'}`}
          >
            {initialsOf(p.name)}
          </li>
        ))}
        {participants.length > shown && <li className="avatar avatar--more">+{participants.length - shown}</li>}
      </ul>
      <button
        ref={toggle}
        type="button"
        className="people__toggle"
        aria-label={`People: ${online} online of ${participants.length}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        People <span className="people__online">{online}</span>
      </button>
      {open && <PeopleList id={listId} participants={participants} onClose={close} onRemove={onRemove} />}
    </div>
  );
}
