import { useEffect, useState, type FormEvent } from 'react';
import { LIMITS } from '@ladder/board-doc';
import { ApiError, inviteInfo, joinRoom, type InviteInfo } from '../api';
import { ROLE_HINT } from '../invites/InviteList';
import { ROLE_LABEL } from '../room/identity';
import { lastName, saveSession, type RoomSession } from '../session';

const INVALID_INVITE = 'This invite link is not valid or has expired. Ask the facilitator for a new link.';

/** What the person joining is told: an unknown room or invite is a dead link, not a request to fix. */
function joinError(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Joining failed. Check your connection and try again.';
  // An expired link and one the facilitator replaced say so, as the server words it.
  if (err.code === 'invite_expired' || err.code === 'invite_replaced') return err.message;
  if (err.status === 401 || err.status === 404) return INVALID_INVITE;
  return err.message;
}

/** Join screen of `/r/:roomId?invite=…`: a name, then in. */
export function JoinPage({ roomId, invite, existing, onJoined }: { roomId: string; invite: string | null; existing: RoomSession | null; onJoined: () => void }) {
  const [name, setName] = useState(existing?.name ?? lastName());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Which room and role the link opens, asked before a name is typed: a dead link says so at once.
  const [info, setInfo] = useState<InviteInfo | null>(null);
  const [dead, setDead] = useState(false);
  useEffect(() => {
    if (!invite) return;
    let live = true;
    inviteInfo(roomId, invite).then(
      (answer) => { if (live) setInfo(answer); },
      (err: unknown) => {
        if (!live) return;
        // Only a refusal of the invite is final; without a connection, Join can still be tried.
        if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
          setDead(true);
          setError(joinError(err));
        }
      },
    );
    return () => { live = false; };
  }, [roomId, invite]);

  const continueAsBefore = () => {
    history.replaceState(null, '', `/r/${encodeURIComponent(roomId)}`);
    onJoined();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!invite) return;
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Type the name the others will see.');
      return;
    }
    // The same person opening their own link again (same name, same role) goes on as themselves, votes and all,
    // instead of joining a second time under the same name.
    if (existing && trimmed === existing.name && (!info || info.role === existing.role)) {
      continueAsBefore();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const joined = await joinRoom(roomId, invite, trimmed);
      saveSession(roomId, { ...joined, name: trimmed });
      history.replaceState(null, '', `/r/${encodeURIComponent(roomId)}`);
      onJoined();
    } catch (err) {
      setError(joinError(err));
      setBusy(false);
    }
  };

  return (
    <div className="center-page">
      <form className="panel-card" onSubmit={(e) => void submit(e)} aria-labelledby="join-title">
        <div className="brand brand--large"><span className="brand__mark" aria-hidden="true" />Ladder</div>
        <h1 id="join-title">{info ? `Join “${info.title}”` : 'Join the session'}</h1>
        {info && (
          <p className="lead" data-join-role={info.role}>
            You join as <strong>{ROLE_LABEL[info.role]}</strong>. {ROLE_HINT[info.role]}
          </p>
        )}
        {!invite && <p className="form-error" role="alert">This link has no invite. Ask the facilitator for your invite link.</p>}
        <label className="field">
          <span>Your name</span>
          <input autoFocus name="name" autoComplete="name" maxLength={LIMITS.name} value={name} disabled={dead} onChange={(e) => setName(e.target.value)} placeholder="e.g. Alex Morgan" />
        </label>
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="primary-button primary-button--wide" disabled={busy || !invite || dead}>{busy ? 'Joining…' : 'Join'}</button>
        {existing && (
          <>
            <p className="hint" data-join-existing>
              {info && info.role !== existing.role
                ? `You are in this room as ${existing.name} (${ROLE_LABEL[existing.role]}) on this device. This link opens another role: Join adds you as someone new.`
                : `You are in this room as ${existing.name} (${ROLE_LABEL[existing.role]}) on this device: Join with this name goes on as you; another name joins as someone new.`}
            </p>
            <button type="button" className="link-button" onClick={continueAsBefore}>
              Continue as {existing.name} ({ROLE_LABEL[existing.role]})
            </button>
          </>
        )}
      </form>
    </div>
  );
}
