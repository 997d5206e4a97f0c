import { useEffect, useRef, useState } from 'react';
import { LEAD_KEY, metaMap, readLead, setLead, type Lead } from '@ladder/board-doc';
import { getActiveEditor } from '../board/editorRef';
import { isCard } from '../board/reconcile';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { notify } from '../ui/notices';
import './present.css';

// Follow the facilitator: the facilitator brings every screen to the feature being discussed (`meta.lead`) and
// releases them; each person can stop following and follow again.

/** Where the facilitator leads the room, kept up to date. */
export function useLead(model: RoomModel): Lead | null {
  const [lead, setLeadState] = useState<Lead | null>(() => readLead(model.doc));
  useEffect(() => {
    const meta = metaMap(model.doc);
    const onChange = (event: { keysChanged: Set<string> }) => { if (event.keysChanged.has(LEAD_KEY)) setLeadState(readLead(model.doc)); };
    meta.observe(onChange);
    setLeadState(readLead(model.doc));
    return () => meta.unobserve(onChange);
  }, [model]);
  return lead;
}

/** The facilitator brings everyone to a feature (or, with null, releases them). */
export function leadTo(model: RoomModel, featureId: string | null): void {
  if (model.session.role !== 'facilitator') return;
  try {
    model.doc.transact(() => setLead(model.doc, featureId === null ? null : {
      featureId, by: { participantId: model.session.participantId, name: model.session.name }, at: Date.now(),
    }), model.origin);
  } catch {
    notify({ tone: 'error', text: 'Everyone could not be brought there; try again.' });
  }
}

/** Brings this screen to a feature: its ranking row in view and marked for a moment, its card framed on the canvas (or in view on the card board). */
export function goTo(featureId: string): void {
  const row = document.querySelector<HTMLElement>(`[data-ranking-row][data-feature-id="${CSS.escape(featureId)}"]`);
  if (row) {
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    row.scrollIntoView({ block: 'center', behavior: reduced ? 'auto' : 'smooth' });
    row.setAttribute('data-led', '');
    setTimeout(() => row.removeAttribute('data-led'), 4000);
  }
  const editor = getActiveEditor();
  if (!editor) {
    // The card board (no canvas): its card scrolled into view.
    document.querySelector(`.board--cards [data-card-feature-id="${CSS.escape(featureId)}"]`)?.scrollIntoView({ block: 'center' });
    return;
  }
  const card = editor.getCurrentPageShapes().find((s) => isCard(s) && s.props.featureId === featureId);
  const bounds = card && editor.getShapePageBounds(card);
  if (bounds) editor.zoomToBounds(bounds, { targetZoom: 1, inset: 120, animation: { duration: 400 } });
}

/**
 * The strip that says who leads the room where: for the facilitator, Release everyone; for the others, Stop following
 * or Follow again. Following, each new lead brings this screen to the feature.
 */
export function FollowBar({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const lead = useLead(model);
  const [following, setFollowing] = useState(true);
  const applied = useRef<number | null>(null);
  const mine = lead?.by.participantId === model.session.participantId;
  useEffect(() => {
    if (!lead || mine || !following || applied.current === lead.at) return;
    applied.current = lead.at;
    // After the rows and cards of a just-synced room are drawn.
    const timer = setTimeout(() => goTo(lead.featureId), 50);
    return () => clearTimeout(timer);
  }, [lead, mine, following]);
  if (!lead) return null;
  const title = snapshot.byId.get(lead.featureId)?.title ?? lead.featureId;
  if (mine) {
    return (
      <section className="follow-bar follow-bar--leading" aria-label="Leading the room" data-follow-bar="leading">
        <span>You are leading everyone to “{title}”.</span>
        <button type="button" className="ghost-button" data-lead-release="" onClick={() => leadTo(model, null)}>Release everyone</button>
      </section>
    );
  }
  return (
    <section className="follow-bar" aria-label="Following the facilitator" data-follow-bar={following ? 'following' : 'left'}>
      <span>{following ? `Following ${lead.by.name}: “${title}”.` : `${lead.by.name} is leading the room to “${title}”.`}</span>
      {following ? (
        <button type="button" className="ghost-button" data-follow-stop="" onClick={() => setFollowing(false)}>Stop following</button>
      ) : (
        <button type="button" className="primary-button" data-follow-again="" onClick={() => { setFollowing(true); applied.current = lead.at; goTo(lead.featureId); }}>
          Follow {lead.by.name}
        </button>
      )}
    </section>
  );
}
