import { useEffect, useState, type FormEvent } from 'react';
import type { ConfidenceVote } from '@ladder/board-doc';
import { ApiError } from '../api';
import { ValuePicker } from '../estimation/ValuePicker';
import type { RoomModel, RoomSnapshot } from '../room/model';
import { notify } from '../ui/notices';
import { raise } from './actions';
import { confidenceApi } from './api';
import { averageText, concernRisk, distributionBars, FIST, invitesConcern, scopeLabel, votesInOrder } from './confidence';

// The fist-of-five confidence vote. Each voter's value lives only on their own screen (this component's state, and the
// server's `mine` answer after a reload) — never in the document or presence; everyone sees who voted, never what.

const failed = (err: unknown, what: string) => notify({ tone: 'error', text: err instanceof ApiError ? err.message : `${what} failed; try again.` });
const when = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function OpenVote({ model, scopes }: { model: RoomModel; scopes: readonly string[] }) {
  const [scope, setScope] = useState('ART');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await confidenceApi.open(model.roomId, model.session.token, scope);
    } catch (err) {
      failed(err, 'Opening the vote');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="confidence-open" onSubmit={(e) => void submit(e)} aria-label="Open a confidence vote">
      <label>
        <span>Confidence vote for</span>
        <select value={scope} onChange={(e) => setScope(e.target.value)} aria-label="Whose plan the vote is on">
          <option value="ART">The ART</option>
          {scopes.map((t) => <option key={t} value={t}>Team {t}</option>)}
        </select>
      </label>
      <button type="submit" className="primary-button" disabled={busy} data-confidence-open="">Open the vote</button>
    </form>
  );
}

/**
 * The invitations this page answered (filed or put off), by room and vote: in memory only, so the tabs and the PI view
 * can close and open again without asking twice (a reload asks again: nothing about a vote is kept on the device).
 */
const answered = new Map<string, 'filed' | 'dismissed'>();

/** After the reveal, on the screen of a voter who voted 2 or less only: state the concern, which becomes a risk. */
function ConcernInvite({ model, vote, value }: { model: RoomModel; vote: ConfidenceVote; value: number }) {
  const key = `${model.roomId}/${vote.id}`;
  const [text, setText] = useState('');
  const [state, setAnswered] = useState<'asking' | 'filed' | 'dismissed'>(() => answered.get(key) ?? 'asking');
  const setState = (next: 'filed' | 'dismissed') => {
    answered.set(key, next);
    setAnswered(next);
  };
  if (state === 'dismissed') return null;
  if (state === 'filed') return <p className="concern concern--filed" role="status">Thank you: your concern is on the ROAM board as a risk.</p>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const risk = concernRisk(text, vote);
    if (risk && raise(model, risk)) setState('filed');
  };
  const id = `concern-${vote.id}`;
  return (
    <form className="concern" data-concern-invite={vote.id} onSubmit={submit} aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="concern__title"><strong>You voted {value}: state your concern</strong></p>
      <p className="hint">Only you see this. What would raise your confidence? Your concern becomes a risk on the ROAM board{vote.scope === 'ART' ? '' : ` for team ${vote.scope}`} — without your vote.</p>
      <textarea id={id} value={text} onChange={(e) => setText(e.target.value)} aria-label="Your concern" rows={3} maxLength={5000} placeholder="What worries you about this plan" />
      <div className="concern__actions">
        <button type="submit" className="primary-button" disabled={text.trim() === '' || !model.canWrite}>File as a risk</button>
        <button type="button" className="ghost-button" onClick={() => setState('dismissed')}>Not now</button>
      </div>
    </form>
  );
}

function Result({ vote }: { vote: ConfidenceVote }) {
  const r = vote.result;
  if (!r) return null;
  const bars = distributionBars(r.distribution);
  const most = Math.max(1, ...bars.map((b) => b.count));
  return (
    <div className="confidence-result" data-confidence-result={r.accepted ? 'accepted' : 'rework'} data-average={r.average ?? ''}>
      <ol className="confidence-bars" aria-label="Votes per value">
        {bars.map((b) => (
          <li key={b.value} data-confidence-bar={b.value} data-count={b.count} aria-label={`${b.count} voted ${b.value}`}>
            <span className="confidence-bars__bar" style={{ height: `${Math.round((b.count / most) * 100)}%` }} aria-hidden="true"><span>{b.count}</span></span>
            <span className="confidence-bars__value" aria-hidden="true">{b.value}</span>
          </li>
        ))}
      </ol>
      <div className="confidence-result__outcome">
        <p className="confidence-result__average">Average <strong>{averageText(r.average)}</strong> <span>· {r.voters} vote{r.voters === 1 ? '' : 's'}</span></p>
        <p className={`confidence-result__verdict confidence-result__verdict--${r.accepted ? 'accepted' : 'rework'}`}>{r.accepted ? 'Plan accepted' : 'Plan needs rework'}</p>
        {!r.accepted && <p className="hint">An average under 3: rework the plan, then open a new vote.</p>}
      </div>
    </div>
  );
}

