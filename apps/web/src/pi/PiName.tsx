import { useState, type FormEvent } from 'react';
import { PI_LIMITS, type PiState } from '@ladder/board-doc';
import type { RoomModel } from '../room/model';
import { Modal } from '../ui/Modal';
import { continuePi, renamePi } from './actions';
import { continueProblem, suggestNextPi, suggestPiName } from './objectives';
import { CommitField } from './ObjectiveRow';

/**
 * Continuing into the next PI: the current PI's name (asked for when it has none yet) and the next one's, and what
 * happens — this PI's objectives and their values are kept under its name for predictability across PIs.
 */
function ContinueDialog({ model, names, title, kept, onClose }: { model: RoomModel; names: PiState | null; title: string; kept: number; onClose: () => void }) {
  const [current, setCurrent] = useState(names?.current ?? suggestPiName(title));
  const [next, setNext] = useState(() => suggestNextPi(names ?? { current: suggestPiName(title), past: [] }));
  const [tried, setTried] = useState(false);
  const problem = continueProblem(names, current, next);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problem === null && continuePi(model, current, next)) onClose();
  };
  const name = current.trim() || 'this PI';
  return (
    <Modal labelledBy="pi-continue-title" describedBy="pi-continue-what" onClose={onClose} hook="pi-continue-dialog">
      <h2 id="pi-continue-title">Continue into the next PI</h2>
      <form onSubmit={submit} noValidate>
        <div id="pi-continue-what" className="pi-continue__what">
          <p>
            {kept === 0 ? `This PI has no objectives yet.` : `This PI's ${kept === 1 ? 'objective keeps its' : `${kept} objectives keep their`} planned and actual business values under its name, ${name}.`}
            {' '}They are listed under <strong>Earlier PIs</strong>, where the Business Owners still set the actual values at the Inspect &amp; Adapt, and count in <strong>Predictability across PIs</strong>.
          </p>
          <p className="hint">The next PI starts with no objectives. Risks, confidence votes, the agenda and the plan stay as they are.</p>
        </div>
        {names === null ? (
          <label className="field">
            <span>This PI's name</span>
            <input value={current} onChange={(e) => setCurrent(e.target.value)} maxLength={PI_LIMITS.name} required data-pi-continue-current="" />
          </label>
        ) : <p className="pi-continue__now">This PI: <strong>{names.current}</strong></p>}
        <label className="field">
          <span>The next PI's name</span>
          <input value={next} onChange={(e) => setNext(e.target.value)} maxLength={PI_LIMITS.name} required placeholder="e.g. PI 27.2" autoFocus data-pi-continue-next=""
            aria-invalid={tried && problem !== null ? true : undefined} aria-describedby={tried && problem !== null ? 'pi-continue-problem' : undefined} />
        </label>
        {tried && problem !== null && <p id="pi-continue-problem" className="pi-continue__problem" role="alert">{problem}</p>}
        <footer className="modal__foot">
          <button type="button" className="ghost-button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary-button" data-pi-continue-confirm="">{next.trim() === '' ? 'Continue' : `Continue into ${next.trim()}`}</button>
        </footer>
      </form>
    </Modal>
  );
}

/**
 * The current PI: its name (the facilitator names it, and continues the room into the next PI), and the PIs it was
 * continued from. Without a model (the replay) only the name.
 */
export function CurrentPi({ model, names, title, kept }: { model: RoomModel | null; names: PiState | null; title: string; kept: number }) {
  const [continuing, setContinuing] = useState(false);
  const facilitator = model !== null && model.session.role === 'facilitator';
  const past = names?.past ?? [];
  return (
    <div className="pi-current" data-pi-current={names?.current ?? ''}>
      <span className="pi-current__label">{model ? 'Current PI' : 'The PI then'}</span>
      {facilitator ? (
        <CommitField className="pi-current__name pi-current__name--edit" value={names?.current ?? ''} label="Name of the current PI"
          placeholder={`Name this PI, e.g. ${suggestPiName(title)}`} onCommit={(name) => renamePi(model, name)} />
      ) : <strong className="pi-current__name">{names?.current ?? <span className="pi-current__unnamed">not named yet</span>}</strong>}
      {past.length > 0 && <span className="pi-current__past">continued from {past.at(-1)}{past.length > 1 ? ` (${past.length} earlier PIs)` : ''}</span>}
      <span className="toolbar__spacer" />
      {facilitator && (
        <button type="button" className="ghost-button" onClick={() => setContinuing(true)} data-pi-continue="">Continue into the next PI…</button>
      )}
      {continuing && model && <ContinueDialog model={model} names={names} title={title} kept={kept} onClose={() => setContinuing(false)} />}
    </div>
  );
}
