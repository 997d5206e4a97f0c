import type { RankingRow } from '@ladder/board-doc';

// Finding features in a backlog of hundreds: one search box in the ranking (and in every feature picker) reads words
// and a few keys: `team:Payments`, `theme:Growth`, `is:unscored`, `is:committed`, `is:round`, `is:below` (the cut line).

export type FeatureState = 'unscored' | 'committed' | 'round' | 'below';

export const FEATURE_STATES: readonly { value: FeatureState; label: string }[] = [
  { value: 'unscored', label: 'Unscored' },
  { value: 'committed', label: 'Committed' },
  { value: 'round', label: 'In a round' },
  { value: 'below', label: 'Below the cut line' },
];

export interface FeatureQuery {
  /** Lower-cased words that must all appear in the id, title, team, theme or description. */
  words: string[];
  team: string | null;
  theme: string | null;
  states: FeatureState[];
}

const STATE_ALIASES: Record<string, FeatureState> = {
  unscored: 'unscored', committed: 'committed', round: 'round', 'in-round': 'round', below: 'below', out: 'below', cut: 'below',
};

/** Longest query read (a pasted novel is cut here). */
const MAX_QUERY = 200;

/** Reads a search box: words, `team:`, `theme:` and `is:` keys (quotes keep spaces: `team:"Core banking"`). */
export function parseQuery(text: string): FeatureQuery {
  const query: FeatureQuery = { words: [], team: null, theme: null, states: [] };
  const tokens = text.slice(0, MAX_QUERY).match(/(?:[^\s"]+:)?"[^"]*"|\S+/g) ?? [];
  for (const token of tokens) {
    const colon = token.indexOf(':');
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    const value = (colon > 0 ? token.slice(colon + 1) : token).replace(/^"|"$/g, '').toLowerCase();
    if (value === '') continue;
    if (key === 'team') query.team = value;
    else if (key === 'theme') query.theme = value;
    else if (key === 'is' && STATE_ALIASES[value]) query.states.push(STATE_ALIASES[value] as FeatureState);
    else query.words.push(token.replace(/"/g, '').toLowerCase());
  }
  return query;
}

export function isEmptyQuery(q: FeatureQuery): boolean {
  return q.words.length === 0 && q.team === null && q.theme === null && q.states.length === 0;
}

function hasState(row: RankingRow, state: FeatureState, inRound: (id: string) => boolean): boolean {
  if (state === 'unscored') return row.rank === null;
  if (state === 'committed') return row.committed === true;
  if (state === 'round') return inRound(row.id);
  return row.inCapacity === false;
}

/** Whether a feature matches every part of the query. */
export function matchesQuery(row: RankingRow, q: FeatureQuery, inRound: (id: string) => boolean = () => false): boolean {
  if (q.team !== null && !(row.team ?? '').toLowerCase().includes(q.team)) return false;
  if (q.theme !== null && !(row.theme ?? '').toLowerCase().includes(q.theme)) return false;
  if (!q.states.every((s) => hasState(row, s, inRound))) return false;
  if (q.words.length === 0) return true;
  const text = `${row.id} ${row.title} ${row.team ?? ''} ${row.theme ?? ''} ${row.description ?? ''}`.toLowerCase();
  return q.words.every((w) => text.includes(w));
}

/** The rows a search box keeps, in their order. */
export function filterRows<T extends RankingRow>(rows: readonly T[], text: string, inRound?: (id: string) => boolean): T[] {
  const q = parseQuery(text);
  return isEmptyQuery(q) ? [...rows] : rows.filter((r) => matchesQuery(r, q, inRound));
}

/** The search box's text with its `is:` states replaced by `state` (none: every state), as the state picker sets it. */
export function withState(text: string, state: FeatureState | null): string {
  const rest = text.split(/\s+/).filter((t) => !/^is:/i.test(t) || !STATE_ALIASES[t.slice(3).toLowerCase()]).join(' ').trim();
  return state === null ? rest : `${rest} is:${state}`.trim();
}

/** A picker's options for a search: the rows it keeps, with the one chosen first when the search hides it. */
export function pickerOptions<T extends RankingRow>(rows: readonly T[], text: string, selected: string): T[] {
  const found = filterRows(rows, text);
  return selected === '' || found.some((r) => r.id === selected) ? found : [...rows.filter((r) => r.id === selected), ...found];
}
