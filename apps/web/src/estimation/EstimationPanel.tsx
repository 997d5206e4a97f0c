import { useEffect, useRef, useState, type FocusEvent } from 'react';
import { roundKeys } from '@ladder/board-doc';
import { tabStops } from '../ui/Modal';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { roundsApi, type OpenRound } from './api';
import { keyLabel } from './labels';
import { RoundResultView } from './RoundResult';
import { StartRound } from './StartRound';
import { adjustmentOf, againOf, currentRound, differsText, featureName, panelOf, previousResult, subjectOf } from './state';
import { useRounds } from './useRounds';
import { ValuePicker } from './ValuePicker';
import { Voters } from './Voters';
import './estimation.css';

/**
 * Where the keyboard goes once what a button did shows (the button itself may be gone by then): the expanded panel's
 * Hide, the collapsed panel's Estimation, the new round's first vote, the revealed result's Accept, or after an accept
 * the form for the next round.
 */
type FocusGoal = 'expanded' | 'collapsed' | 'vote' | 'result' | 'next';

/** A blind estimation round: start it, vote on the room's scale, see who voted, reveal, adjust and accept or re-vote. */
export function EstimationPanel({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const rounds = useRounds(model.doc);
  const round = currentRound(rounds);
  const previous = previousResult(rounds, round);
  const { roomId, session } = model;
  const { live, isFacilitator, canVote, showStart, showVoters, showVote, showReveal, showAccept } =
    panelOf(round, session.role, snapshot.ranking.length);
  const [mine, setMine] = useState<Record<string, number>>({});
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const focusGoal = useRef<FocusGoal | null>(null);
  /** The keyboard is in the panel (it stays so when the control it was on is removed, until it goes elsewhere). */
  const keyboardIn = useRef(false);
  const onFocus = () => { keyboardIn.current = true; };
  const onBlur = (e: FocusEvent<HTMLElement>) => {
    if (e.relatedTarget instanceof Node && !e.currentTarget.contains(e.relatedTarget)) keyboardIn.current = false;
  };
  // Votes are sent one after another: each replaces the previous one, so they must arrive in the order chosen.
  const sending = useRef<Promise<unknown>>(Promise.resolve());
  // The vote the server holds for me: a refused vote (a column round without the anchor) puts the picks back to it.
  const stored = useRef<Record<string, number>>({});
  const scale = snapshot.meta.scale;

  // My own vote comes back from the server (never from the document) when the round changes or the page reloads.
  const roundId = round?.id ?? null;
  const roundIdRef = useRef(roundId);
  roundIdRef.current = roundId;
  // The round my votes shown are for: on the first render of a new round they still are the last round's.
  const [mineFor, setMineFor] = useState<string | null>(null);
  useEffect(() => {
    setMine({});
    setMineFor(roundId);
    stored.current = {};
    if (!roundId || !canVote) return;
    let current = true;
    roundsApi.myVote(roomId, session.token, roundId).then((v) => { if (current && v) { stored.current = v; setMine(v); } }, () => {});
    return () => { current = false; };
  }, [roomId, roundId, session.token, canVote]);

  // The facilitator's values to accept start as the consensus of the reveal.
  // Keyed by content: the rounds are re-read on every change of any round, which must not undo the facilitator's picks.
  const consensus = round?.result?.consensus;
  const consensusKey = consensus ? JSON.stringify(consensus) : '';
  useEffect(() => setChosen(consensusKey ? (JSON.parse(consensusKey) as Record<string, number>) : {}), [roundId, consensusKey]);

  const run = (action: () => Promise<unknown>, goal?: FocusGoal) => {
    setError(null);
    if (goal) focusGoal.current = goal;
    action().catch((e: unknown) => {
      // The button stays, and so does the keyboard on it.
      if (goal && focusGoal.current === goal) focusGoal.current = null;
      setError(e instanceof Error ? e.message : 'That did not work; try again.');
    });
  };

  // The panel's buttons are replaced by what they did (a round, its result) once the server's answer arrives: the
  // keyboard follows there instead of dropping to the page. Only while it is still in the panel or was dropped.
  const status = round?.status ?? null;
  const hasChosen = Object.keys(chosen).length > 0;
  useEffect(() => {
    const goal = focusGoal.current;
    const root = panel.current;
    if (!root) return;
    const active = document.activeElement;
    const first = (selector: string) => {
      const within = root.querySelector<HTMLElement>(selector);
      return within ? tabStops(within)[0] ?? null : null;
    };
    if (!goal) {
      // Someone else's action (the facilitator's reveal, a new round) replaced the control this screen's keyboard was
      // on: it stays in the panel, on the round's first control or else its heading.
      if (keyboardIn.current && (active === null || active === document.body)) {
        (first('.estimation__round') ?? root.querySelector<HTMLElement>('.estimation__title, button[aria-expanded="false"]'))?.focus();
      }
      return;
    }
    if (active && active !== document.body && !root.contains(active)) {
      focusGoal.current = null;
      return;
    }
    let target: HTMLElement | null = null;
    if (goal === 'expanded') target = root.querySelector<HTMLElement>('.estimation__close') ?? tabStops(root)[0] ?? null;
    else if (goal === 'collapsed') target = root.querySelector<HTMLElement>('button[aria-expanded="false"]');
    else if (goal === 'vote' && status === 'open' && mineFor === roundId) target = first('.estimation__vote') ?? root.querySelector<HTMLElement>('[data-round-reveal]');
    // The values to accept start as the consensus a render after the reveal: Accept is enabled from then on (with no
    // votes at all it stays off, and Re-vote is the first control).
    else if (goal === 'result' && status === 'revealed' && (hasChosen || Object.keys(consensus ?? {}).length === 0)) target = first('.estimation__actions');
    else if (goal === 'next' && status === 'accepted') {
      target = root.querySelector<HTMLElement>('button[aria-expanded="false"]') ?? first('.estimation__start') ?? root.querySelector<HTMLElement>('.estimation__close');
    }
    if (!target) return;
    focusGoal.current = null;
    if (target !== active) target.focus();
  });
  const choose = (key: string, value: number) => {
    if (!round) return;
    const next = { ...mine, [key]: value };
    setMine(next);
    const send = sending.current.catch(() => {}).then(() => roundsApi.vote(roomId, session.token, round.id, next));
    sending.current = send;
    const roundAtSend = round.id;
    run(() => send.then(
      () => { if (roundIdRef.current === roundAtSend) stored.current = next; },
      (err: unknown) => {
        // Only the last pick decides what shows: a later one is on its way and replaces this vote anyway.
        if (sending.current === send && roundIdRef.current === roundAtSend) setMine(stored.current);
        throw err;
      },
    ));
  };
  const start = (body: OpenRound) => run(() => roundsApi.open(roomId, session.token, body), 'vote');
  const nameOf = (id: string) => { const row = snapshot.byId.get(id); return row ? featureName(row) : id; };

  if (!live && !expanded) {
    return (
      <section ref={panel} className="estimation estimation--collapsed" aria-label="Estimation round" data-estimation-round="" data-round-status=""
        onFocus={onFocus} onBlur={onBlur}>
        <button type="button" aria-expanded="false" onClick={() => { focusGoal.current = 'expanded'; setExpanded(true); }}>Estimation</button>
      </section>
    );
  }
  const { adjusted, changed } = adjustmentOf(chosen, consensus);
  return (
    <section ref={panel} className="estimation" aria-label="Estimation round" data-estimation-round={round?.id ?? ''} data-round-status={round?.status ?? ''}
      data-round-kind={round?.kind ?? ''} onFocus={onFocus} onBlur={onBlur}>
      <h2 className="estimation__title" tabIndex={-1}>
        Estimation
        {!live && <button type="button" className="estimation__close" aria-expanded="true" onClick={() => { focusGoal.current = 'collapsed'; setExpanded(false); }}>Hide</button>}
      </h2>
      {showStart && (
        <StartRound ranking={snapshot.ranking} smallest={scale[0] ?? 1} onStart={start} />
      )}
      {!round && !isFacilitator && <p className="hint">No round yet: the facilitator starts one.</p>}
      {round && (
        <div className="estimation__round">
          <p className="estimation__what">
            <span className="estimation__subject">
              {subjectOf(round, nameOf)}
            </span>
            <span className={`estimation__status estimation__status--${round.status}`} data-round-state>{round.status}</span>
          </p>
          {showVoters && <Voters round={round} />}
          {showVote && (
            <div className="estimation__vote">
              {round.kind === 'column' && (
                <p className="hint">Give the smallest feature {scale[0]} and the others relative to it. Nobody sees your values before the reveal.</p>
              )}
              {roundKeys(round).map((key) => (
                <ValuePicker key={key} groupName={`Your vote: ${keyLabel(round, key, snapshot)}`} label={keyLabel(round, key, snapshot)}
                  scale={scale} value={mine[key]} hook="vote" keyId={key} onPick={(v) => choose(key, v)} />
              ))}
            </div>
          )}
          {showReveal && (
            <button type="button" className="primary-button" data-round-reveal
              onClick={() => run(() => roundsApi.reveal(roomId, session.token, round.id), 'result')}>Reveal</button>
          )}
          {isFacilitator && (round.status === 'open' || round.status === 'revealed') && (
            <button type="button" className="ghost-button" data-round-cancel
              aria-label={`Cancel this round: no value is written${round.status === 'open' ? ' and no vote is shown' : ''}`}
              onClick={() => run(() => roundsApi.cancel(roomId, session.token, round.id), 'next')}>Cancel round</button>
          )}
          {previous?.result && (
            <p className="estimation__previous" data-previous-result={previous.id}>
              <strong>Previous vote</strong> ({previous.result.votes.length} vote{previous.result.votes.length === 1 ? '' : 's'}, shown until this re-vote is revealed):{' '}
              {roundKeys(previous).map((k) => `${keyLabel(previous, k, snapshot)} ${previous.result?.consensus[k] ?? '–'} (spread ${previous.result?.spread[k] ?? '–'})`).join(' · ')}
            </p>
          )}
          {round.result && (
            <RoundResultView round={round} result={round.result} snapshot={snapshot}
              {...(showAccept ? { accept: { chosen, choose: (k: string, v: number) => setChosen((c) => ({ ...c, [k]: v })) } } : {})} />
          )}
          {round.status === 'accepted' && round.accepted && (
            <p className="hint" data-round-accepted>
              Accepted: {roundKeys(round).filter((k) => round.accepted?.[k] !== undefined).map((k) => `${keyLabel(round, k, snapshot)} ${round.accepted?.[k]}`).join(', ')}
            </p>
          )}
          {showAccept && adjusted && consensus && (
            <p className="estimation__changed" data-adjusted-count={changed}>
              {differsText(changed)} from the consensus
              <button type="button" className="estimation__link" onClick={() => setChosen({ ...consensus })}>Reset to consensus</button>
            </p>
          )}
          {showAccept && (
            <div className="estimation__actions">
              <button type="button" className="primary-button" disabled={Object.keys(chosen).length === 0}
                onClick={() => run(() => roundsApi.accept(roomId, session.token, round.id, adjusted ? chosen : undefined), 'next')}>
                {adjusted ? 'Accept chosen values' : 'Accept consensus'}
              </button>
              <button type="button" className="ghost-button" onClick={() => start(againOf(round))}>Re-vote</button>
            </div>
          )}
        </div>
      )}
      {error && <p className="estimation__error" role="alert">{error}</p>}
    </section>
  );
}
