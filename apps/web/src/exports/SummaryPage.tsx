import { useMemo } from 'react';
import { readNotes, readThemes, roundKeys, type Round } from '@ladder/board-doc';
import { COMPONENTS } from '@ladder/wsjf';
import { download } from '../api';
import { keyLabel } from '../estimation/labels';
import { lockedOf } from '../estimation/lock';
import { subjectOf } from '../estimation/state';
import { useRounds } from '../estimation/useRounds';
import { COMPONENT_SHORT, fieldLabel, formatNumber } from '../room/labels';
import { PiSummary } from '../pi/PiSummary';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { notify } from '../ui/notices';
import { svgToPng } from './image';
import { rankingSvg } from './rankingSvg';
import './summary.css';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'ladder';
}

/** Rounds that reached a result, newest first (an accepted round, or one revealed and then re-voted). */
function decidedRounds(rounds: readonly Round[]): Round[] {
  return rounds.filter((r) => r.result !== null).sort((a, b) => (b.revealedAt ?? b.createdAt) - (a.revealedAt ?? a.createdAt));
}

/**
 * The session on one printable page (`?summary`): the ranking with the cut line, the decisions with their notes and
 * the rounds with their results, then the PI's objectives, risks and confidence votes when it had any; Print saves it
 * as PDF; the ranking board exports as SVG and PNG.
 */
export function SummaryPage({ model, snapshot, onClose }: { model: RoomModel; snapshot: RoomSnapshot; onClose: () => void }) {
  const rounds = useRounds(model.doc);
  // Notes and themes are re-read with every change the snapshot brings.
  const notes = useMemo(() => readNotes(model.doc), [model, snapshot]);
  const themes = useMemo(() => readThemes(model.doc), [model, snapshot]);
  const { meta, ranking } = snapshot;
  const inRound = (id: string) => lockedOf(rounds, id).size > 0;
  const titleOf = (id: string) => snapshot.byId.get(id)?.title ?? id;
  const name = slug(meta.title);
  const svg = () => rankingSvg({ title: meta.title, date: new Date(), rows: ranking, capacity: meta.capacity, themes, inRound });
  const exportSvg = () => download(new Blob([svg()], { type: 'image/svg+xml' }), `${name}-ranking.svg`);
  const exportPng = async () => {
    try {
      download(await svgToPng(svg()), `${name}-ranking.png`);
    } catch (err) {
      notify({ tone: 'error', text: err instanceof Error ? err.message : 'The PNG export failed; try again.' });
    }
  };
  const cutAt = meta.capacity === null ? -1 : ranking.findIndex((r) => r.inCapacity === false);
  const decided = decidedRounds(rounds);
  return (
    <div className="summary" data-summary="">
      <header className="summary__head">
        <div>
          <h1>{meta.title || 'Ladder session'}</h1>
          <p className="summary__meta">Session summary · {when.format(new Date())} · {ranking.filter((r) => r.rank !== null).length} of {ranking.length} features ranked
            {meta.capacity !== null && ` · capacity ${formatNumber(meta.capacity)} points`}</p>
        </div>
        <div className="summary__actions">
          <button type="button" className="primary-button" onClick={() => window.print()}>Print or save as PDF</button>
          <button type="button" className="ghost-button" data-summary-svg="" onClick={exportSvg}>Ranking SVG</button>
          <button type="button" className="ghost-button" data-summary-png="" onClick={() => void exportPng()}>Ranking PNG</button>
          <button type="button" className="ghost-button" onClick={onClose}>Back to the board</button>
        </div>
      </header>

      <section aria-labelledby="summary-ranking">
        <h2 id="summary-ranking">Ranking</h2>
        <table className="summary__ranking">
          <thead>
            <tr><th>#</th><th>Feature</th><th>Team</th><th>Theme</th>{COMPONENTS.map((c) => <th key={c}>{COMPONENT_SHORT[c]}</th>)}<th>CoD</th><th>WSJF</th><th>Committed</th></tr>
          </thead>
          <tbody>
            {ranking.flatMap((r, i) => {
              const hidden = inRound(r.id);
              const line = (
                <tr key={r.id} data-summary-row={r.id} className={r.inCapacity === false ? 'out' : ''}>
                  <td>{r.rank ?? '–'}</td>
                  <td><span className="summary__id">{r.id}</span> {r.title}</td>
                  <td>{r.team}</td>
                  <td>{r.theme && <span className="summary__theme" style={{ borderColor: themes[r.theme]?.colour }}>{r.theme}</span>}</td>
                  {COMPONENTS.map((c) => <td key={c}>{hidden ? '·' : formatNumber(r[c])}</td>)}
                  <td>{hidden ? '·' : formatNumber(r.costOfDelay)}</td>
                  <td><strong>{hidden ? 'in a round' : formatNumber(r.wsjf)}</strong></td>
                  <td>{r.committed ? 'yes' : ''}</td>
                </tr>
              );
              return i === cutAt
                ? [<tr key="cut" className="summary__cut" data-summary-cut=""><td colSpan={12}>cut line · {formatNumber(meta.capacity)} points</td></tr>, line]
                : [line];
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="summary-decisions">
        <h2 id="summary-decisions">Decisions and their notes</h2>
        {notes.length === 0 ? <p className="summary__none">No decision notes were written.</p> : (
          <ol className="summary__notes">
            {notes.map((n) => (
              <li key={n.id} data-summary-note={n.id}>
                <span className="summary__when">{when.format(n.at)}</span> <strong>{n.author}</strong>
                {n.featureId ? <> on <em>{titleOf(n.featureId)}</em></> : ' on the ranking'}
                {n.change && <> ({n.change.field === 'capacity' ? 'capacity' : fieldLabel(n.change.field)} {String(n.change.from ?? '–')} → {String(n.change.to ?? '–')})</>}: {n.text}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="summary-rounds">
        <h2 id="summary-rounds">Estimation rounds</h2>
        {decided.length === 0 ? <p className="summary__none">No round was revealed.</p> : (
          <ol className="summary__rounds">
            {decided.map((r) => (
              <li key={r.id} data-summary-round={r.id}>
                <strong>{subjectOf(r, titleOf)}</strong> · {r.result?.votes.length ?? 0} vote{r.result?.votes.length === 1 ? '' : 's'} · {r.status === 'accepted' ? 'accepted' : r.status === 'closed' ? 're-voted or cancelled' : 'revealed, not accepted yet'}
                <ul>
                  {roundKeys(r).map((k) => (
                    <li key={k}>
                      {keyLabel(r, k, snapshot)}: consensus {r.result?.consensus[k] ?? '–'}, spread {r.result?.spread[k] ?? '–'}
                      {r.accepted?.[k] !== undefined && <>, accepted <strong>{r.accepted[k]}</strong></>}
                      {r.result?.discuss[k]?.discuss && ' (discussed: votes far apart)'}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </section>

      <PiSummary model={model} snapshot={snapshot} />
    </div>
  );
}
