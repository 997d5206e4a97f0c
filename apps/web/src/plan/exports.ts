import type { Plan, RankingRow } from '@ladder/board-doc';
import { download } from '../api';
import { svgToPng } from '../exports/image';
import { notify } from '../ui/notices';
import { dependenciesCsv, planCsv } from './csv';
import type { PlanGrid } from './grid';
import { planSvg } from './planSvg';

export type PlanExportKind = 'plan-csv' | 'dependencies-csv' | 'svg' | 'png';

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'ladder';
}

/** Downloads the plan as CSV (features, or dependencies), or the board as SVG or PNG, named after the room. */
export async function exportPlan(kind: PlanExportKind, input: { title: string; plan: Plan; grid: PlanGrid; ranking: readonly RankingRow[] }): Promise<void> {
  const name = slug(input.title);
  try {
    if (kind === 'plan-csv') download(new Blob([planCsv(input.plan, input.ranking)], { type: 'text/csv' }), `${name}-plan.csv`);
    else if (kind === 'dependencies-csv') download(new Blob([dependenciesCsv(input.plan, input.grid.statuses)], { type: 'text/csv' }), `${name}-dependencies.csv`);
    else {
      const svg = planSvg({ title: input.title, date: new Date(), grid: input.grid });
      download(kind === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPng(svg), `${name}-plan.${kind}`);
    }
  } catch {
    notify({ tone: 'error', text: `The ${kind === 'png' || kind === 'svg' ? kind.toUpperCase() : 'CSV'} export failed; try again.` });
  }
}
