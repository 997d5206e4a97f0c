import { useEffect, useState, useSyncExternalStore } from 'react';
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
    return new RoomModel(roomId, session);
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
