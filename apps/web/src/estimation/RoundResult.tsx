import { roundKeys, type Round, type RoundResult } from '@ladder/board-doc';
import type { RoomSnapshot } from '../room/model';
import { keyLabel } from './labels';
import { ValuePicker } from './ValuePicker';

const ROLE_NAME: Record<string, string> = { facilitator: 'Facilitator', product: 'Product', portfolio: 'Portfolio' };
const mean = (v: number | undefined) => (v === undefined ? '–' : String(Math.round(v * 10) / 10));

/** The facilitator's values to accept, keyed like the votes; absent when the viewer cannot accept. */
export interface AcceptChoice {
  chosen: Record<string, number>;
  choose: (key: string, value: number) => void;
}

function Discuss({ result, k }: { result: RoundResult; k: string }) {
  const entry = result.discuss[k];
  if (!entry?.discuss) return null;
  return (
    <span className="estimation__discuss" data-discuss={k} title="The votes lie far apart: talk before accepting">
      Discuss: {entry.highest.map((h) => `${h.name} (${h.value})`).join(', ')} vs {entry.lowest.map((l) => `${l.name} (${l.value})`).join(', ')}
    </span>
  );
}

/** A feature round: one column per component, one row per voter, then consensus, spread and the role means. */
function FeatureResult({ round, result, snapshot }: { round: Round; result: RoundResult; snapshot: RoomSnapshot }) {
  const keys = roundKeys(round);
  return (
    <table className="estimation__result" aria-label="Revealed votes">
      <thead>
        <tr><th scope="col">Voter</th>{keys.map((k) => <th key={k} scope="col">{keyLabel(round, k, snapshot)}</th>)}</tr>
      </thead>
      <tbody>
        {result.votes.map((v) => (
          <tr key={v.participantId} data-revealed-vote={v.participantId}>
            <th scope="row">{v.name} <span className="hint">({ROLE_NAME[v.role] ?? v.role})</span></th>
            {keys.map((k) => <td key={k}>{v.values[k] ?? '–'}</td>)}
          </tr>
        ))}
        <tr className="estimation__consensus">
          <th scope="row">Consensus</th>
          {keys.map((k) => <td key={k} data-consensus={k}>{result.consensus[k] ?? '–'}</td>)}
        </tr>
        <tr>
          <th scope="row">Spread (steps)</th>
          {keys.map((k) => <td key={k}><span data-spread={k}>{result.spread[k] ?? '–'}</span><Discuss result={result} k={k} /></td>)}
        </tr>
        <tr><th scope="row">Product mean</th>{keys.map((k) => <td key={k}>{mean(result.byRole.product[k])}</td>)}</tr>
        <tr><th scope="row">Portfolio mean</th>{keys.map((k) => <td key={k}>{mean(result.byRole.portfolio[k])}</td>)}</tr>
      </tbody>
    </table>
  );
}

/**
 * A column round, feature by feature: each voter's value with name and role, the consensus and spread, the
 * product and portfolio means side by side, and — for the facilitator — the value to accept.
 */
function ColumnResult({ round, result, snapshot, accept }: { round: Round; result: RoundResult; snapshot: RoomSnapshot; accept?: AcceptChoice }) {
  return (
    <ol className="estimation__features" aria-label="Revealed votes">
      {roundKeys(round).map((k) => {
        const label = keyLabel(round, k, snapshot);
        const cast = result.votes.filter((v) => v.values[k] !== undefined);
        return (
          <li key={k} className="estimation__feature" data-revealed-feature={k} aria-label={label}>
            <div className="estimation__feature-head">
              <span className="estimation__feature-title">{label}</span>
              <span className="estimation__badge" title="Consensus">
                <span className="estimation__muted">Consensus</span> <strong data-consensus={k}>{result.consensus[k] ?? '–'}</strong>
              </span>
              {accept && accept.chosen[k] !== undefined && accept.chosen[k] !== result.consensus[k] && (
                <span className="estimation__adjusted" data-adjusted={k}>→ {accept.chosen[k]}</span>
              )}
            </div>
            <ul className="estimation__chips" aria-label={`Votes on ${label}`}>
              {cast.length === 0 && <li className="estimation__muted">No votes</li>}
              {cast.map((v) => (
                <li key={v.participantId} className={`estimation__chip estimation__chip--${v.role}`} data-revealed-vote={v.participantId}>
                  {v.name} <span className="estimation__muted">({ROLE_NAME[v.role] ?? v.role})</span> <strong>{v.values[k]}</strong>
                </li>
              ))}
            </ul>
            <p className="estimation__stats">
              <span>Spread <span data-spread={k}>{result.spread[k] ?? '–'}</span>{result.spread[k] === undefined ? '' : result.spread[k] === 1 ? ' step' : ' steps'}</span>
              <span>Product {mean(result.byRole.product[k])}</span>
              <span>Portfolio {mean(result.byRole.portfolio[k])}</span>
            </p>
            <Discuss result={result} k={k} />
            {accept && (
              <ValuePicker groupName={`Accept: ${label}`} label="Accept" scale={snapshot.meta.scale} value={accept.chosen[k]}
                hook="accept" keyId={k} onPick={(v) => accept.choose(k, v)} />
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** The revealed votes with names and roles, the consensus, the spread, what to discuss, product vs portfolio. */
export function RoundResultView({ round, result, snapshot, accept }: { round: Round; result: RoundResult; snapshot: RoomSnapshot; accept?: AcceptChoice }) {
  if (round.kind === 'column') return <ColumnResult round={round} result={result} snapshot={snapshot} {...(accept ? { accept } : {})} />;
  return (
    <>
      <FeatureResult round={round} result={result} snapshot={snapshot} />
      {accept && (
        <div className="estimation__accept" role="group" aria-label="Values to accept">
          {roundKeys(round).map((k) => (
            <ValuePicker key={k} groupName={`Accept: ${keyLabel(round, k, snapshot)}`} label={keyLabel(round, k, snapshot)} scale={snapshot.meta.scale}
              value={accept.chosen[k]} hook="accept" keyId={k} onPick={(v) => accept.choose(k, v)} />
          ))}
        </div>
      )}
    </>
  );
}
