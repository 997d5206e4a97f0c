import { describe, expect, test } from 'vitest';
import { createFeature, deleteFeature, featuresMap, readRecovery, updateFeature } from '@ladder/board-doc';
import { member } from '../support/http';
import { plain, useSafetyRoom } from './helpers';
import { eventually } from '@ladder/testing';

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
    // The same moment given as a time (ms since the epoch) instead of an update number gives the same plan.
    const sinceAt = (await people.history()).find((e) => e.seq === since)?.at;
    const byTime = await people.api('Ada', '/revert-participant', { participantId: benId, since: sinceAt, dryRun: true });
    expect(byTime.status, byTime.text).toBe(200);
    expect(byTime.json).toEqual(plan);

    const applied = await people.api('Ada', '/revert-participant', { participantId: benId, sinceSeq: since, note: 'Ben imported the wrong file' });
    expect(applied.status, applied.text).toBe(200);
    const seq = (applied.json as { seq: number }).seq;
    expect(seq).toBeGreaterThan(since);
    for (const name of ['Ada', 'Ben', 'Cleo']) {
      await eventually(() => {
        const features = featuresMap(people.doc(name));
        return !features.has('F-3') && features.has('F-4') && features.get('F-1')?.get('userBusinessValue') === 1;
      }, { timeout: 20_000 });
      const features = featuresMap(people.doc(name)).toJSON() as Record<string, Record<string, unknown>>;
      expect(Object.keys(features).sort()).toEqual(['F-1', 'F-2', 'F-4']);
      for (const [id, fields] of Object.entries(expected)) expect(features[id], `${name} ${id}`).toMatchObject(fields);
      // The features the revert changed say that Ada changed them last (the board's recent changes read this).
      for (const id of ['F-1', 'F-2', 'F-4']) expect(features[id]?.updatedBy, `${name} ${id}`).toBe(member(people.room, 'Ada').participantId);
      // Marked in the same change, so every screen can name it a revert of Ben.
      expect(readRecovery(people.doc(name))).toMatchObject({
        kind: 'reverted', by: { name: 'Ada' }, target: { participantId: benId, name: 'Ben' }, sinceSeq: since, note: 'Ben imported the wrong file',
      });
    }
    const recorded = (await people.history()).filter((e) => e.kind === 'reverted' && e.seq === seq);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ participantId: member(people.room, 'Ada').participantId, from: { participantId: benId }, to: { note: 'Ben imported the wrong file' } });
  });

  test('a revert with nothing to undo (only conflicts, or changes they undid themselves) writes nothing and records no revert', async () => {
    const { people } = room;
    await people.write('Ada', (d) => {
      createFeature(d, { id: 'G-1', title: 'Kept', ...estimate }, at(10));
      createFeature(d, { id: 'G-2', title: 'Back and forth', ...estimate }, at(11));
    });
    const since = Math.max(...(await people.history()).map((e) => e.seq));
    await people.write('Ben', (d) => updateFeature(d, 'G-1', { jobSize: 5 }));
    await people.write('Cleo', (d) => updateFeature(d, 'G-1', { jobSize: 8 }));
    await people.write('Ben', (d) => updateFeature(d, 'G-2', { title: 'Renamed by mistake' }));
    await people.write('Ben', (d) => updateFeature(d, 'G-2', { title: 'Back and forth' }));
    const latest = await eventually(async () => {
      const events = await people.history();
      return events.filter((e) => e.seq > since).length >= 4 ? Math.max(...events.map((e) => e.seq)) : null;
    }, { timeout: 20_000 });
    const benId = member(people.room, 'Ben').participantId;
    const before = plain(featuresMap(people.doc('Ada')).toJSON());
    const markBefore = plain(readRecovery(people.doc('Ada')));

    const preview = await people.api('Ada', '/revert-participant', { participantId: benId, sinceSeq: since, dryRun: true });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json).toMatchObject({ seq: null, changes: [], conflicts: [{ featureId: 'G-1', field: 'jobSize' }] });

    const applied = await people.api('Ada', '/revert-participant', { participantId: benId, sinceSeq: since, note: 'nothing to do' });
    expect(applied.status, applied.text).toBe(200);
    expect(applied.json).toMatchObject({ seq: null, dryRun: false, changes: [] });
    expect((await people.history()).filter((e) => e.seq > since && e.kind === 'reverted')).toEqual([]);
    expect(await people.latestSeq(0)).toBe(latest);
    expect(plain(featuresMap(people.doc('Ada')).toJSON())).toEqual(before);
    // No revert made, none marked: the last recovery is still the one before.
    expect(plain(readRecovery(people.doc('Ada')))).toEqual(markBefore);
  });
});
