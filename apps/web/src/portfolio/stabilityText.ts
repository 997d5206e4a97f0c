const rank = (r: number | null) => (r === null ? 'unscored' : `#${r}`);

/**
 * Where a committed feature ends up after a held change, in words: "#2 → #3, now below the line", or
 * "stays #2, now below the line" when its rank holds and the cut line moves past it (a capacity cut).
 */
export function dropRankText(from: number | null, to: number | null): string {
  if (from === to) return `stays ${rank(to)}, now below the line`;
  return `${rank(from)} → ${rank(to)}, now below the line`;
}
