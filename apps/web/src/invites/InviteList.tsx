import { useEffect, useRef, useState } from 'react';
import type { Role } from '@ladder/board-doc';
import type { CreatedRoom } from '../api';
import { ROLE_LABEL } from '../room/identity';

/** What each role may do, as invite links and the join page say it. */
export const ROLE_HINT: Record<Role, string> = {
  facilitator: 'Runs the session: everything, plus estimation rounds.',
  product: 'Product Managers: add features and estimate.',
  portfolio: 'Lean Portfolio Management: estimate and prioritise.',
  observer: 'Sees everything live, changes nothing.',
};

/**
 * "New link" for one role, with a confirmation in place (the old link stops working for everyone who has it): Cancel
 * or Escape gives the keyboard back to the button.
 */
function NewLink({ role, onRotate }: { role: Role; onRotate: (role: Role) => Promise<void> }) {
  const [stage, setStage] = useState<'idle' | 'confirm' | 'busy'>('idle');
  const opener = useRef<HTMLButtonElement>(null);
  // Set when the confirmation closes: the button takes the keyboard once it is drawn again (not a frame that may come
  // before React has drawn it).
  const giveBack = useRef(false);
  const label = ROLE_LABEL[role];
  useEffect(() => {
    if (stage !== 'idle' || !giveBack.current) return;
    giveBack.current = false;
    opener.current?.focus();
  }, [stage]);
  const cancel = () => {
    giveBack.current = true;
    setStage('idle');
  };
  const rotate = async () => {
    setStage('busy');
    try {
      await onRotate(role);
    } finally {
      // The keyboard goes back to New link, beside the link that changed.
      cancel();
    }
  };
  if (stage === 'idle') {
    return (
      <button ref={opener} type="button" className="ghost-button invite__rotate" onClick={() => setStage('confirm')}
        aria-label={`New ${label} link: the old one stops working`}>
        New link
      </button>
    );
  }
  return (
    <div className="invite__confirm" role="group" aria-label={`Replace the ${label} link?`} data-rotate-confirm={role}
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); cancel(); } }}>
      <p>The current {label} link stops working: people who already joined stay, nobody new gets in with it.</p>
      <span className="invite__confirm-actions">
        <button type="button" className="danger-button" disabled={stage === 'busy'} onClick={() => void rotate()}
          aria-label={`Confirm: replace the ${label} link`}>
          {stage === 'busy' ? 'Replacing…' : 'Replace link'}
        </button>
        <button type="button" className="ghost-button" autoFocus onClick={cancel} aria-label={`Keep the ${label} link`}>Cancel</button>
      </span>
    </div>
  );
}

/**
 * The four invite links of a room, each with what its role may do, Copy, and Open (in a new tab, so the list stays);
 * with `onRotate` (the facilitator in the room), a New link action per role too.
 */
export function InviteList({ links, onRotate }: { links: CreatedRoom['links']; onRotate?: (role: Role) => Promise<void> }) {
  const [copied, setCopied] = useState<Role | null>(null);
  const copy = async (role: Role, link: string) => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(role);
    } catch {
      setCopied(null);
    }
  };
  return (
    <ul className="invites">
      {(Object.keys(links) as Role[]).map((role) => (
        <li key={role} className="invite" data-invite-role={role}>
          <div>
            <strong>{ROLE_LABEL[role]}</strong>
            <span className="hint">{ROLE_HINT[role]}</span>
            <input readOnly value={links[role]} aria-label={`${ROLE_LABEL[role]} invite link`} onFocus={(e) => e.target.select()} />
          </div>
          <span className="invite__actions">
            <button type="button" className="ghost-button invite__copy" onClick={() => void copy(role, links[role])} aria-label={`Copy the ${ROLE_LABEL[role]} link`}>
              {copied === role ? 'Copied ✓' : 'Copy'}
            </button>
            <a className="link-button" href={links[role]} target="_blank" rel="noopener" aria-label={`Open the ${ROLE_LABEL[role]} link in a new tab`}>Open ↗</a>
            {onRotate && <NewLink role={role} onRotate={onRotate} />}
          </span>
        </li>
      ))}
    </ul>
  );
}
