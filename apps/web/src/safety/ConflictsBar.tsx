import { useEffect, useMemo, useState } from 'react';
import { featuresMap, type FeaturePatch } from '@ladder/board-doc';
import { CONFLICT_NOTICE } from '@ladder/wire';
import { COMPONENTS, type Component } from '@ladder/wsjf';
import { editFeature, setEstimate } from '../room/actions';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { conflictKey, conflictText, fetchConflicts, shownConflicts, type Conflict } from './conflicts';
import './safety.css';

/** How long after a remote change the facilitator's list is asked again (one request for a burst of changes). */
const REFRESH_AFTER_MS = 1500;

function dismissedKey(roomId: string, participantId: string): string {
  return `ladder:conflicts-dismissed:${roomId}:${participantId}`;
}

function loadDismissed(key: string): Set<string> {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return new Set(Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string').slice(-500) : []);
  } catch {
    return new Set();
  }
}

/**
 * The room's conflicts, asked again when the server says it kept one of this client's values aside, when the
 * connection comes back (offline edits are sent then) and, for the facilitator, after changes from others.
 */
function useConflicts(model: RoomModel, synced: boolean): { list: Conflict[]; refresh: () => void } {
  const [list, setList] = useState<Conflict[]>([]);
  const { roomId, session } = model;
  const refresh = useMemo(() => {
    let live = true;
    let busy = false;
    let again = false;
    const run = () => {
      if (busy) { again = true; return; }
      busy = true;
      fetchConflicts(roomId, session.token).then((l) => { if (live) setList(l); }, () => { /* offline: the list stays */ }).finally(() => {
        busy = false;
        if (again && live) { again = false; run(); }
      });
    };
    return Object.assign(run, { stop: () => { live = false; } });
  }, [roomId, session.token]);
  useEffect(() => () => refresh.stop(), [refresh]);
  useEffect(() => {
    if (!synced) return;
    refresh();
    const off = model.onServerNotice((text) => { if (text.startsWith(CONFLICT_NOTICE)) refresh(); });
    const onSync = (isSynced: boolean) => { if (isSynced) refresh(); };
    model.provider.on('sync', onSync);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const features = featuresMap(model.doc);
    const onChange = (_events: unknown, txn: { origin: unknown }) => {
      if (session.role !== 'facilitator' || txn.origin === model.origin || timer) return;
      timer = setTimeout(() => { timer = null; refresh(); }, REFRESH_AFTER_MS);
    };
    features.observeDeep(onChange);
    return () => {
      off();
      model.provider.off('sync', onSync);
      features.unobserveDeep(onChange);
      if (timer) clearTimeout(timer);
    };
  }, [model, synced, refresh, session.role]);
  return { list, refresh };
}

/**
 * Values kept aside by the room: the author sees theirs, with Apply anyway (written on top of the value the room has,
 * an ordinary edit with its own history event) and Keep theirs; the facilitator sees everyone's.
 */
export function ConflictsBar({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const { list, refresh } = useConflicts(model, snapshot.synced);
  const me = model.session.participantId;
  const storeKey = dismissedKey(model.roomId, me);
  const [dismissed, setDismissed] = useState(() => loadDismissed(storeKey));
  const shown = shownConflicts(list, me, model.session.role === 'facilitator', dismissed);
  if (shown.length === 0) return null;
  const dismiss = (c: Conflict) => {
    const next = new Set(dismissed).add(conflictKey(c));
    setDismissed(next);
    try { localStorage.setItem(storeKey, JSON.stringify([...next].slice(-500))); } catch { /* private mode: for this page only */ }
  };
  const apply = (c: Conflict) => {
    const done = (COMPONENTS as readonly string[]).includes(c.field)
      ? setEstimate(model, c.featureId, c.field as Component, typeof c.arriving === 'number' ? c.arriving : null)
      : editFeature(model, c.featureId, { [c.field]: c.arriving } as FeaturePatch);
    if (done) { dismiss(c); setTimeout(refresh, 500); }
  };
  const names = {
    person: (id: string | null) => model.nameOf(id),
    feature: (id: string) => { const row = snapshot.byId.get(id); return row ? `“${row.title}”` : id; },
  };
  return (
    <section className="conflicts" aria-label="Values kept aside" data-conflicts={shown.length}>
      <ul>
        {shown.map((c) => {
          const mine = c.participantId === me;
          return (
            <li key={conflictKey(c)} data-conflict={c.featureId} data-conflict-field={c.field} data-conflict-mine={mine ? '' : undefined}>
              <span>{conflictText(c, mine, names)}</span>
              {mine && model.canWrite && c.whole && (
                <button type="button" className="primary-button" data-conflict-apply onClick={() => apply(c)}>Apply mine anyway</button>
              )}
              <button type="button" className="ghost-button" data-conflict-dismiss onClick={() => dismiss(c)}
                aria-label={mine ? `Keep the board's value for ${c.featureId}` : `Dismiss this conflict on ${c.featureId}`}>
                {mine ? 'Keep theirs' : 'Dismiss'}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
