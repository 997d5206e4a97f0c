import { useCallback, useState, type DragEvent } from 'react';
import { Board } from '../board/Board';
import { CardBoard } from '../board/CardBoard';
import type { LaneKey } from '../board/laneGroups';
import { boardChoiceHere } from '../board/licence';
import { EstimationPanel } from '../estimation/EstimationPanel';
import { HistoryDrawer } from '../history/HistoryPanel';
import { FeatureEditor } from '../panel/FeatureEditor';
import { RankingPanel } from '../panel/RankingPanel';
import { ROLE_LABEL } from '../room/identity';
import { useRoom } from '../room/useRoom';
import { InviteButton } from '../invites/InviteDialog';
import { ConflictsBar } from '../safety/ConflictsBar';
import { SafetyButton } from '../safety/SafetyDialog';
import { forgetSession } from '../session';
import { notify } from '../ui/notices';
import { ConnectionBadge } from './ConnectionBadge';
import { Participants } from './Participants';
import { SettingsButton } from './SettingsDialog';
import { FollowBar } from '../present/follow';
import { PresenterView } from '../present/PresenterView';
import { SummaryPage } from '../exports/SummaryPage';
import { PlanView } from '../plan/PlanView';
import { CallBackBar } from '../pi/AgendaClock';
import { PiView } from '../pi/PiView';
import { Toolbar } from './Toolbar';

/** Close code of a participant the facilitator removed from the room (the server's CLOSE.REVOKED). */
const REMOVED = 4410;

/** Adds (`on`) or removes a flag such as `?present` in the address, without a reload or a history entry. */
function markAddress(flag: string, on: boolean): void {
  const url = new URL(location.href);
  if (on) url.searchParams.set(flag, '');
  else url.searchParams.delete(flag);
  history.replaceState(history.state, '', url.pathname + url.search.replace(/=(?=&|$)/g, '') + url.hash);
}

