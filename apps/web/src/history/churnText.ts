/** A rank move between two rankings: `from`/`to` null when the feature was unranked (or absent) at that time. */
interface Move { from: number | null; to: number | null }

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The replay's churn line, saying apart what churn counts (features ranked at both times changing place) and what it
 * does not (features that entered or left the ranking), so "10 moved, churn 0 %" never reads as a contradiction.
 */
export function churnText(since: string, diff: { moves: readonly Move[]; churn: number }): string {
  const reordered = diff.moves.filter((m) => m.from !== null && m.to !== null).length;
  const entered = diff.moves.filter((m) => m.from === null && m.to !== null).length;
  const left = diff.moves.filter((m) => m.from !== null && m.to === null).length;
  const parts = [
    `${count(reordered, 'feature')} changed place (churn ${Math.round(diff.churn * 100)} %)`,
    ...(entered > 0 ? [`${entered} entered the ranking`] : []),
    ...(left > 0 ? [`${left} left it`] : []),
  ];
  return `Since ${since}: ${parts.join(', ')}.`;
}
