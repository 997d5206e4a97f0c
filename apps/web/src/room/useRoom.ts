import { useEffect, useState, useSyncExternalStore } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { loadSession } from '../session';
import { setActiveRoom } from './active';
import { RoomModel, type RoomSnapshot } from './model';

/**
 * Owns one room for as long as the component is mounted: the Y.Doc, the WebSocket provider, the
 * IndexedDB copy, awareness and the derived ranking. Needs a session saved by the join screen.
 */
export function useRoom(roomId: string): { model: RoomModel; snapshot: RoomSnapshot } {
  const [model] = useState(() => {
    const session = loadSession(roomId);
    if (!session) throw new Error(`No session for room ${roomId}: join it through an invite link first.`);
    const room = new RoomModel(roomId, session);
    jitterReconnects(room.provider);
    return room;
  });
  useEffect(() => {
    setActiveRoom(model);
    return () => {
      setActiveRoom(null);
      model.destroy();
    };
  }, [model]);
  const snapshot = useSyncExternalStore(model.subscribe, model.getSnapshot);
  return { model, snapshot };
}

/** Longest wait before a reconnect attempt, in ms. */
const MAX_RECONNECT_DELAY_MS = 5_000;
/** Close code of a server restart (1012): everyone reconnects at once, so start from a wider spread. */
const SERVICE_RESTART = 1012;
const RESTART_BACKOFF_STEPS = 3;

/**
 * Jittered exponential backoff on top of the stock provider, so a room full of clients does not reconnect in step.
 * The provider waits min(2^attempts × 100 ms, maxBackoffTime) after each close; setting maxBackoffTime to a random
 * share of that bound just before it is read makes the wait uniformly random below it ("full jitter").
 */
function jitterReconnects(provider: WebsocketProvider): void {
  provider.on('connection-close', (event) => {
    if (event?.code === SERVICE_RESTART) provider.wsUnsuccessfulReconnects = Math.max(provider.wsUnsuccessfulReconnects, RESTART_BACKOFF_STEPS);
    const bound = Math.min(2 ** (provider.wsUnsuccessfulReconnects + 1) * 100, MAX_RECONNECT_DELAY_MS);
    provider.maxBackoffTime = Math.max(50, Math.round(Math.random() * bound));
  });
}
