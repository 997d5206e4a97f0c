import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import {
  addDependency, createFeature, featuresMap, placeFeature, planMap, setIteration, setMilestone, setTeam,
} from '@ladder/board-doc';
import { planSchema } from '@ladder/wire';
import { eventually } from '@ladder/testing';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, roomWith } from '../support/http';
import { useLadder } from '../support/use-ladder';

// The ART planning board over the wire (CONTRACT.md, "Planning"): raw Yjs clients place features and draw
// dependencies, `GET …/plan` answers iterations, teams with capacity and load and every dependency's status, and
// invalid writes are refused in their commit: nobody else ever sees them, the history says who tried what.

interface Event { seq: number; participantId: string | null; kind: string; featureId: string; field: string | null; from: unknown; to: unknown }

const ladder = useLadder();
const clients: SyncClient[] = [];
afterAll(() => { for (const c of clients) c.destroy(); });

async function plannedRoom() {
  const room = await roomWith(ladder.url, { Fay: 'facilitator', Pia: 'product', Obi: 'observer' }, 'PI 27.1 planning');
  const connect = (name: string) => {
    const c = connectClient(ladder.wsUrl, room.roomId, member(room, name).token);
    clients.push(c);
    return c;
  };
  const fay = connect('Fay');
  const pia = connect('Pia');
  await Promise.all([fay.synced, pia.synced]);
  const ctx = { participantId: member(room, 'Fay').participantId, now: 1 };
  fay.doc.transact(() => {
    createFeature(fay.doc, { id: 'API', title: 'Payments API', team: 'Platform', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, ctx);
    createFeature(fay.doc, { id: 'UI', title: 'Checkout UI', team: 'Payments', userBusinessValue: 13, timeCriticality: 8, riskReduction: 2, jobSize: 8 }, ctx);
    createFeature(fay.doc, { id: 'LOG', title: 'Audit log', team: 'Payments', userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 3 }, ctx);
    setIteration(fay.doc, { id: 'I1', name: 'Iteration 1', order: 1, start: '2027-01-04', end: '2027-01-15' });
    setIteration(fay.doc, { id: 'I2', name: 'Iteration 2', order: 2 });
    setIteration(fay.doc, { id: 'IP', name: 'IP iteration', order: 3 });
    setTeam(fay.doc, 'Payments', { I1: 10, I2: 10 });
    setTeam(fay.doc, 'Platform', { I1: 8 });
  });
  await eventually(() => planMap(pia.doc, 'teams').size === 2 && featuresMap(pia.doc).size === 3, { what: 'the frame of the plan at Pia' });
  const plan = async (name = 'Obi') => planSchema.parse((await api(ladder.url, `/api/rooms/${room.roomId}/plan`, { token: member(room, name).token })).json);
  const events = async () => ((await api(ladder.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Fay').token })).json as { events: Event[] }).events;
  return { room, fay, pia, connect, plan, events };
}

describe('the planning board', () => {
  test('a writer places features and draws a dependency; /plan answers capacity, load and each status; every change is in the history', async () => {
    const { room, fay, pia, plan, events } = await plannedRoom();
    // Pia (a product manager) plans: the API in iteration 2, the UI that needs it in iteration 1 → late.
    pia.doc.transact(() => {
      placeFeature(pia.doc, 'API', 'I2');
      placeFeature(pia.doc, 'UI', 'I1');
      placeFeature(pia.doc, 'LOG', 'I1');
      addDependency(pia.doc, { id: 'D-1', from: 'API', to: 'UI', note: 'the UI calls the new API' });
      addDependency(pia.doc, { id: 'D-2', from: 'LOG', to: 'API' });
    });
    let answer = await eventually(plan, { until: (p) => p.dependencies.length === 2, what: 'both dependencies in /plan' });
    expect(answer.iterations.map((i) => i.id)).toEqual(['I1', 'I2', 'IP']);
    expect(answer.iterations[0]).toEqual({ id: 'I1', name: 'Iteration 1', start: '2027-01-04', end: '2027-01-15', order: 1 });
    expect(answer.teams).toEqual([
      { name: 'Payments', capacity: { I1: 10, I2: 10 }, load: { I1: 11, I2: 0, IP: 0 } },
      { name: 'Platform', capacity: { I1: 8 }, load: { I1: 0, I2: 5, IP: 0 } },
    ]);
    expect(answer.features).toEqual([{ id: 'API', team: 'Platform', iteration: 'I2' }, { id: 'LOG', team: 'Payments', iteration: 'I1' }, { id: 'UI', team: 'Payments', iteration: 'I1' }]);
    expect(answer.dependencies.map((d) => [d.id, d.status])).toEqual([['D-1', 'late'], ['D-2', 'ok']]);
    // Needed only by the IP iteration: in time. The API moved to iteration 1 with the UI needing it there: risky.
    pia.doc.transact(() => (planMap(pia.doc, 'dependencies').get('D-1') as Y.Map<unknown>).set('neededBy', 'IP'));
    answer = await eventually(plan, { until: (p) => p.dependencies[0]?.status === 'ok', what: 'D-1 needed by IP: ok' });
    pia.doc.transact(() => {
      (planMap(pia.doc, 'dependencies').get('D-1') as Y.Map<unknown>).delete('neededBy');
      placeFeature(pia.doc, 'API', 'I1');
    });
    answer = await eventually(plan, { until: (p) => p.dependencies[0]?.status === 'risky', what: 'D-1 risky' });
    // Off the board: unplanned, and the load goes with it.
    placeFeature(pia.doc, 'API', null);
    answer = await eventually(plan, { until: (p) => p.dependencies[0]?.status === 'unplanned', what: 'D-1 unplanned' });
    expect(answer.teams.find((t) => t.name === 'Platform')?.load).toEqual({ I1: 0, I2: 0, IP: 0 });

    // The history names who did what, from → to.
    const history = await eventually(events, { until: (e) => e.filter((x) => x.field === 'iteration').length >= 5, what: 'the placements in the history' });
    const pia_ = member(room, 'Pia').participantId;
    expect(history.filter((e) => e.featureId === 'API' && e.field === 'iteration').map((e) => [e.participantId, e.from, e.to])).toEqual([[pia_, null, 'I2'], [pia_, 'I2', 'I1'], [pia_, 'I1', null]]);
    const planned = history.filter((e) => e.kind === 'planned' && e.field === 'dependencies.D-1');
    expect(planned[0]).toMatchObject({ participantId: pia_, featureId: 'UI', from: null, to: { id: 'D-1', from: 'API', to: 'UI', note: 'the UI calls the new API' } });
    expect(planned.at(-1)).toMatchObject({ from: { neededBy: 'IP' }, to: { id: 'D-1' } });
    expect(history.filter((e) => e.kind === 'planned' && e.field === 'iterations.I1')).toEqual([expect.objectContaining({ participantId: member(room, 'Fay').participantId, from: null })]);
    expect(fay.doc.getMap('features').size).toBe(3);
  });

  test('restore and revert cover the plan: placements, dependencies and the frame come back as they were', async () => {
    const { room, fay, pia, plan } = await plannedRoom();
    placeFeature(pia.doc, 'UI', 'I1');
    const before = await eventually(plan, { until: (p) => p.features.length === 1, what: 'the first placement' });
    const timeline = async () => ((await api(ladder.url, `/api/rooms/${room.roomId}/history/timeline`, { token: member(room, 'Fay').token })).json as { points: { seq: number }[] }).points;
    const point = (await timeline()).at(-1)?.seq ?? 0;
    // Then Pia plans more and draws a dependency; Fay changes a capacity.
    pia.doc.transact(() => {
      placeFeature(pia.doc, 'API', 'I2');
      addDependency(pia.doc, { id: 'D-1', from: 'API', to: 'UI' });
    });
    setTeam(fay.doc, 'Payments', { I1: 4 });
    await eventually(plan, { until: (p) => p.dependencies.length === 1 && p.teams[0]?.capacity.I1 === 4, what: 'the later plan' });
    // Revert Pia since the point: her placement of the API and her dependency go; Fay's capacity stays.
    const fayToken = member(room, 'Fay').token;
    const reverted = await api(ladder.url, `/api/rooms/${room.roomId}/revert-participant`, { method: 'POST', token: fayToken, body: { participantId: member(room, 'Pia').participantId, sinceSeq: point, note: 'not agreed yet' } });
    expect(reverted.status).toBe(200);
    let answer = await eventually(plan, { until: (p) => p.dependencies.length === 0 && p.features.length === 1, what: 'Pia\'s later plan reverted' });
    expect(answer.teams[0]?.capacity).toEqual({ I1: 4, I2: 10 });
    // Restore to the point: the capacity as it was then too.
    const restored = await api(ladder.url, `/api/rooms/${room.roomId}/restore`, { method: 'POST', token: fayToken, body: { seq: point, note: 'back to the first draft' } });
    expect(restored.status).toBe(200);
    answer = await eventually(plan, { until: (p) => p.teams[0]?.capacity.I1 === 10, what: 'the capacity restored' });
    expect(answer).toEqual(before);
  });

  test('invalid plan writes are refused in their commit: never seen by others, recorded, the sender told; the frame is the facilitator\'s', async () => {
    const { room, fay, pia, connect, plan, events } = await plannedRoom();
    const obi = connect('Obi');
    await obi.synced;
    // Everything Obi's copy ever holds, as it changes: a refused value must never appear there.
    const seen: string[] = [];
    const watch = () => {
      seen.push(JSON.stringify({
        placed: [...featuresMap(obi.doc).entries()].map(([id, m]) => [id, (m as Y.Map<unknown>).get('iteration') ?? null]),
        deps: planMap(obi.doc, 'dependencies').toJSON(), its: planMap(obi.doc, 'iterations').toJSON(), teams: planMap(obi.doc, 'teams').toJSON(),
      }));
    };
    obi.doc.on('afterTransaction', watch);
    const notices: string[] = [];
    pia.provider.on('status', () => undefined);
    (pia.provider as unknown as { messageHandlers: unknown[] }).messageHandlers[2] = (_e: unknown, decoder: { arr: Uint8Array; pos: number }) => {
      // y-protocols auth message: varuint 0 (permission denied) then the reason as a string.
      const text = new TextDecoder().decode(decoder.arr.subarray(decoder.pos));
      notices.push(text);
    };
    const raw = (root: 'dependencies' | 'iterations' | 'teams', key: string, fields: Record<string, unknown>) => pia.doc.transact(() => {
      const entry = new Y.Map<unknown>();
      planMap(pia.doc, root).set(key, entry);
      for (const [k, v] of Object.entries(fields)) entry.set(k, v);
    });
    // A placement into an iteration that does not exist, a dependency on itself, on an unknown feature, and Pia (not the
    // facilitator) adding an iteration and changing a capacity.
    pia.doc.transact(() => (featuresMap(pia.doc).get('UI') as Y.Map<unknown>).set('iteration', 'I9'));
    raw('dependencies', 'D-self', { id: 'D-self', from: 'UI', to: 'UI' });
    raw('dependencies', 'D-ghost', { id: 'D-ghost', from: 'UI', to: 'NOPE' });
    raw('iterations', 'I4', { id: 'I4', name: 'Iteration 4', order: 4 });
    pia.doc.transact(() => ((planMap(pia.doc, 'teams').get('Payments') as Y.Map<unknown>).get('capacity') as Y.Map<unknown>).set('I1', 99));
    // Then a valid change by the same client: once Obi has it, everything sent before it has been decided.
    placeFeature(pia.doc, 'LOG', 'I2');
    await eventually(() => (featuresMap(obi.doc).get('LOG') as Y.Map<unknown> | undefined)?.get('iteration'), { until: (v) => v === 'I2', what: 'the valid placement at Obi' });
    // Pia's own copy is put back too.
    await eventually(() => (featuresMap(pia.doc).get('UI') as Y.Map<unknown>).get('iteration') ?? null, { until: (v) => v === null, what: 'the refused placement undone at Pia' });
    await eventually(() => planMap(pia.doc, 'dependencies').size + (planMap(pia.doc, 'iterations').has('I4') ? 1 : 0), { until: (n) => n === 0, what: 'the refused entries undone at Pia' });
    expect(((planMap(pia.doc, 'teams').get('Payments') as Y.Map<unknown>).get('capacity') as Y.Map<unknown>).get('I1')).toBe(10);
    for (const state of seen) {
      expect(state).not.toContain('I9');
      expect(state).not.toContain('D-self');
      expect(state).not.toContain('D-ghost');
      expect(state).not.toContain('I4');
      expect(state).not.toContain('99');
    }
    const answer = await plan();
    expect(answer.dependencies).toEqual([]);
    expect(answer.iterations.map((i) => i.id)).toEqual(['I1', 'I2', 'IP']);
    expect(answer.teams.find((t) => t.name === 'Payments')?.capacity).toEqual({ I1: 10, I2: 10 });
    // Recorded as refused, with the reason; the sender was told.
    const refused = (await eventually(events, { until: (e) => e.filter((x) => x.kind === 'reverted').length >= 5, what: 'the refusals in the history' })).filter((e) => e.kind === 'reverted');
    expect(refused.map((e) => e.field).sort()).toEqual(['dependencies.D-ghost', 'dependencies.D-self', 'iteration', 'iterations.I4', 'teams.Payments']);
    expect(refused.every((e) => e.participantId === member(room, 'Pia').participantId)).toBe(true);
    expect(refused.find((e) => e.field === 'dependencies.D-self')?.to).toMatchObject({ reason: 'A feature cannot depend on itself.' });
    expect(refused.find((e) => e.field === 'iterations.I4')?.to).toMatchObject({ reason: 'Only the facilitator sets the plan\'s iterations.' });
    await eventually(() => notices.join(' '), { until: (t) => t.includes('cannot depend on itself'), what: 'Pia told why' });
    // The facilitator may set the frame.
    setIteration(fay.doc, { id: 'I4', name: 'Iteration 4', order: 4 });
    setMilestone(fay.doc, { id: 'M-1', name: 'Beta', iteration: 'I4' });
    await eventually(plan, { until: (p) => p.iterations.length === 4 && p.milestones?.length === 1, what: 'the facilitator\'s iteration and milestone' });
    obi.doc.off('afterTransaction', watch);
  });
});
