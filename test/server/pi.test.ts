import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { CONFIDENCE_ROOT, continueToNextPi, metaMap, namePi, piMap, readAgenda, readConfidence, SAFE_AGENDA, setAgenda, setObjective, setObjectiveValue } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, roomWith } from '../support/http';
import { useLadder } from '../support/use-ladder';

// PI objectives, risks and the confidence vote (CONTRACT.md, "PI objectives, risks, confidence"): business values are
// the Business Owners' alone (anyone else's write is refused in its commit and never observed), the vote is as blind
// as an estimation round (no individual value in the document, presence or any answer, before or after the reveal),
// and predictability is measured from the objectives.

interface Event { kind: string; field: string | null; to: unknown; participantId: string | null }

// Every log line the server writes, down to debug: no vote value may appear in any of them.
const ladder = useLadder({ env: { LOG_LEVEL: 'debug' } });
const clients: SyncClient[] = [];
afterAll(() => { for (const c of clients) c.destroy(); });

const people = { Fay: 'facilitator', Pia: 'product', Pat: 'product', Lou: 'portfolio', Obi: 'observer' } as const;

describe('PI objectives and the confidence vote', () => {
  test('the confidence vote: who voted shows, never what; the reveal gives counts only; 409 after it; each voter reads only their own', async () => {
    const room = await roomWith(ladder.url, people, 'PI 27.1 confidence');
    const token = (name: keyof typeof people) => member(room, name).token;
    const obi = connectClient(ladder.wsUrl, room.roomId, token('Obi'));
    clients.push(obi);
    await obi.synced;
    // Everything the observer's copy and presence ever hold while the vote runs.
    const seen: string[] = [];
    obi.doc.on('afterTransaction', () => seen.push(JSON.stringify(obi.doc.getMap(CONFIDENCE_ROOT).toJSON())));
    const post = (name: keyof typeof people, path: string, body?: unknown) => api(ladder.url, `/api/rooms/${room.roomId}/confidence${path}`, { method: 'POST', token: token(name), body: body ?? {} });

    expect((await post('Pia', '', { scope: 'ART' })).status).toBe(403);
    expect((await post('Fay', '', { scope: '' })).status).toBe(400);
    const opened = await post('Fay', '', { scope: 'ART' });
    expect(opened.status).toBe(201);
    const { voteId } = opened.json as { voteId: string };
    // Votes: 4, 2, 1 (Pat first votes 5, then changes to 1); an observer cannot vote; 6 is off the fist.
    for (const [name, value] of [['Fay', 4], ['Pia', 2], ['Pat', 5], ['Pat', 1]] as const) expect((await post(name, `/${voteId}/votes`, { value })).status).toBe(204);
    expect((await post('Obi', `/${voteId}/votes`, { value: 3 })).status).toBe(403);
    expect((await post('Lou', `/${voteId}/votes`, { value: 6 })).status).toBe(400);
    expect((await post('Lou', `/C-NOPE/votes`, { value: 3 })).status).toBe(404);
    const voted = await eventually(() => readConfidence(obi.doc)[0]?.voted ?? [], { until: (v) => v.length === 3, what: 'three voters at the observer' });
    expect(new Set(voted)).toEqual(new Set(['Fay', 'Pia', 'Pat'].map((n) => member(room, n).participantId)));
    // The public state before the reveal: who voted, never a value.
    expect(readConfidence(obi.doc)[0]).toMatchObject({ scope: 'ART', status: 'open', result: null });
    // Each voter may read their own value, no one else's.
    expect((await api(ladder.url, `/api/rooms/${room.roomId}/confidence/${voteId}/mine`, { token: token('Pat') })).json).toEqual({ value: 1, invited: false });
    expect((await api(ladder.url, `/api/rooms/${room.roomId}/confidence/${voteId}/mine`, { token: token('Lou') })).json).toEqual({ value: null, invited: false });

    expect((await post('Pia', `/${voteId}/reveal`)).status).toBe(403);
    const revealed = await post('Fay', `/${voteId}/reveal`);
    expect(revealed.status).toBe(200);
    // 4, 2, 1: average 7/3 < 3, the plan is not accepted.
    expect(revealed.json).toEqual({ voteId, scope: 'ART', voters: 3, average: 7 / 3, distribution: { 1: 1, 2: 1, 3: 0, 4: 1, 5: 0 }, accepted: false });
    expect((await post('Fay', `/${voteId}/reveal`)).json).toEqual(revealed.json);
    expect((await post('Lou', `/${voteId}/votes`, { value: 5 })).status).toBe(409);
    await eventually(() => readConfidence(obi.doc)[0]?.status, { until: (s) => s === 'revealed', what: 'the reveal at the observer' });
    // The 1- and 2-voters are invited to state a concern, each on their own.
    expect((await api(ladder.url, `/api/rooms/${room.roomId}/confidence/${voteId}/mine`, { token: token('Pat') })).json).toEqual({ value: 1, invited: true });
    expect((await api(ladder.url, `/api/rooms/${room.roomId}/confidence/${voteId}/mine`, { token: token('Pia') })).json).toEqual({ value: 2, invited: true });
    expect((await api(ladder.url, `/api/rooms/${room.roomId}/confidence/${voteId}/mine`, { token: token('Fay') })).json).toEqual({ value: 4, invited: false });
    // Never a participant next to a value: the document holds ids in `voted` and counts in `result`, nothing else.
    for (const state of seen) {
      const votes = Object.values(JSON.parse(state) as Record<string, Record<string, unknown>>);
      for (const v of votes) expect(Object.keys(v).sort()).toEqual(expect.arrayContaining(['id', 'scope', 'status', 'voted']));
      expect(state).not.toMatch(/"value"|"values"|"confidence"/);
    }
    // No log line (debug included) carries a vote's value.
    const logs = ladder.output();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toMatch(/"value":\s*[1-5]\b/);
    // The history keeps the outcome, counts only.
    const history = ((await api(ladder.url, `/api/rooms/${room.roomId}/history`, { token: token('Fay') })).json as { events: Event[] }).events;
    expect(history.filter((e) => e.field === `confidence.${voteId}`)).toEqual([expect.objectContaining({ kind: 'planned', participantId: null, to: { scope: 'ART', voters: 3, average: 7 / 3, distribution: { 1: 1, 2: 1, 3: 0, 4: 1, 5: 0 }, accepted: false } })]);
  });

  test('a client cannot write the confidence votes; a product manager\'s business value is refused and never observed, a portfolio one\'s applies; predictability', async () => {
    const room = await roomWith(ladder.url, people, 'PI 27.1 objectives');
    const connect = (name: keyof typeof people) => {
      const c = connectClient(ladder.wsUrl, room.roomId, member(room, name).token);
      clients.push(c);
      return c;
    };
    const pia = connect('Pia');
    const lou = connect('Lou');
    const obi = connect('Obi');
    await Promise.all([pia.synced, lou.synced, obi.synced]);
    const values: unknown[] = [];
    obi.doc.on('afterTransaction', () => values.push(...[...piMap(obi.doc, 'objectives').values()].map((o) => o.get('plannedValue'))));
    // Pia writes her team's objectives (anyone may) and tries to value one herself.
    setObjective(pia.doc, { id: 'O-1', team: 'Payments', text: 'Checkout live in 3 countries', committed: true });
    setObjective(pia.doc, { id: 'O-2', team: 'Payments', text: 'Try one-click pay', committed: false });
    await eventually(() => piMap(lou.doc, 'objectives').size, { until: (n) => n === 2, what: 'the objectives at Lou' });
    setObjectiveValue(pia.doc, 'O-1', 'plannedValue', 10);
    await eventually(() => piMap(pia.doc, 'objectives').get('O-1')?.get('plannedValue') ?? null, { until: (v) => v === null, what: 'Pia\'s value undone at Pia' });
    // Lou (portfolio, a Business Owner) values them; a later change by the same client marks that Pia's was decided.
    setObjectiveValue(lou.doc, 'O-1', 'plannedValue', 8);
    setObjectiveValue(lou.doc, 'O-1', 'actualValue', 6);
    setObjectiveValue(lou.doc, 'O-2', 'plannedValue', 5);
    setObjectiveValue(lou.doc, 'O-2', 'actualValue', 4);
    await eventually(() => piMap(obi.doc, 'objectives').get('O-2')?.get('actualValue'), { until: (v) => v === 4, what: 'Lou\'s values at the observer' });
    expect(values).not.toContain(10);
    const events = ((await api(ladder.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Fay').token })).json as { events: Event[] }).events;
    expect(events.filter((e) => e.kind === 'reverted')).toEqual([expect.objectContaining({ field: 'objectives.O-1', participantId: member(room, 'Pia').participantId, to: expect.objectContaining({ reason: 'Only the Business Owners (facilitator, portfolio) set an objective\'s business value.' }) })]);
    // Predictability: planned 8 (O-2 is uncommitted), actual 6 + 4 = 10 → 125 %.
    const answer = await api(ladder.url, `/api/rooms/${room.roomId}/predictability`, { token: member(room, 'Obi').token });
    expect(answer.json).toEqual({ teams: [{ team: 'Payments', planned: 8, actual: 10, percent: 125 }], art: { planned: 8, actual: 10, percent: 125 } });
    // The facilitator continues the room into the next PI: this PI's figures stay, per PI; the next starts empty.
    const fay = connectClient(ladder.wsUrl, room.roomId, member(room, 'Fay').token);
    clients.push(fay);
    await fay.synced;
    await eventually(() => piMap(fay.doc, 'objectives').get('O-2')?.get('actualValue'), { until: (v) => v === 4, what: 'the values at Fay' });
    // Pia may not: the PI is the facilitator's setting.
    namePi(pia.doc, 'PI 99');
    await eventually(() => metaMap(pia.doc).get('pi') ?? null, { until: (v) => v === null, what: 'Pia\'s PI name put back' });
    namePi(fay.doc, 'PI 27.1');
    continueToNextPi(fay.doc, 'PI 27.2');
    setObjective(fay.doc, { id: 'O-3', team: 'Payments', text: 'Wallets', committed: true });
    setObjectiveValue(fay.doc, 'O-3', 'plannedValue', 10);
    const across = await eventually(async () => (await api(ladder.url, `/api/rooms/${room.roomId}/predictability`, { token: member(room, 'Obi').token })).json as { pi?: string; pis?: unknown[]; art: { planned: number } },
      { until: (a) => a.pi === 'PI 27.2' && a.art.planned === 10, what: 'predictability across PIs' });
    expect(across).toEqual({
      teams: [{ team: 'Payments', planned: 10, actual: 0, percent: 0 }], art: { planned: 10, actual: 0, percent: 0 }, pi: 'PI 27.2',
      pis: [
        { pi: 'PI 27.1', teams: [{ team: 'Payments', planned: 8, actual: 10, percent: 125 }], art: { planned: 8, actual: 10, percent: 125 } },
        { pi: 'PI 27.2', teams: [{ team: 'Payments', planned: 10, actual: 0, percent: 0 }], art: { planned: 10, actual: 0, percent: 0 } },
      ],
    });
    // A client's write into the confidence votes closes its connection (4403): only the API changes them.
    const closed = new Promise<number>((resolve) => pia.provider.ws?.addEventListener('close', (e) => resolve((e as unknown as { code: number }).code)));
    pia.doc.transact(() => pia.doc.getMap(CONFIDENCE_ROOT).set('C-FAKE', new Y.Map()));
    expect(await closed).toBe(4403);
    expect(obi.doc.getMap(CONFIDENCE_ROOT).size).toBe(0);
  });

  test('the agenda is the facilitator\'s: anyone else\'s change is put back; the facilitator\'s reaches every screen', async () => {
    const room = await roomWith(ladder.url, people, 'PI 27.1 agenda');
    const fay = connectClient(ladder.wsUrl, room.roomId, member(room, 'Fay').token);
    const pia = connectClient(ladder.wsUrl, room.roomId, member(room, 'Pia').token);
    clients.push(fay, pia);
    await Promise.all([fay.synced, pia.synced]);
    setAgenda(fay.doc, { items: [...SAFE_AGENDA], current: { itemId: 'context', startedAt: 5 }, callBack: null });
    await eventually(() => readAgenda(pia.doc)?.current?.itemId, { until: (id) => id === 'context', what: 'the agenda at Pia' });
    // Pia moves the event on herself: put back.
    setAgenda(pia.doc, { items: [...SAFE_AGENDA], current: { itemId: 'confidence', startedAt: 9 }, callBack: null });
    await eventually(() => readAgenda(pia.doc)?.current?.itemId, { until: (id) => id === 'context', what: 'Pia\'s change put back' });
    // The facilitator calls everyone back.
    setAgenda(fay.doc, { items: [...SAFE_AGENDA], current: { itemId: 'breakouts-1', startedAt: 10 }, callBack: { at: 11, message: 'Back to the main room' } });
    await eventually(() => readAgenda(pia.doc)?.callBack?.message, { until: (m) => m === 'Back to the main room', what: 'the call back at Pia' });
    expect(metaMap(pia.doc).get('agenda')).toMatchObject({ current: { itemId: 'breakouts-1' } });
  });
});
