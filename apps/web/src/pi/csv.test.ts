import { describe, expect, it } from 'vitest';
import type { Objective, Risk } from '@ladder/board-doc';
import { objectivesCsv, risksCsv } from './csv';

const titles: Record<string, string> = { A: 'Payments API', B: 'Checkout, v2' };
const titleOf = (id: string) => titles[id] ?? id;

describe('PI CSV files', () => {
  it('objectives: by team, committed first, with values and the features\' titles; formulas neutralised', () => {
    const objectives: Objective[] = [
      { id: 'O-2', team: 'Web', text: '=HYPERLINK("x")', committed: false, plannedValue: 3, actualValue: null, featureIds: [], pi: null },
      { id: 'O-1', team: 'Web', text: 'Ship checkout', committed: true, plannedValue: 8, actualValue: 7, featureIds: ['A', 'B'], pi: null },
      { id: 'O-3', team: 'Data', text: 'Audit trail', committed: true, plannedValue: null, actualValue: null, featureIds: [], pi: null },
    ];
    expect(objectivesCsv(objectives, titleOf).split('\r\n')).toEqual([
      'id,team,objective,committed,plannedValue,actualValue,features,pi',
      'O-3,Data,Audit trail,yes,,,,',
      'O-1,Web,Ship checkout,yes,8,7,"Payments API; Checkout, v2",',
      `O-2,Web,"'=HYPERLINK(""x"")",no,3,,,`,
      '',
    ]);
    // Continued into the next PI: each objective names its PI, the current ones the current PI's name.
    const across = objectivesCsv([{ ...objectives[1]!, pi: 'PI 27.1' }, { ...objectives[2]!, pi: null }], titleOf, 'PI 27.2').split('\r\n');
    expect(across.slice(1, 3).map((l) => l.split(',').at(-1))).toEqual(['PI 27.2', 'PI 27.1']);
  });

  it('risks: status, owner and how it is mitigated; the feature or dependency by title', () => {
    const risks: Risk[] = [
      { id: 'R-1', title: 'Vendor late', description: 'Contract, not signed', team: 'Web', featureId: 'A', dependencyId: '', owner: 'Ann', status: 'owned', note: '' },
      { id: 'R-2', title: 'API before UI', description: '', team: '', featureId: '', dependencyId: 'D-1', owner: '', status: 'mitigated', note: 'Stub first' },
    ];
    expect(risksCsv(risks, titleOf, [{ id: 'D-1', from: 'A', to: 'B', neededBy: null, note: '' }]).split('\r\n')).toEqual([
      'id,title,description,team,feature,dependency,status,owner,note',
      'R-1,Vendor late,"Contract, not signed",Web,Payments API,,owned,Ann,',
      'R-2,API before UI,,,,"Payments API → Checkout, v2",mitigated,,Stub first',
      '',
    ]);
  });
});
