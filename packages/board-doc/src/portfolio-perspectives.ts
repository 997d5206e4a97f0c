import type { Component } from '@ladder/wsjf';
import { targetOf, type Round } from './rounds';

/** The product-role and portfolio-role estimates of one component of one feature, from its latest revealed round. */
export interface Perspective {
  featureId: string;
  component: Component;
  /** Mean of the product role's votes; null when nobody of that role voted. */
  product: number | null;
  portfolio: number | null;
  /** |product − portfolio|; null unless both roles voted. */
  gap: number | null;
  roundId: string;
  revealedAt: number;
}

/**
 * Every feature and component estimated in a revealed round (revealed, accepted or closed after a reveal), with the two
 * roles' estimates side by side; when several rounds covered the same pair, the latest reveal wins. Sorted by the
 * gap between the two groups, biggest first (pairs where one role did not vote last), then by feature and component.
 */
export function perspectivesOf(rounds: readonly Round[]): Perspective[] {
  const latest = new Map<string, Perspective>();
  for (const round of rounds) {
    const result = round.result;
    if (!result || round.revealedAt === null) continue;
    const keys = new Set([...Object.keys(result.byRole.product), ...Object.keys(result.byRole.portfolio)]);
    for (const key of keys) {
      const { featureId, component } = targetOf(round, key);
      const product = result.byRole.product[key] ?? null;
      const portfolio = result.byRole.portfolio[key] ?? null;
      const id = `${featureId}\u0000${component}`;
      const seen = latest.get(id);
      if (seen && seen.revealedAt > round.revealedAt) continue;
      latest.set(id, {
        featureId, component, product, portfolio,
        gap: product === null || portfolio === null ? null : Math.abs(product - portfolio),
        roundId: round.id, revealedAt: round.revealedAt,
      });
    }
  }
  return [...latest.values()].sort((a, b) => (b.gap ?? -1) - (a.gap ?? -1)
    || (a.featureId < b.featureId ? -1 : a.featureId > b.featureId ? 1 : 0)
    || (a.component < b.component ? -1 : a.component > b.component ? 1 : 0));
}
