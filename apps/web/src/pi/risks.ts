import type { Dependency, Risk, RiskStatus } from '@ladder/board-doc';

// The ROAM board's columns and what moving a risk into one asks for.

export const ROAM_COLUMNS: readonly { status: RiskStatus; label: string; hint: string }[] = [
  { status: 'open', label: 'Open', hint: 'Not ROAMed yet' },
  { status: 'resolved', label: 'Resolved', hint: 'No longer a risk' },
  { status: 'owned', label: 'Owned', hint: 'Someone takes it on' },
  { status: 'accepted', label: 'Accepted', hint: 'Nothing more can be done' },
  { status: 'mitigated', label: 'Mitigated', hint: 'A plan lowers it' },
];

export const STATUS_LABEL = Object.fromEntries(ROAM_COLUMNS.map((c) => [c.status, c.label])) as Record<RiskStatus, string>;

/** What a move into `status` needs besides the status: the owner's name, how it is mitigated, or nothing. */
export function roamNeeds(status: RiskStatus): 'owner' | 'note' | null {
  return status === 'owned' ? 'owner' : status === 'mitigated' ? 'note' : null;
}

/** Why a move cannot be made as typed (the owner or the mitigation left empty), or null. */
export function roamProblem(status: RiskStatus, detail: { owner?: string; note?: string }): string | null {
  const needs = roamNeeds(status);
  if (needs === 'owner' && !detail.owner?.trim()) return 'An owned risk needs the name of its owner.';
  if (needs === 'note' && !detail.note?.trim()) return 'Say how the risk is mitigated.';
  return null;
}

/** The risks of each column, in column order. */
export function risksByStatus(risks: readonly Risk[]): Map<RiskStatus, Risk[]> {
  const out = new Map<RiskStatus, Risk[]>(ROAM_COLUMNS.map((c) => [c.status, []]));
  for (const r of risks) out.get(r.status)?.push(r);
  return out;
}

export function openRisks(risks: readonly Risk[]): number {
  return risks.filter((r) => r.status === 'open').length;
}

/** What a risk hangs on, in words: its feature or the dependency of the plan (by the features' titles). */
export function riskSubject(risk: Pick<Risk, 'featureId' | 'dependencyId'>, titleOf: (id: string) => string, dependencies: readonly Dependency[]): string {
  const parts: string[] = [];
  if (risk.featureId) parts.push(titleOf(risk.featureId));
  if (risk.dependencyId) {
    const d = dependencies.find((x) => x.id === risk.dependencyId);
    parts.push(d ? `${titleOf(d.from)} → ${titleOf(d.to)}` : risk.dependencyId);
  }
  return parts.join(' · ');
}
