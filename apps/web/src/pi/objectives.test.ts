import { describe, expect, it } from 'vitest';
import type { Objective } from '@ladder/board-doc';
import { objectivesByTeam, percentText, predictabilityFigures, teamsOf } from './objectives';

const objective = (id: string, team: string, committed: boolean, plannedValue: number | null, actualValue: number | null): Objective =>
  ({ id, team, text: `Objective ${id}`, committed, plannedValue, actualValue, featureIds: [], pi: null });

describe('PI objectives as shown', () => {
  it('teams: the plan\'s in its order, then those features and objectives name, by name, each once', () => {
    expect(teamsOf(['Web', 'Payments', 'Web', ''], [{ team: 'Platform' }, { team: '' }, { team: 'Payments' }, { team: 'Data' }], [{ team: 'Apps' }]))
      .toEqual(['Web', 'Payments', 'Apps', 'Data', 'Platform']);
    expect(teamsOf([], [])).toEqual([]);
  });

  it('each team\'s objectives, committed first; a team without any keeps its (empty) section; an unknown team gets one', () => {
    const byTeam = objectivesByTeam(['Web', 'Payments'], [objective('O-2', 'Web', false, null, 3), objective('O-1', 'Web', true, 5, 4), objective('O-3', 'Ghosts', true, 2, 2)]);
    expect([...byTeam.keys()]).toEqual(['Web', 'Payments', 'Ghosts']);
    expect(byTeam.get('Web')?.map((o) => o.id)).toEqual(['O-1', 'O-2']);
    expect(byTeam.get('Payments')).toEqual([]);
  });

  it('[PI1][PI2] predictability per team and for the ART, marked in the 80–100 % band', () => {
    const figures = predictabilityFigures([
      objective('O-1', 'Web', true, 10, 8), objective('O-2', 'Web', false, 5, 1), // 9 of 10: 90 %
      objective('O-3', 'Payments', true, 10, 5), // 50 %
      objective('O-4', 'Data', false, 4, 4), // nothing committed: no percentage
    ]);
    expect(figures.teams.get('Web')).toEqual({ planned: 10, actual: 9, percent: 90, inBand: true });
    expect(figures.teams.get('Payments')).toMatchObject({ percent: 50, inBand: false });
    expect(figures.teams.get('Data')).toMatchObject({ planned: 0, percent: null, inBand: false });
    expect(figures.art).toEqual({ planned: 20, actual: 18, percent: 90, inBand: true });
  });

  it('percentages: whole where whole, one decimal otherwise (79.6 % is never shown as 80 %), – without a plan', () => {
    expect(percentText(90)).toBe('90 %');
    expect(percentText(79.6)).toBe('79.6 %');
    expect(percentText(200 / 3)).toBe('66.7 %');
    expect(percentText(null)).toBe('–');
  });
});
