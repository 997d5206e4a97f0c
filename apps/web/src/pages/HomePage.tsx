import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@ladder/board-doc';
import { ApiError, createRoom } from '../api';
import { createdRooms, forgetRoom, rememberRoom, type CreatedEntry } from '../invites/createdRooms';
import { InviteList } from '../invites/InviteList';
import { readSetup, SetupFields, type SetupDraft } from '../room/SetupFields';

const NEW_SETUP: SetupDraft = { preset: 'safe', custom: '', capacity: '', themes: '' };

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `/`: create a room and hand out the four invite links; rooms created in this browser keep theirs here. */
export function HomePage() {
  const [title, setTitle] = useState('');
  const [setup, setSetup] = useState<SetupDraft>(NEW_SETUP);
  const [setupError, setSetupError] = useState<{ field?: string; message: string } | null>(null);
  const [shown, setShown] = useState<{ room: CreatedEntry; fresh: boolean } | null>(null);
  const [rooms, setRooms] = useState<CreatedEntry[]>(() => createdRooms());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The room taken off the list last, offered back until the next change to the list.
  const [forgotten, setForgotten] = useState<CreatedEntry | null>(null);
  // The keyboard goes to Undo when a room is forgotten (its row, and the button pressed, are gone).
  const undoRef = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (forgotten) undoRef.current?.focus(); }, [forgotten]);
  const forget = (room: CreatedEntry) => {
    setRooms(forgetRoom(room.roomId));
    setForgotten(room);
  };
  const undoForget = () => {
    if (forgotten) setRooms(rememberRoom(forgotten));
    setForgotten(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) { setError('Give the room a title, e.g. “PI 26.2 planning”.'); return; }
    const values = readSetup(setup);
    if (!values.ok) { setSetupError(values); setError(values.message); return; }
    setSetupError(null);
    setBusy(true);
    setError(null);
    try {
      const { scale, capacity, themes } = values.value;
      const created = await createRoom(title.trim(), { scale, ...(capacity !== null ? { capacity } : {}), ...(themes.length > 0 ? { themes } : {}) });
      const room = { ...created, title: title.trim(), createdAt: Date.now() };
      setRooms(rememberRoom(room));
      setForgotten(null);
      setShown({ room, fresh: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The room could not be created. Try again.');
    } finally {
      setBusy(false);
    }
  };
  const back = () => {
    setShown(null);
    setTitle('');
    setSetup(NEW_SETUP);
  };

  return (
    <div className="center-page">
      <div className="panel-card panel-card--wide">
        <div className="brand brand--large"><span className="brand__mark" aria-hidden="true" />Ladder</div>
        {!shown ? (
          <>
            <form onSubmit={(e) => void submit(e)} aria-labelledby="create-title">
              <h1 id="create-title">Prioritise together, live</h1>
              <p className="lead">One board for Product and Portfolio: estimate cost of delay together and watch the WSJF ranking update on every screen.</p>
              <label className="field">
                <span>Room title</span>
                <input autoFocus value={title} maxLength={LIMITS.title} onChange={(e) => setTitle(e.target.value)} placeholder="PI 26.2 planning" />
              </label>
              <details className="home__setup">
                <summary>Scale, capacity and themes <span className="hint">SAFe 1–20 unless you choose</span></summary>
                <SetupFields draft={setup} onChange={(d) => { setSetup(d); setSetupError(null); }} error={setupError} />
              </details>
              {error && <p className="form-error" role="alert">{error}</p>}
              <button type="submit" className="primary-button primary-button--wide" disabled={busy}>{busy ? 'Creating…' : 'Create room'}</button>
            </form>
            {forgotten && (
              <p className="created-rooms__forgotten" role="status">
                “{forgotten.title}” is off this list (the room and its links stay).{' '}
                <button ref={undoRef} type="button" className="link-button" onClick={undoForget}>Undo</button>
              </p>
            )}
            {rooms.length > 0 && (
              <section className="created-rooms" aria-labelledby="created-title">
                <h2 id="created-title">Rooms created in this browser</h2>
                <ul>
                  {rooms.map((room) => (
                    <li key={room.roomId} data-created-room={room.roomId}>
                      <span className="created-rooms__name">
                        <strong>{room.title}</strong>
                        <span className="hint">{when.format(room.createdAt)}</span>
                      </span>
                      <button type="button" className="ghost-button" onClick={() => setShown({ room, fresh: false })} aria-label={`Invite links of ${room.title}`}>
                        Invite links
                      </button>
                      <button type="button" className="ghost-button" onClick={() => forget(room)} aria-label={`Forget ${room.title} in this browser`}>
                        Forget
                      </button>
                    </li>
                  ))}
                </ul>
                <p className="hint">Kept in this browser only. Forget removes a room from this list; the room and its links stay.</p>
              </section>
            )}
          </>
        ) : (
          <section aria-labelledby="links-title">
            <h1 id="links-title">{shown.fresh ? `“${shown.room.title}” is ready` : `“${shown.room.title}”: invite links`}</h1>
            <p className="lead">
              Send each group its link. Anyone with a link joins with that role. Open takes you in through a new tab, so these
              links stay here. They are also listed on this page later, and in the room a facilitator finds them under “Invite…”.
            </p>
            <InviteList links={shown.room.links} />
            <button type="button" className="ghost-button home__back" onClick={back}>{shown.fresh ? '← Create another room' : '← Back'}</button>
          </section>
        )}
      </div>
    </div>
  );
}
