import type { Participant } from '../room/participants';
import { initialsOf, ROLE_LABEL } from '../room/identity';

/** Who is here: avatar in their cursor colour, name, role, online or not. */
export function Participants({ participants }: { participants: readonly Participant[] }) {
  const online = participants.filter((p) => p.online).length;
  return (
    <div className="people" aria-label={`${online} online`}>
      <ul className="people__list" aria-label="Participants">
        {participants.slice(0, 12).map((p) => (
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
        {participants.length > 12 && <li className="avatar avatar--more">+{participants.length - 12}</li>}
      </ul>
    </div>
  );
}
