import { useState, type FormEvent } from 'react';
import { LIMITS } from '@ladder/board-doc';
import { ApiError, createRoom, type CreatedRoom } from '../api';
import { ROLE_LABEL } from '../room/identity';

const ROLE_HINT = {
  facilitator: 'Runs the session: everything, plus estimation rounds.',
  product: 'Product Managers: add features and estimate.',
  portfolio: 'Lean Portfolio Management: estimate and prioritise.',
  observer: 'Sees everything live, changes nothing.',
} as const;

/** `/`: create a room and hand out the four invite links. */
export function HomePage() {
  const [title, setTitle] = useState('');
  const [room, setRoom] = useState<CreatedRoom | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) { setError('Give the room a title, e.g. “PI 26.2 planning”.'); return; }
    setBusy(true);
    setError(null);
    try {
      setRoom(await createRoom(title.trim()));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The room could not be created. Try again.');
    } finally {
      setBusy(false);
    }
  };
  const copy = async (role: string, link: string) => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(role);
    } catch {
      setCopied(null);
    }
  };

  return (
    <div className="center-page">
      <div className="panel-card panel-card--wide">
        <div className="brand brand--large"><span className="brand__mark" aria-hidden="true" />Ladder</div>
        {!room ? (
          <form onSubmit={(e) => void submit(e)} aria-labelledby="create-title">
            <h1 id="create-title">Prioritise together, live</h1>
            <p className="lead">One board for Product and Portfolio: estimate cost of delay together and watch the WSJF ranking update on every screen.</p>
            <label className="field">
              <span>Room title</span>
              <input autoFocus value={title} maxLength={LIMITS.title} onChange={(e) => setTitle(e.target.value)} placeholder="PI 26.2 planning" />
            </label>
            {error && <p className="form-error" role="alert">{error}</p>}
            <button type="submit" className="primary-button primary-button--wide" disabled={busy}>{busy ? 'Creating…' : 'Create room'}</button>
          </form>
        ) : (
          <section aria-labelledby="links-title">
            <h1 id="links-title">“{title.trim()}” is ready</h1>
            <p className="lead">Send each group its link. Anyone with a link joins with that role. Open takes you in through a new tab, so these links stay here.</p>
            <ul className="invites">
              {(Object.keys(room.links) as (keyof typeof room.links)[]).map((role) => (
                <li key={role} className="invite" data-invite-role={role}>
                  <div>
                    <strong>{ROLE_LABEL[role]}</strong>
                    <span className="hint">{ROLE_HINT[role]}</span>
                    <input readOnly value={room.links[role]} aria-label={`${ROLE_LABEL[role]} invite link`} onFocus={(e) => e.target.select()} />
                  </div>
                  <span className="invite__actions">
                    <button type="button" className="ghost-button invite__copy" onClick={() => void copy(role, room.links[role])} aria-label={`Copy the ${ROLE_LABEL[role]} link`}>
                      {copied === role ? 'Copied ✓' : 'Copy'}
                    </button>
                    {/* A new tab, so the links stay here for the other groups after the facilitator opens theirs. */}
                    <a className="link-button" href={room.links[role]} target="_blank" rel="noopener" aria-label={`Open the ${ROLE_LABEL[role]} link in a new tab`}>Open ↗</a>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}
