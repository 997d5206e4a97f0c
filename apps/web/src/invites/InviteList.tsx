import { useState } from 'react';
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

/** The four invite links of a room, each with what its role may do, Copy, and Open (in a new tab, so the list stays). */
export function InviteList({ links }: { links: CreatedRoom['links'] }) {
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
          </span>
        </li>
      ))}
    </ul>
  );
}