function VoteCard({ model, snapshot, vote }: { model: RoomModel; snapshot: RoomSnapshot; vote: ConfidenceVote }) {
  const me = model.session.participantId;
  const canVote = model.session.role !== 'observer';
  const facilitator = model.session.role === 'facilitator';
  const votedMe = vote.voted.includes(me);
  const [mine, setMine] = useState<number | null>(null);
  const [invited, setInvited] = useState(false);
  // The server has answered for the revealed vote: only then is it known whether this voter is invited.
  const [answered, setAnsweredReveal] = useState(false);
  const [busy, setBusy] = useState(false);
  // My own value after a reload, and after the reveal whether it invites a concern: asked of the server, kept here only.
  useEffect(() => {
    if (!canVote || !votedMe) return;
    let live = true;
    confidenceApi.mine(model.roomId, model.session.token, vote.id).then((answer) => {
      if (!live) return;
      // While voting, a value picked here since is newer than the answer; once revealed, the server's is the last word.
      if (vote.status === 'revealed') setMine(answer.value);
      else if (answer.value !== null) setMine((picked) => picked ?? answer.value);
      setInvited(answer.invited);
      setAnsweredReveal(vote.status === 'revealed');
    }, () => {});
    return () => { live = false; };
  }, [model, vote.id, vote.status, votedMe, canVote]);
  const pick = async (value: number) => {
    const before = mine;
    setMine(value);
    try {
      await confidenceApi.vote(model.roomId, model.session.token, vote.id, value);
    } catch (err) {
      setMine(before);
      failed(err, 'The vote');
    }
  };
  const reveal = async () => {
    setBusy(true);
    try {
      await confidenceApi.reveal(model.roomId, model.session.token, vote.id);
    } catch (err) {
      failed(err, 'The reveal');
    } finally {
      setBusy(false);
    }
  };
  const nameOf = (id: string) => model.nameOf(id) ?? snapshot.participants.find((p) => p.participantId === id)?.name ?? 'A participant';
  const waiting = vote.status === 'open'
    ? [...new Map(snapshot.participants.filter((p) => p.online && !p.removed && p.role !== 'observer' && !vote.voted.includes(p.participantId)).map((p) => [p.participantId, p.name])).values()]
    : [];
  const open = vote.status === 'open';
  return (
    <li className={`confidence-vote confidence-vote--${vote.status}`} data-confidence-vote={vote.id} data-confidence-status={vote.status} data-confidence-voted={vote.voted.length}>
      <header className="confidence-vote__head">
        <h3>Confidence in the plan of {scopeLabel(vote.scope)}</h3>
        <span className={`confidence-vote__status confidence-vote__status--${vote.status}`}>{open ? 'Voting' : 'Revealed'}</span>
        <span className="confidence-vote__when">{when.format(vote.openedAt)}</span>
      </header>
      <p className="confidence-vote__voters" aria-live="polite">
        <strong>{vote.voted.length} voted</strong>{vote.voted.length > 0 && `: ${vote.voted.map(nameOf).join(', ')}`}
        {open && waiting.length > 0 && <span className="confidence-vote__waiting"> · still to vote: {waiting.join(', ')}</span>}
      </p>
      {open && canVote && (
        <div className="confidence-vote__mine">
          <ValuePicker groupName={`Your confidence in the plan of ${scopeLabel(vote.scope)}`} label="Confidence" scale={FIST} value={mine ?? undefined} hook="vote" keyId={`confidence-${vote.id}`} onPick={(v) => void pick(v)} />
          <p className="hint">{mine === null ? '1 = no confidence, 5 = full confidence. Only you see your vote.' : `You voted ${mine}. Only you see it; change it until the reveal.`}</p>
        </div>
      )}
      {open && facilitator && (
        <button type="button" className="primary-button confidence-vote__reveal" disabled={busy || vote.voted.length === 0} onClick={() => void reveal()} data-confidence-reveal="">Reveal</button>
      )}
      {!open && <Result vote={vote} />}
      {!open && answered && mine !== null && !invited && <p className="hint confidence-vote__yours" data-confidence-mine="">You voted {mine}.</p>}
      {!open && answered && invited && mine !== null && invitesConcern(mine) && <ConcernInvite model={model} vote={vote} value={mine} />}
    </li>
  );
}

/** Open votes (the facilitator opens one for the ART or a team), the vote in progress, and every earlier result. */
export function ConfidenceTab({ model, snapshot, votes, scopes }: { model: RoomModel; snapshot: RoomSnapshot; votes: readonly ConfidenceVote[]; scopes: readonly string[] }) {
  const list = votesInOrder(votes);
  return (
    <div className="pi-confidence">
      {model.session.role === 'facilitator' && <OpenVote model={model} scopes={scopes} />}
      {list.length === 0 ? (
        <p className="empty pi-empty">No confidence vote yet. {model.session.role === 'facilitator' ? 'Open one for the ART or a team when the plan is ready.' : 'The facilitator opens one when the plan is ready.'}</p>
      ) : (
        <ol className="confidence-votes">{list.map((v) => <VoteCard key={v.id} model={model} snapshot={snapshot} vote={v} />)}</ol>
      )}
    </div>
  );
}

/** The confidence votes' public state, read-only (the replay): each vote's subject, how many voted, and its result once revealed. */
export function ConfidenceResults({ votes }: { votes: readonly ConfidenceVote[] }) {
  const list = votesInOrder(votes);
  if (list.length === 0) return <p className="empty pi-empty">No confidence vote yet.</p>;
  return (
    <ol className="confidence-votes">
      {list.map((vote) => (
        <li key={vote.id} className={`confidence-vote confidence-vote--${vote.status}`} data-confidence-vote={vote.id} data-confidence-status={vote.status} data-confidence-voted={vote.voted.length}>
          <header className="confidence-vote__head">
            <h3>Confidence in the plan of {scopeLabel(vote.scope)}</h3>
            <span className={`confidence-vote__status confidence-vote__status--${vote.status}`}>{vote.status === 'open' ? 'Voting' : 'Revealed'}</span>
            <span className="confidence-vote__when">{when.format(vote.openedAt)}</span>
          </header>
          {vote.status === 'open' && <p className="confidence-vote__voters"><strong>{vote.voted.length} voted</strong> so far</p>}
          {vote.status === 'revealed' && <Result vote={vote} />}
        </li>
      ))}
    </ol>
  );
}
