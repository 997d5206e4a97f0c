import { useMemo } from 'react';
import type { TimelinePoint } from './api';
import { clock } from './format';

const SHOWN = 4;

/** The decision notes written up to the moment shown, newest first: the "why" beside the ranking it explains. */
export function ReplayNotes({ points, index, titles }: {
  points: readonly TimelinePoint[];
  index: number;
  titles: ReadonlyMap<string, string>;
}) {
  const notes = useMemo(() => points.slice(0, index + 1)
    .flatMap((p) => (p.notes ?? []).map((note) => ({ ...note, at: p.at, seq: p.seq, here: p === points[index] })))
    .reverse(), [points, index]);
  if (notes.length === 0) return null;
  return (
    <section className="replay-notes" aria-label="Decision notes until then">
      <h3>Decision notes until then</h3>
      <ol>
        {notes.slice(0, SHOWN).map((n) => (
          <li key={n.id} data-replay-note="" data-seq={n.seq} className={n.here ? 'replay-notes__here' : undefined}>
            <time>{clock(n.at)}</time> <strong>{n.author}</strong>
            {n.featureId ? ` on ${n.featureId} ${titles.get(n.featureId) ?? ''}` : ' on the ranking'}: <q>{n.text}</q>
          </li>
        ))}
      </ol>
      {notes.length > SHOWN && <p className="hint">{notes.length - SHOWN} earlier notes are in the list of changes below.</p>}
    </section>
  );
}
