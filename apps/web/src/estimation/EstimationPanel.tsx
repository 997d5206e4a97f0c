import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { roundKeys } from '@ladder/board-doc';
import type { Component } from '@ladder/wsjf';
import { COMPONENT_LABEL } from '../room/labels';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { roundsApi } from './api';
import { keyLabel } from './labels';
import { RoundResultView } from './RoundResult';
import { currentRound, useRounds } from './useRounds';
import './estimation.css';

const VOTER_ROLES = ['facilitator', 'product', 'portfolio'];

/** Arrow keys move between the value buttons of one group, as in a toolbar. */
function arrowKeys(e: KeyboardEvent<HTMLDivElement>): void {
  if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
  const buttons = [...e.currentTarget.querySelectorAll('button')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'ArrowRight' ? 1 : -1)));
  buttons[next]?.focus();
  e.preventDefault();
}

/** A blind estimation round: start it, vote on the room's scale, see who voted, reveal, accept or re-vote. */
export function EstimationPanel({ model, snapshot }: { model: RoomModel; snapshot: RoomSnapshot }) {
  const rounds = useRounds(model.doc);
  const round = currentRound(rounds);
  const { roomId, session } = model;
  const isFacilitator = session.role === 'facilitator';
  const canVote = VOTER_ROLES.includes(session.role);
  const [mine, setMine] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);
  const [featureId, setFeatureId] = useState('');
  const [expanded, setExpanded] = useState(false);
  // Votes are sent one after another: each replaces the previous one, so they must arrive in the order chosen.
  const sending = useRef<Promise<unknown>>(Promise.resolve());
  const live = round !== null && (round.status === 'open' || round.status === 'revealed');

  // My own vote comes back from the server (never from the document) when the round changes or the page reloads.
  const roundId = round?.id ?? null;
  useEffect(() => {
    setMine({});
    if (!roundId || !canVote) return;
    let live = true;
    roundsApi.myVote(roomId, session.token, roundId).then((v) => { if (live && v) setMine(v); }, () => {});
    return () => { live = false; };
  }, [roomId, roundId, session.token, canVote]);

  const run = (action: () => Promise<unknown>) => {
    setError(null);
    action().catch((e: unknown) => setError(e instanceof Error ? e.message : 'That did not work; try again.'));
  };
  const choose = (key: string, value: number) => {
    if (!round) return;
    const next = { ...mine, [key]: value };
    setMine(next);
    const send = sending.current.catch(() => {}).then(() => roundsApi.vote(roomId, session.token, round.id, next));
    sending.current = send;
    run(() => send);
  };
  const start = (id: string, components?: readonly string[]) => run(() => roundsApi.open(roomId, session.token, id, components));
  const selected = featureId || snapshot.ranking[0]?.id || '';
  const titleOf = (id: string) => snapshot.byId.get(id)?.title ?? id;

  if (!live && !expanded) {
    return (
      <section className="estimation estimation--collapsed" aria-label="Estimation round" data-estimation-round="" data-round-status="">
        <button type="button" aria-expanded="false" onClick={() => setExpanded(true)}>Estimation</button>
      </section>
    );
  }
  return (
    <section className="estimation" aria-label="Estimation round" data-estimation-round={round?.id ?? ''} data-round-status={round?.status ?? ''}>
      <h2 className="estimation__title">
        Estimation
        {!live && <button type="button" className="estimation__close" aria-expanded="true" onClick={() => setExpanded(false)}>Hide</button>}
      </h2>
      {isFacilitator && snapshot.ranking.length > 0 && (!round || round.status === 'accepted') && (
        <div className="estimation__start">
          <label>
            Feature to estimate
            <select value={selected} onChange={(e) => setFeatureId(e.target.value)}>
              {snapshot.ranking.map((f) => <option key={f.id} value={f.id}>{f.title}</option>)}
            </select>
          </label>
          <button type="button" className="primary-button" onClick={() => start(selected)}>Start round</button>
        </div>
      )}
      {!round && !isFacilitator && <p className="hint">No round yet: the facilitator starts one.</p>}
      {round && (
        <>
          <p className="estimation__what">
            {round.kind === 'column' ? `${COMPONENT_LABEL[round.components[0] as Component]} across ${round.featureIds.length} features` : titleOf(round.featureIds[0] ?? '')}
            {' · '}<span data-round-state>{round.status}</span>
          </p>
          <p className="estimation__count" aria-live="polite" data-round-counts>
            {round.counts.voted} of {Math.max(round.counts.expected, round.counts.voted)} voted
            {round.voted.length > 0 && `: ${round.voted.map((v) => v.name).join(', ')}`}
          </p>
          {round.status === 'open' && canVote && roundKeys(round).map((key) => (
            <div key={key} className="estimation__group" role="group" aria-label={`Your vote: ${keyLabel(round, key, snapshot)}`} onKeyDown={arrowKeys}>
              <span className="estimation__key">{keyLabel(round, key, snapshot)}</span>
              {snapshot.meta.scale.map((value) => (
                <button key={value} type="button" className="estimation__value" data-vote-key={key} data-vote-value={value}
                  aria-pressed={mine[key] === value} aria-label={`${keyLabel(round, key, snapshot)} ${value}`} onClick={() => choose(key, value)}>
                  {value}
                </button>
              ))}
            </div>
          ))}
          {round.status === 'open' && round.deadline !== null && <p className="hint">Reveals at {new Date(round.deadline).toLocaleTimeString()}</p>}
          {round.status === 'open' && isFacilitator && (
            <button type="button" className="primary-button" onClick={() => run(() => roundsApi.reveal(roomId, session.token, round.id))}>Reveal</button>
          )}
          {round.result && <RoundResultView round={round} result={round.result} snapshot={snapshot} />}
          {round.status === 'revealed' && isFacilitator && (
            <div className="estimation__actions">
              <button type="button" className="primary-button" onClick={() => run(() => roundsApi.accept(roomId, session.token, round.id))}>Accept consensus</button>
              <button type="button" onClick={() => run(() => round.kind === 'column'
                ? Promise.reject(new Error('Start the column round again from the API.'))
                : roundsApi.open(roomId, session.token, round.featureIds[0] ?? '', round.components))}>Re-vote</button>
            </div>
          )}
        </>
      )}
      {error && <p className="estimation__error" role="alert">{error}</p>}
    </section>
  );
}
