import { percentText, type PiRow, type PredictabilityFigure } from './objectives';

const NONE: PredictabilityFigure = { planned: 0, actual: 0, percent: null, inBand: false };
const tone = (f: PredictabilityFigure) => (f.inBand ? ' predictability--band' : f.percent !== null ? ' predictability--off' : '');
const percentOf = (f: PredictabilityFigure) => (f.percent === null ? '' : String(Math.round(f.percent * 10) / 10));

/** A predictability in its pill: green with ✓ within the 80–100 % band, amber outside it, – without a planned value. */
function Percent({ figure }: { figure: PredictabilityFigure }) {
  return (
    <span className="predictability__percent">
      <span className="visually-hidden">Predictability </span><strong>{percentText(figure.percent)}</strong>
      {figure.inBand ? <><span aria-hidden="true"> ✓</span><span className="visually-hidden">, in the 80 to 100 % band</span></> : null}
    </span>
  );
}

/**
 * Planned, actual and predictability of a team or the ART, marked in the 80–100 % band. `hook` names the data
 * attribute that carries `scope` (`data-predictability` for the current PI's figures).
 */
export function PredictabilityLine({ scope, figure, hook = 'predictability' }: { scope: string; figure: PredictabilityFigure | undefined; hook?: string }) {
  const f = figure ?? NONE;
  const data = { [`data-${hook}`]: scope };
  return (
    <span className={`predictability${tone(f)}`} {...data} data-percent={percentOf(f)} data-in-band={f.inBand ? '' : undefined}>
      <span>Planned <strong>{f.planned}</strong></span>
      <span>Actual <strong>{f.actual}</strong></span>
      <Percent figure={f} />
    </span>
  );
}

/** The name a PI row shows. */
export const piLabel = (pi: string | null) => pi ?? 'This PI';

/** A team's (or, compact, the ART's) predictability in a cell: its pill, and its actual of planned. */
function FigureCell({ figure }: { figure: PredictabilityFigure }) {
  return (
    <span className={`predictability predictability--cell${tone(figure)}`}>
      <Percent figure={figure} />
      {(figure.planned > 0 || figure.actual > 0) && <span className="pi-across__of">{figure.actual} of {figure.planned}</span>}
    </span>
  );
}

/**
 * Predictability across PIs: a row per PI (the earlier ones oldest first, then the current one) with the ART's planned,
 * actual and predictability, and each team's predictability (its actual of planned beside it). `compact` (a narrow
 * panel) gives the ART one column like a team's.
 */
export function AcrossPisTable({ rows, teams, compact = false }: { rows: readonly PiRow[]; teams: readonly string[]; compact?: boolean }) {
  return (
    <section className={`pi-across${compact ? ' pi-across--compact' : ''}`} aria-labelledby="pi-across-title" data-pi-across="">
      <h3 id="pi-across-title">Predictability across PIs</h3>
      <div className="pi-across__scroll">
        <table className="pi-across__table">
          <thead>
            {compact ? (
              <tr>
                <th scope="col">PI</th>
                <th scope="col">ART</th>
                {teams.map((t) => <th key={t} scope="col">{t || 'No team'}</th>)}
              </tr>
            ) : (
              <>
                <tr>
                  <th scope="col" rowSpan={2}>PI</th>
                  <th scope="colgroup" colSpan={3} className="pi-across__group">ART</th>
                  {teams.length > 0 && <th scope="colgroup" colSpan={teams.length} className="pi-across__group">Teams</th>}
                </tr>
                <tr>
                  <th scope="col" className="pi-across__num">Planned</th>
                  <th scope="col" className="pi-across__num">Actual</th>
                  <th scope="col">Predictability</th>
                  {teams.map((t) => <th key={t} scope="col">{t || 'No team'}</th>)}
                </tr>
              </>
            )}
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.current ? 'now' : 'was'}:${r.pi ?? ''}`} className={r.current ? 'pi-across__current' : undefined}
                data-pi-row={r.pi ?? ''} data-pi-row-current={r.current ? '' : undefined}
                data-planned={r.art.planned} data-actual={r.art.actual} data-percent={percentOf(r.art)} data-in-band={r.art.inBand ? '' : undefined}>
                <th scope="row">
                  {piLabel(r.pi)}
                  {r.current && <span className="pi-across__now">current</span>}
                  <span className="pi-across__count">{r.count} objective{r.count === 1 ? '' : 's'}</span>
                </th>
                {compact ? <td><FigureCell figure={r.art} /></td> : (
                  <>
                    <td className="pi-across__num">{r.art.planned}</td>
                    <td className="pi-across__num">{r.art.actual}</td>
                    <td><span className={`predictability${tone(r.art)}`}><Percent figure={r.art} /></span></td>
                  </>
                )}
                {teams.map((t) => {
                  const f = r.teams.get(t);
                  return (
                    <td key={t} data-pi-team={t} data-percent={f ? percentOf(f) : ''}>
                      {f ? <FigureCell figure={f} /> : <span className="pi-across__none" aria-label="No objectives">–</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">Planned counts each PI's committed objectives, actual every objective's actual value (scored at the Inspect &amp; Adapt). The target is 80–100 % (✓).</p>
    </section>
  );
}
