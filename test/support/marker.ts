import type { SyncClient } from './clients';
import { eventually } from '@ladder/testing';

// Absence without sleeping. A test that checks that something did *not* reach a client sends a marker after it, over
// a path that would have carried the unwanted thing first, and waits for the marker: whatever was going to arrive has
// arrived by then, so the check can look at once. A marker proves nothing about a path it does not share.

let markers = 0;

/**
 * Sets a fresh marker in `from`'s presence and waits until each of `to` sees it. Presence is relayed as it comes, so this
 * orders only what the server had already sent on (or refused) when the marker left: use it after a refusal was seen,
 * or after a change was stored, never right after an edit still in the room's queue.
 */
export async function presenceMarker(from: SyncClient, to: readonly SyncClient[], what = 'the presence marker'): Promise<void> {
  const marker = `marker-${++markers}`;
  from.provider.awareness.setLocalStateField('marker', marker);
  const clientId = from.doc.clientID;
  await Promise.all(to.map((client) => eventually(
    () => (client.provider.awareness.getStates().get(clientId) as { marker?: string } | undefined)?.marker === marker,
    { what: `${what} reaches client ${client.doc.clientID}` },
  )));
}