/** The board of one room: header, canvas (or the planning board, or the PI view), ranking panel, editor drawer. */
export function RoomPage({ roomId }: { roomId: string }) {
  const { model, snapshot } = useRoom(roomId);
  const [dropped, setDropped] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  // The canvas, or the card board where tldraw would run unlicensed (or on `?cards`): decided before tldraw mounts.
  const [boardChoice] = useState(boardChoiceHere);
  const [cardLanes, setCardLanes] = useState<LaneKey>('none');
  const cards = boardChoice === 'canvas' ? undefined : { lanes: cardLanes, setLanes: setCardLanes };
  // Presenter mode (`?present` in the address, so a projector's bookmark opens in it).
  const [presenting, setPresenting] = useState(() => new URLSearchParams(location.search).has('present'));
  // The planning board in place of the canvas (`?plan` in the address, so a reload or a shared link opens it).
  const [planning, setPlanning] = useState(() => new URLSearchParams(location.search).has('plan'));
  // The PI view (objectives, risks, confidence, agenda) in place of the canvas (`?pi`); it and the plan take turns.
  const [piOpen, setPiOpen] = useState(() => new URLSearchParams(location.search).has('pi') && !new URLSearchParams(location.search).has('plan'));
  const summary = new URLSearchParams(location.search).has('summary');
  const present = useCallback((on: boolean) => {
    setPresenting(on);
    markAddress('present', on);
  }, []);
  const plan = useCallback((on: boolean) => {
    setPlanning(on);
    markAddress('plan', on);
    if (on) { setPiOpen(false); markAddress('pi', false); }
  }, []);
  const pi = useCallback((on: boolean) => {
    setPiOpen(on);
    markAddress('pi', on);
    if (on) { setPlanning(false); markAddress('plan', false); }
  }, []);
  const planToggle = { open: planning, toggle: () => plan(!planning) };
  const piToggle = { open: piOpen, toggle: () => pi(!piOpen) };
  // The facilitator's call back brings this screen to the main view.
  const backToMain = useCallback(() => { plan(false); pi(false); }, [plan, pi]);
  const title = snapshot.meta.title || (snapshot.synced ? 'Untitled room' : snapshot.connection === 'denied' ? 'Not connected' : 'Loading…');

  const isFileDrag = (e: DragEvent) => model.canWrite && [...e.dataTransfer.types].includes('Files');
  const onDrop = (e: DragEvent) => {
    if (!isFileDrag(e)) return;
    e.preventDefault();
    e.stopPropagation();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    if (/\.(csv|tsv|txt)$|text\/(csv|tab-separated-values)/i.test(file.name + ' ' + file.type)) setDropped(file);
    else notify({ tone: 'error', text: `“${file.name}” is not a CSV file. Save the backlog as CSV (comma- or tab-separated) and drop that file, or use Import CSV.` });
  };

  // The session summary (`?summary`, opened in its own tab from the toolbar) is a printable page of its own.
  if (summary && snapshot.connection !== 'denied') {
    return <div className="room room--document"><SummaryPage model={model} snapshot={snapshot} onClose={() => { location.search = ''; }} /></div>;
  }
  // The projector shows only the presenter view: the canvas and its panels are not drawn behind it.
  if (presenting && snapshot.connection !== 'denied') {
    return <div className="room"><PresenterView model={model} snapshot={snapshot} onExit={() => present(false)} /></div>;
  }

  return (
    <div
      className="room"
      onDragOverCapture={(e) => { if (isFileDrag(e)) { e.preventDefault(); setDragging(true); } }}
      onDragLeave={(e) => { if (e.currentTarget === e.target) setDragging(false); }}
      onDropCapture={onDrop}
    >
      <a className="skip-link" href="#ranking" onClick={(e) => { e.preventDefault(); document.getElementById('ranking')?.focus(); }}>Skip to the ranking</a>
      <header className="topbar">
        <a className="brand" href="/" aria-label="Ladder home"><span className="brand__mark" aria-hidden="true" />Ladder</a>
        <h1 className="topbar__title" title={title}>{title}</h1>
        <span className={`role role--${model.session.role}`} aria-label={`Your role: ${ROLE_LABEL[model.session.role]}`}>
          {model.session.name} · {ROLE_LABEL[model.session.role]}
        </span>
        {!model.canWrite && <span className="readonly-badge">View only</span>}
        <span className="topbar__spacer" />
        {/* A viewer has only the exports: they sit in the header instead of a toolbar row of their own. */}
        {!model.canWrite && <Toolbar model={model} snapshot={snapshot} dropped={null} onDropped={() => setDropped(null)} cards={cards} plan={planToggle} pi={piToggle} />}
        <button type="button" className="ghost-button" data-present-open="" aria-label="Presenter mode: large type for a projector or a shared screen" onClick={() => present(true)}>Present</button>
        <InviteButton model={model} />
        <SettingsButton model={model} snapshot={snapshot} />
        <SafetyButton model={model} />
        <Participants
          participants={snapshot.participants}
          shown={model.canWrite ? undefined : 5}
          onRemove={model.session.role === 'facilitator' ? (p) => model.removeParticipant(p.participantId) : undefined}
        />
        <ConnectionBadge state={snapshot.connection} synced={snapshot.synced} />
      </header>
      {model.canWrite && <Toolbar model={model} snapshot={snapshot} dropped={dropped} onDropped={() => setDropped(null)} cards={cards} plan={planToggle} pi={piToggle} />}
      <ConflictsBar model={model} snapshot={snapshot} />
      <FollowBar model={model} snapshot={snapshot} />
      <CallBackBar model={model} away={planning || piOpen} onBack={backToMain} />
      <main className={`workspace${piOpen ? ' workspace--pi' : planning ? ' workspace--plan' : ''}`}>
        {piOpen ? <PiView model={model} snapshot={snapshot} />
          : planning ? <PlanView model={model} snapshot={snapshot} />
          : boardChoice === 'canvas' ? <Board model={model} /> : <CardBoard ranking={snapshot.ranking} lanes={cardLanes} why={boardChoice} />}
        <EstimationPanel model={model} snapshot={snapshot} />
        <RankingPanel model={model} snapshot={snapshot} />
        <FeatureEditor model={model} snapshot={snapshot} />
        <HistoryDrawer model={model} snapshot={snapshot} />
      </main>
      {dragging && <div className="drop-overlay" aria-hidden="true">Drop the CSV to import it</div>}
      {snapshot.connection === 'denied' && (
        <div className="modal-backdrop">
          {snapshot.deniedCode === REMOVED ? (
            <div className="modal" role="alertdialog" aria-labelledby="denied-title" data-removed-notice="">
              <h2 id="denied-title">You were removed from this room</h2>
              <p>The facilitator removed you from “{snapshot.meta.title || 'this room'}”: the board no longer connects with your link.</p>
              <p className="hint">If that was a mistake, ask the facilitator for a new invite link. Changes you made here are kept on this device.</p>
              <footer className="modal__foot">
                <button type="button" className="primary-button" onClick={() => { forgetSession(roomId); location.assign('/'); }}>Leave the room</button>
              </footer>
            </div>
          ) : (
            <div className="modal" role="alertdialog" aria-labelledby="denied-title">
              <h2 id="denied-title">You are no longer connected to this room</h2>
              <p>{snapshot.deniedReason}</p>
              <p className="hint">Open your invite link again to rejoin. Changes you made here are kept on this device.</p>
              <footer className="modal__foot">
                <button type="button" className="primary-button" onClick={() => { forgetSession(roomId); location.reload(); }}>Leave the room</button>
              </footer>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
