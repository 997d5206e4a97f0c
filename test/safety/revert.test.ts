import { describe, expect, test } from 'vitest';
import { createFeature, deleteFeature, featuresMap, updateFeature } from '@ladder/board-doc';
import { waitFor } from '../support/clients';
import { member } from '../support/http';
import { plain, useSafetyRoom } from './helpers';

const room = useSafetyRoom();

const at = (now: number) => ({ participantId: 'x', now });
const estimate = { userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 };

describe('revert one participant', () => {
  test('undoes exactly their changes after interleaved edits, keeping the others\' later changes (conflicts reported)', async () => {
    const { people } = room;
    await people.write('Ada', (d) => {
      createFeature(d, { id: 'F-1', title: 'One', ...estimate }, at(1));
      createFeature(d, { id: 'F-2', title: 'Two', ...estimate }, at(2));
      createFeature(d, { id: 'F-4', title: 'Four', ...estimate }, at(4));
    });
    const since = await people.latestSeq(3);

    await people.write('Ben', (d) => updateFeature(d, 'F-1', { userBusinessValue: 8 }));
    await people.write('Cleo', (d) => updateFeature(d, 'F-1', { timeCriticality: 13 }));
    await people.write('Ben', (d) => updateFeature(d, 'F-2', { jobSize: 5 }));
    await people.write('Ben', (d) => createFeature(d, { id: 'F-3', title: 'Three', ...estimate }, at(3)));
    await people.write('Cleo', (d) => updateFeature(d, 'F-2', { title: 'Two, renamed' }));
    await people.write('Ben', (d) => updateFeature(d, 'F-1', { timeCriticality: 20 }));
    await people.write('Ben', (d) => updateFeature(d, 'F-1', { riskReduction: 3 }));
    await people.write('Cleo', (d) => updateFeature(d, 'F-1', { riskReduction: 5 }));
    await people.write('Ben', (d) => updateFeature(d, 'F-4', { title: 'Four, edited' }));
    await people.write('Ben', (d) => deleteFeature(d, 'F-4'));
    await people.write('Ada', (d) => updateFeature(d, 'F-2', { userBusinessValue: 2 }));
    await people.latestSeq(14);

    const expected = {
      'F-1': { userBusinessValue: 1, timeCriticality: 13, riskReduction: 5, jobSize: 1, title: 'One' },
      'F-2': { userBusinessValue: 2, timeCriticality: 1, riskReduction: 1, jobSize: 1, title: 'Two, renamed' },
      'F-4': { userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1, title: 'Four' },
    };
    const benId = member(people.room, 'Ben').participantId;
    const before = plain(featuresMap(people.doc('Ada')).toJSON());

    const preview = await people.api('Ada', '/revert-participant', { participantId: benId, sinceSeq: since, note: 'preview', dryRun: true });
    expect(preview.status, preview.text).toBe(200);
    const plan = preview.json as { seq: null; dryRun: boolean; changes: Array<{ op: string; featureId: string; field?: string }>; conflicts: Array<{ featureId: string; field: string }> };
    expect(plan.dryRun).toBe(true);
    expect(plan.conflicts.map((c) => `${c.featureId}.${c.field}`)).toEqual(['F-1.riskReduction']);
    expect(plan.changes.map((c) => `${c.op} ${c.featureId}${c.field ? `.${c.field}` : ''}`).sort()).toEqual([
      'deleteFeature F-3', 'recreateFeature F-4', 'set F-1.timeCriticality', 'set F-1.userBusinessValue', 'set F-2.jobSize', 'set F-4.title',
    ]);
    expect(plain(featuresMap(people.doc('Ada')).toJSON())).toEqual(before);

    const applied = await people.api('Ada', '/revert-participant', { participantId: benId, sinceSeq: since, note: 'Ben imported the wrong file' });
    expect(applied.status, applied.text).toBe(200);
    const seq = (applied.json as { seq: number }).seq;
    expect(seq).toBeGreaterThan(since);
    for (const name of ['Ada', 'Ben', 'Cleo']) {
      await waitFor(() => {
        const features = featuresMap(people.doc(name));
        return !features.has('F-3') && features.has('F-4') && features.get('F-1')?.get('userBusinessValue') === 1;
      }, 20_000);
      const features = featuresMap(people.doc(name)).toJSON() as Record<string, Record<string, unknown>>;
      expect(Object.keys(features).sort()).toEqual(['F-1', 'F-2', 'F-4']);
      for (const [id, fields] of Object.entries(expected)) expect(features[id], `${name} ${id}`).toMatchObject(fields);
    }
    const recorded = (await people.history()).filter((e) => e.kind === 'reverted' && e.seq === seq);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ participantId: member(people.room, 'Ada').participantId, from: { participantId: benId }, to: { note: 'Ben imported the wrong file' } });
  });
});
