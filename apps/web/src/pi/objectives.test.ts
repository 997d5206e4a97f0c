import { describe, expect, it } from 'vitest';
import type { Objective } from '@ladder/board-doc';
import { acrossPis, continueProblem, currentObjectives, earlierPis, objectivesByTeam, percentText, predictabilityFigures, suggestNextPi, suggestPiName, teamsOf } from './objectives';

const objective = (id: string, team: string, committed: boolean, plannedValue: number | null, actualValue: number | null, pi: string | null = null): Objective =>
  ({ id, team, text: `Objective ${id}`, committed, plannedValue, actualValue, featureIds: [], pi });

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

  describe('across PIs', () => {
    const names = { current: 'PI 27.3', past: ['PI 27.1', 'PI 27.2'] };
    const list = [
      objective('O-1', 'Web', true, 10, 8, 'PI 27.2'), objective('O-2', 'Web', true, 10, 10, 'PI 27.1'),
      objective('O-3', 'Payments', true, 5, 2, 'PI 27.2'), objective('O-4', 'Web', true, 8, null),
      objective('O-5', 'Data', true, 4, 4, 'PI 27.3'), objective('O-6', 'Web', true, 6, 6, 'PI 26.4'),
    ];

    it('the current PI\'s objectives are those without a PI or carrying the current one\'s name', () => {
      expect(currentObjectives(list, names).map((o) => o.id)).toEqual(['O-4', 'O-5']);
      expect(currentObjectives(list, null).map((o) => o.id)).toEqual(['O-4']);
    });

    it('earlier PIs oldest first, a past PI without objectives kept, a name the room does not list after them', () => {
      expect(earlierPis(list, { current: 'PI 27.3', past: ['PI 27.0', ...names.past] }).map((e) => [e.pi, e.objectives.map((o) => o.id)]))
        .toEqual([['PI 27.0', []], ['PI 27.1', ['O-2']], ['PI 27.2', ['O-1', 'O-3']], ['PI 26.4', ['O-6']]]);
    });

    it('[PI1][PI2] one row per PI, the current one last, with the ART\'s and each team\'s figures', () => {
      const rows = acrossPis(list, names);
      expect(rows.map((r) => [r.pi, r.current, r.count, percentText(r.art.percent)])).toEqual([
        ['PI 27.1', false, 1, '100 %'], ['PI 27.2', false, 2, '66.7 %'], ['PI 26.4', false, 1, '100 %'], ['PI 27.3', true, 2, '33.3 %'],
      ]);
      expect(rows[1]?.teams.get('Web')).toEqual({ planned: 10, actual: 8, percent: 80, inBand: true });
      expect(rows[1]?.teams.get('Payments')).toMatchObject({ percent: 40, inBand: false });
      expect(acrossPis([objective('O-1', 'Web', true, 5, 5)], null)).toMatchObject([{ pi: null, current: true, count: 1 }]);
    });

    it('the next PI\'s name: the last number one up, none when taken or without a number; the first from the room\'s title', () => {
      expect(suggestNextPi({ current: 'PI 27.1', past: [] })).toBe('PI 27.2');
      expect(suggestNextPi({ current: 'PI 9', past: [] })).toBe('PI 10');
      expect(suggestNextPi({ current: '2026 Q1 (Orion)', past: [] })).toBe('2026 Q2 (Orion)');
      expect(suggestNextPi({ current: 'Spring', past: [] })).toBe('');
      expect(suggestNextPi({ current: 'PI 3', past: ['PI 4'] })).toBe('');
      expect(suggestNextPi(null)).toBe('PI 2');
      expect(suggestPiName('ART Orion PI 27.1')).toBe('PI 27.1');
      expect(suggestPiName('Orion pi-4 planning')).toBe('PI 4');
      expect(suggestPiName('Orion planning')).toBe('PI 1');
    });

    it('continuing needs two different names, new to the room', () => {
      expect(continueProblem(names, 'PI 27.3', 'PI 27.4')).toBeNull();
      expect(continueProblem(null, '', 'PI 2')).toMatch(/Name this PI/);
      expect(continueProblem(null, 'PI 1', ' ')).toMatch(/Name the next PI/);
      expect(continueProblem(null, 'PI 1', 'PI 1 ')).toMatch(/name of its own/);
      expect(continueProblem(names, 'PI 27.3', 'PI 27.1')).toMatch(/earlier PI/);
      expect(continueProblem(null, 'PI 1', 'x'.repeat(121))).toMatch(/120/);
    });
  });
});
