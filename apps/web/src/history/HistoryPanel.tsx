import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { rankDiff } from '@ladder/wsjf';
import { download } from '../api';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { fetchEvents, fetchExport, fetchTimeline, type HistoryEvent, type TimelinePoint } from './api';
import { useRounds } from '../estimation/useRounds';
import { EventList } from './EventList';
import { shortClock } from './format';
import { RankChart } from './RankChart';
import { ReplayNotes } from './ReplayNotes';
import { ReplayBoard, ReplayView } from './ReplayView';
import { Scrubber } from './Scrubber';
import { RestoreHere } from '../safety/RestoreHere';
import { rankSeries } from './series';
import { useReplay } from './useReplay';
import { churnText } from './churnText';
import './history.css';

interface Loaded { events: HistoryEvent[]; points: TimelinePoint[] }

/** The history of the room: scrubber and replay, rank over time, churn, every change, and the exports. */
export function HistoryPanel({ model, snapshot, onClose }: { model: RoomModel; snapshot: RoomSnapshot; onClose: () => void }) {
  const { roomId } = model;
  const { token } = model.session;
  const [loaded, setLoaded] = useState<Loaded>({ events: [], points: [] });
  const rounds = useRounds(model.doc);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState('');
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  /** Fetches what was stored since the last load (everything when `all`), and appends it. */
  const load = useCallback(async (all = false) => {
    try {
      const known = all ? { events: [], points: [] } : loadedRef.current;
      const [events, points] = await Promise.all([
        fetchEvents(roomId, token, known.events.at(-1)?.seq ?? 0),
        fetchTimeline(roomId, token, known.points.at(-1)?.seq ?? 0),
      ]);
      if (!all && (events.length + points.length === 0 || loadedRef.current !== known)) return;
      setLoaded({ events: [...known.events, ...events], points: [...known.points, ...points] });
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [roomId, token]);
  useEffect(() => { void load(true); }, [load]);
  // Every change to the live board — estimates, titles, cards, room settings, a restore — is fetched shortly after
  // it happens: at most one fetch every 600 ms while changes keep coming.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUpdate = () => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        void load();
      }, 600);
    };
    model.doc.on('update', onUpdate);
    return () => {
      model.doc.off('update', onUpdate);
      clearTimeout(timer);
    };
  }, [load, model.doc]);
  const replay = useReplay(roomId, token, loaded.points);
  const series = useMemo(() => rankSeries(loaded.events), [loaded.events]);
  const churn = useMemo(() => (replay.ranking ? rankDiff(replay.ranking, snapshot.ranking) : null), [replay.ranking, snapshot.ranking]);
  const pickSeq = useCallback((seq: number) => {
    const index = loaded.points.findIndex((p) => p.seq === seq);
    if (index >= 0) replay.show(index);
  }, [loaded.points, replay]);
  const exportAs = async (format: 'csv' | 'jsonl') => {
    try {
      download(await fetchExport(roomId, token, format), `ladder-${roomId}-history.${format}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  // Opened from the History button, which gives way to the panel: the keyboard goes on to the panel's first control.
  const panel = useRef<HTMLElement>(null);
  useEffect(() => { panel.current?.querySelector<HTMLElement>('.history__head button')?.focus(); }, []);
  const shownAt = replay.shown !== null ? loaded.points[replay.shown]?.at : undefined;

  return (
    <aside ref={panel} className="history" aria-label="History and replay">
      <header className="history__head">
        <h2>History</h2>
        <span className="history__spacer" />
        <button type="button" onClick={() => void load(true)} aria-label="Reload the history">Reload</button>
        <button type="button" onClick={() => void exportAs('csv')} aria-label="Export the history as CSV">CSV</button>
        <button type="button" onClick={() => void exportAs('jsonl')} aria-label="Export the history as JSON lines">JSONL</button>
        <button type="button" onClick={onClose} aria-label="Close the history">✕</button>
      </header>
      {error && <p className="history__error" role="alert">{error}</p>}
      <Scrubber points={loaded.points} replay={replay} />
      <RestoreHere model={model} seq={replay.shown !== null ? loaded.points[replay.shown]?.seq : undefined} latestSeq={loaded.points.at(-1)?.seq ?? 0} />
      {replay.index !== null && (
        <section className="replay" aria-label="The board then">
          {churn && (
            <p className="replay__churn" data-churn={churn.churn.toFixed(3)}>
              {churnText(shownAt !== undefined ? shortClock(shownAt) : 'then', churn)}
            </p>
          )}
          {replay.ranking ? <ReplayView ranking={replay.ranking} /> : <p className="hint">Loading the board…</p>}
          <ReplayNotes points={loaded.points} index={replay.index} titles={series.titles} />
          {replay.ranking && <ReplayBoard shapes={replay.shapes} plan={replay.plan} pi={replay.pi} ranking={replay.ranking} />}
        </section>
      )}
      <RankChart points={series.points} changes={series.changes} titles={series.titles} selected={selected} onSelect={setSelected} />
      <EventList events={loaded.events} titles={series.titles} rounds={rounds} onPick={pickSeq} />
    </aside>
  );
}

/** The "History" button and, when open, the history panel over the board; closing the panel gives the keyboard back to the button. */
export function HistoryDrawer({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const closed = useRef(false);
  useEffect(() => {
    if (open || !closed.current) return;
    closed.current = false;
    // Only when the keyboard was in the panel that went (it is on the page now), not when it has gone somewhere since.
    const active = document.activeElement;
    if (active === null || active === document.body) toggle.current?.focus();
  }, [open]);
  return (
    <>
      {!open && (
        <button ref={toggle} type="button" className="history-toggle" aria-label="Show the history and replay" onClick={() => setOpen(true)}>
          History
        </button>
      )}
      {open && <HistoryPanel model={model} snapshot={snapshot} onClose={() => { closed.current = true; setOpen(false); }} />}
    </>
  );
}
