import { CONCERN_AT_MOST } from '@ladder/wsjf';
import { LIMITS, PI_LIMITS, type ConfidenceVote } from '@ladder/board-doc';

// The fist-of-five vote as shown: its subject, the bars of a revealed result, and the risk a voter's concern becomes.

export const FIST = [1, 2, 3, 4, 5] as const;

export function scopeLabel(scope: string): string {
  return scope === 'ART' ? 'the ART' : `team ${scope}`;
}

/** One bar per value 1–5, with its share of the voters (0 with none). */
export function distributionBars(distribution: Record<string, number>): { value: number; count: number; share: number }[] {
  const counts = FIST.map((v) => Math.max(0, Math.trunc(distribution[String(v)] ?? 0)));
  const total = counts.reduce((a, b) => a + b, 0);
  return FIST.map((value, i) => ({ value, count: counts[i] as number, share: total === 0 ? 0 : (counts[i] as number) / total }));
}

export function averageText(average: number | null): string {
  return average === null ? '–' : (Math.round(average * 10) / 10).toFixed(1);
}

/** Whether a voter's own value invites them to state a concern (SPEC [PI3]). */
export function invitesConcern(value: number | null): boolean {
  return value !== null && value <= CONCERN_AT_MOST;
}

/**
 * The risk a concern becomes: its first line as the title (shortened where too long, the whole line then kept in the
 * description), the rest as the description after where it came from, the vote's team. Never the voter's value.
 */
export function concernRisk(text: string, vote: Pick<ConfidenceVote, 'scope'>): { title: string; description: string; team: string } | null {
  const body = text.trim();
  if (body === '') return null;
  const [first = '', ...more] = body.split(/\r?\n/);
  const line = first.trim();
  const short = line.length > LIMITS.title;
  const title = short ? `${line.slice(0, LIMITS.title - 1).trimEnd()}…` : line;
  const rest = (short ? body : more.join('\n')).trim();
  const description = `A concern from the confidence vote of ${scopeLabel(vote.scope)}.${rest ? `\n${rest}` : ''}`;
  return { title, description: description.slice(0, PI_LIMITS.description), team: vote.scope === 'ART' ? '' : vote.scope };
}

/** Votes as listed: open ones first, then the revealed, newest first. */
export function votesInOrder(votes: readonly ConfidenceVote[]): ConfidenceVote[] {
  return [...votes].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.openedAt - a.openedAt);
}
