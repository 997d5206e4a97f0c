import { roundKeys, type Round, type RoundResult } from '@ladder/board-doc';
import type { RoomSnapshot } from '../room/model';
import { keyLabel } from './labels';

const ROLE_NAME: Record<string, string> = { facilitator: 'Facilitator', product: 'Product', portfolio: 'Portfolio' };
const mean = (v: number | undefined) => (v === undefined ? '–' : String(Math.round(v * 10) / 10));

/** The revealed votes with names and roles, the consensus, the spread, what to discuss, product vs portfolio. */
export function RoundResultView({ round, result, snapshot }: { round: Round; result: RoundResult; snapshot: RoomSnapshot }) {
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
          {keys.map((k) => (
            <td key={k} data-spread={k}>
              {result.spread[k] ?? '–'}
              {result.discuss[k]?.discuss && (
                <span className="estimation__discuss" title="Spread over two steps: talk before accepting">
                  {' '}Discuss: {result.discuss[k]?.highest.map((h) => h.name).join(', ')} vs {result.discuss[k]?.lowest.map((l) => l.name).join(', ')}
                </span>
              )}
            </td>
          ))}
        </tr>
        <tr><th scope="row">Product mean</th>{keys.map((k) => <td key={k}>{mean(result.byRole.product[k])}</td>)}</tr>
        <tr><th scope="row">Portfolio mean</th>{keys.map((k) => <td key={k}>{mean(result.byRole.portfolio[k])}</td>)}</tr>
      </tbody>
    </table>
  );
}
