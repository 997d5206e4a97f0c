import { useEffect, useState } from 'react';
import type { Role } from '@ladder/board-doc';
import { ApiError, inviteLinksOf, rotateInvite, type CreatedRoom } from '../api';
import { ROLE_LABEL } from '../room/identity';
import type { RoomModel } from '../room/model';
import { FacilitatorButton } from '../ui/FacilitatorButton';
import { Modal } from '../ui/Modal';
import { InviteList } from './InviteList';

/** The room's invite links during the session (latecomers, a lost e-mail), for facilitators. */
function InviteDialog({ model, onClose }: { model: RoomModel; onClose: () => void }) {
  const [links, setLinks] = useState<CreatedRoom['links'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rotated, setRotated] = useState<string | null>(null);
  const rotate = async (role: Role) => {
    setRotated(null);
    try {
      const answer = await rotateInvite(model.roomId, model.session.token, role);
      setLinks(answer.links);
      setRotated(`New ${ROLE_LABEL[role]} link ready: the old one no longer works. Send this one instead.`);
    } catch (err) {
      setRotated(err instanceof ApiError ? err.message : 'The link could not be replaced; try again.');
    }
  };
  useEffect(() => {
    let live = true;
    inviteLinksOf(model.roomId, model.session.token).then(
      (answer) => { if (live) setLinks(answer.links); },
      (err: unknown) => { if (live) setError(err instanceof ApiError ? err.message : 'The invite links could not be loaded; try again.'); },
    );
    return () => { live = false; };
  }, [model]);

  return (
    <Modal labelledBy="invite-title" onClose={onClose} className="modal--wide" hook="invite-dialog">
        <h2 id="invite-title">Invite people</h2>
        <p className="hint">Send each group its link: anyone with a link joins this room with that role. Links expire (after 30
          days unless the server is set otherwise); New link replaces a link that reached the wrong people.</p>
        {error && <p className="form-error" role="alert">{error}</p>}
        {!error && !links && <p className="hint" role="status">Loading the links…</p>}
        {links && <InviteList links={links} onRotate={rotate} />}
        <p className="hint" role="status" data-rotated="">{rotated}</p>
        <footer className="modal__foot">
          <button type="button" className="ghost-button" autoFocus onClick={onClose}>Close</button>
        </footer>
    </Modal>
  );
}

/** The header entry: shown to facilitators only (the server refuses the links to anyone else). */
export function InviteButton({ model }: { model: RoomModel }) {
  return (
    <FacilitatorButton model={model} label="Invite…" name="Invite people: the room's invite links" hook="invite-open"
      dialog={(close) => <InviteDialog model={model} onClose={close} />} />
  );
}
