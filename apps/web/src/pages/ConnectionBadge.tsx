import type { ConnectionState } from '../room/model';

const TEXT: Record<ConnectionState, string> = {
  online: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline: changes are kept on this device',
  denied: 'Disconnected',
};

export function ConnectionBadge({ state, synced }: { state: ConnectionState; synced: boolean }) {
  const text = state === 'online' && !synced ? 'Syncing…' : TEXT[state];
  return (
    <span className={`conn conn--${state}`} role="status" aria-live="polite" data-connection={state}>
      <span className="conn__dot" aria-hidden="true" />
      {text}
    </span>
  );
}
