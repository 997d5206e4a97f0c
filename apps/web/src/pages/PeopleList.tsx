import { useRef, useState, type FocusEvent } from 'react';
import { ApiError } from '../api';
import { ROLES, type Role } from '@ladder/board-doc';
import type { Participant } from '../room/participants';
import { ROLE_LABEL } from '../room/identity';
import './people.css';

const GROUP_LABEL: Record<Role, string> = {
  facilitator: 'Facilitators',
  product: 'Product',
  portfolio: 'Portfolio',
  observer: 'Observers',
};

/** Within a role: online first, you first among them, then by name. */
function byPresence(a: Participant, b: Participant): number {
  return Number(b.online) - Number(a.online) || Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name);
}

/**
 * "Remove from room" for one person, with a confirmation in place: Cancel (or Escape) gives the keyboard back to the
 * button; a refusal shows the server's message.
 */
function RemovePerson({ person, onRemove }: { person: Participant; onRemove: (p: Participant) => Promise<void> }) {
  const [stage, setStage] = useState<'idle' | 'confirm' | 'busy'>('idle');
  const [error, setError] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = () => {
    setStage('idle');
    requestAnimationFrame(() => opener.current?.focus());
  };
  const remove = async () => {
    setStage('busy');
    setError(null);
    try {
      await onRemove(person);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Removing failed; try again.');
      setStage('confirm');
    }
  };
  if (stage === 'idle') {
    return (
      <button ref={opener} type="button" className="link-button person__remove" aria-label={`Remove ${person.name} from the room`} onClick={() => setStage('confirm')}>
        Remove from room
      </button>
    );
  }
  return (
    <div
      className="person__confirm"
      role="group"
      aria-label={`Remove ${person.name}?`}
      data-remove-confirm=""
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); cancel(); } }}
    >
      <p>Remove {person.name}? Their board closes and their link stops working.</p>
      {error && <p className="form-error" role="alert">{error}</p>}
      <span className="person__confirm-actions">
        <button type="button" className="danger-button" disabled={stage === 'busy'} onClick={() => void remove()} aria-label={`Confirm: remove ${person.name} from the room`}>
          {stage === 'busy' ? 'Removing…' : 'Remove'}
        </button>
        <button type="button" className="ghost-button" autoFocus onClick={cancel} aria-label={`Keep ${person.name} in the room`}>Cancel</button>
      </span>
    </div>
  );
}

/**
 * Everyone in the room by name, without hovering: grouped by role with counts, online first. A popover under the
 * People button; Escape or ✕ closes it and gives the keyboard back to that button.
 */
export function PeopleList({ id, participants, onClose, onRemove }: {
  id: string;
  participants: readonly Participant[];
  onClose: (refocus: boolean) => void;
  /** For facilitators: removes a person from the room (absent: no Remove action is offered). */
  onRemove?: ((p: Participant) => Promise<void>) | undefined;
}) {
  const [query, setQuery] = useState('');
  const online = participants.filter((p) => p.online).length;
  const needle = query.trim().toLowerCase();
  const groups = ROLES.map((role) => {
    const members = participants.filter((p) => p.role === role).sort(byPresence);
    return { role, members, online: members.filter((p) => p.online).length, shown: members.filter((p) => p.name.toLowerCase().includes(needle)) };
  }).filter((g) => g.members.length > 0);
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    // The focus leaving the list (a click on the page behind) closes it; a click on its own text does not. Tab and
    // Shift+Tab stay inside it (see Participants).
    const next = e.relatedTarget;
    if (next instanceof Node && !e.currentTarget.parentElement?.contains(next)) onClose(false);
  };

  return (
    <div
      id={id}
      className="people-pop"
      role="dialog"
      aria-label="People in this room"
      data-people-list=""
      onBlur={onBlur}
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onClose(true); } }}
    >
      <header className="people-pop__head">
        <h2>People</h2>
        <span className="people-pop__total">{online} online · {participants.length} in all</span>
        <button type="button" className="icon-button" aria-label="Close the people list" onClick={() => onClose(true)}>✕</button>
      </header>
      <input
        className="people-pop__find"
        type="search"
        aria-label="Find a person"
        placeholder="Find a person"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        autoFocus
      />
      <div className="people-pop__groups">
        {groups.map((g) => (
          <section key={g.role} className="people-pop__group" aria-labelledby={`${id}-${g.role}`} data-role-group={g.role}>
            <h3 id={`${id}-${g.role}`}>
              {GROUP_LABEL[g.role]} <span className="people-pop__count" data-count="">{g.online} of {g.members.length} online</span>
            </h3>
            <ul>
              {g.shown.map((p) => (
                <li
                  key={p.participantId}
                  className={`person${p.online ? '' : ' person--away'}`}
                  data-person=""
                  data-participant-id={p.participantId}
                  data-role={p.role}
                  data-online={p.online}
                  data-removed={p.removed}
                >
                  <span className="person__dot" style={{ background: p.color }} aria-hidden="true" />
                  <span className="person__name">{p.name}{p.isSelf ? ' (you)' : ''}</span>
                  <span className="visually-hidden">, {ROLE_LABEL[p.role]}, </span>
                  <span className={`person__state person__state--${p.removed ? 'removed' : p.online ? 'online' : 'offline'}`}>
                    {p.removed ? 'removed' : p.online ? 'online' : 'offline'}
                  </span>
                  {onRemove && !p.isSelf && !p.removed && <RemovePerson person={p} onRemove={onRemove} />}
                </li>
              ))}
            </ul>
          </section>
        ))}
        {needle && groups.every((g) => g.shown.length === 0) && <p className="hint">Nobody called “{query.trim()}” here.</p>}
      </div>
    </div>
  );
}
