import {
  atom, createPresenceStateDerivation, createUserId, InstancePresenceRecordType, react, UserRecordType,
  type Editor, type TLInstancePresence,
} from 'tldraw';
import type { RoomModel } from '../room/model';
import { userOfState } from '../room/participants';

const PRESENCE_INTERVAL_MS = 100; // at most ~10 cursor updates a second
/** How long another participant's cursor stays drawn after it last moved. */
const IDLE_CURSOR_MS = 20_000;
/** Selected shapes shown to the others, at most (the server takes presence states of up to 16 KB). */
const MAX_SHARED_SELECTION = 100;
/** A presence whose JSON is longer than this goes without its scribbles (a long laser stroke). */
const MAX_SHARED_BYTES = 12 * 1024;

/** What of our presence the others get: a bounded selection, and no scribbles when they would make it too large. */
function sharedPresence(presence: TLInstancePresence): TLInstancePresence {
  const bounded = presence.selectedShapeIds.length > MAX_SHARED_SELECTION
    ? { ...presence, selectedShapeIds: presence.selectedShapeIds.slice(0, MAX_SHARED_SELECTION) }
    : presence;
  return JSON.stringify(bounded).length > MAX_SHARED_BYTES ? { ...bounded, scribbles: [] } : bounded;
}

/**
 * Which other cursors are drawn: one is drawn while it moves and for `idleMs` after; one not seen moving since this
 * board opened, or parked (a participant away, a pointer resting on a panel's edge), is not drawn over the board's
 * controls until it moves again.
 */
export function cursorActivity(idleMs: number): { visible(clientId: number, cursor: unknown, now: number): boolean } {
  const seen = new Map<number, { at: string; movedAt: number }>();
  return {
    visible(clientId, cursor, now) {
      const at = JSON.stringify(cursor === null || typeof cursor !== 'object' ? null : [(cursor as { x?: unknown }).x, (cursor as { y?: unknown }).y]);
      const known = seen.get(clientId);
      if (!known) seen.set(clientId, { at, movedAt: 0 });
      else if (known.at !== at) seen.set(clientId, { at, movedAt: now });
      const movedAt = seen.get(clientId)?.movedAt ?? 0;
      return at !== 'null' && movedAt > 0 && now - movedAt < idleMs;
    },
  };
}

/**
 * Live cursors through Yjs awareness: our tldraw presence goes into our awareness state (throttled),
 * the others' states become `instance_presence` records in the store.
 */
export function syncPresence(editor: Editor, model: RoomModel): () => void {
  const { awareness, session } = model;
  const color = (userOfState(awareness.getLocalState())?.color) ?? '#3e63dd';
  const $user = atom('ladder user', UserRecordType.create({ id: createUserId(session.participantId), name: session.name, color }));
  const instanceId = InstancePresenceRecordType.createId(String(awareness.clientID));
  const $presence = createPresenceStateDerivation($user, { instanceId })(editor.store);

  let last = 0;
  let timer = 0;
  // Only a pointer on the canvas is shared. Over the panels (the estimation panel's vote buttons above all) the
  // cursor is withheld: where it rests would tell the others a blind vote before the reveal.
  const container = editor.getContainer();
  let onCanvas = true;
  const publish = () => {
    timer = 0;
    last = Date.now();
    const presence = $presence.get();
    if (!presence) return;
    awareness.setLocalStateField('presence', sharedPresence(onCanvas ? presence : { ...presence, cursor: null }));
  };
  const onPointer = (event: PointerEvent) => {
    const now = event.target instanceof Node && container.contains(event.target);
    if (now === onCanvas) return;
    onCanvas = now;
    if (timer) clearTimeout(timer);
    publish();
  };
  // Capture: a control that stops its events still moves the pointer.
  document.addEventListener('pointermove', onPointer, true);
  document.addEventListener('pointerdown', onPointer, true);
  const stopReact = react('ladder presence', () => {
    $presence.get();
    if (timer) return;
    const wait = PRESENCE_INTERVAL_MS - (Date.now() - last);
    if (wait <= 0) publish();
    else timer = window.setTimeout(publish, wait);
  });

  const shown = new Set<TLInstancePresence['id']>();
  const activity = cursorActivity(IDLE_CURSOR_MS);
  const onChange = (change?: { added: number[]; updated: number[]; removed: number[] }) => {
    if (change && [...change.added, ...change.updated, ...change.removed].every((id) => id === awareness.clientID)) return;
    const next: TLInstancePresence[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return;
      const raw = (state as { presence?: unknown }).presence;
      if (!raw || !userOfState(state)) return;
      try {
        const cursor = (raw as { cursor?: unknown }).cursor;
        const visible = activity.visible(clientId, cursor, Date.now());
        const record = InstancePresenceRecordType.validate({
          ...(raw as object), ...(visible ? {} : { cursor: null }), id: InstancePresenceRecordType.createId(String(clientId)),
        });
        next.push(record);
      } catch {
        // another client's malformed presence: ignore it
      }
    });
    const ids = new Set(next.map((r) => r.id));
    const gone = [...shown].filter((id) => !ids.has(id));
    editor.store.mergeRemoteChanges(() => {
      if (next.length > 0) editor.store.put(next);
      if (gone.length > 0) editor.store.remove(gone.filter((id) => editor.store.has(id)));
    });
    shown.clear();
    for (const id of ids) shown.add(id);
  };
  awareness.on('change', onChange);
  onChange();
  // An idle cursor goes once its time is up, without waiting for the next change of anyone's presence.
  const idleCheck = window.setInterval(() => onChange(), IDLE_CURSOR_MS / 4);

  return () => {
    stopReact();
    window.clearInterval(idleCheck);
    if (timer) clearTimeout(timer);
    document.removeEventListener('pointermove', onPointer, true);
    document.removeEventListener('pointerdown', onPointer, true);
    awareness.off('change', onChange);
    awareness.setLocalStateField('presence', null);
    editor.store.mergeRemoteChanges(() => editor.store.remove([...shown].filter((id) => editor.store.has(id))));
  };
}
