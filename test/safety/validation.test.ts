import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { createFeature, featuresMap, metaMap, rankingOf, readLead, RECOVERY_KEY, setLead } from '@ladder/board-doc';
import { connectClient, type SyncClient } from '../support/clients';
import { api, fetchMetrics, member, roomWith, sumMetric, type RoomWithPeople } from '../support/http';
import { useLadder } from '../support/use-ladder';
import { eventually } from '@ladder/testing';

interface Event { seq: number; participantId: string | null; kind: string; featureId: string; field: string | null; from: unknown; to: unknown }

const server = useLadder();
const clients: SyncClient[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
});

async function join(room: RoomWithPeople, name: string): Promise<SyncClient> {
  const client = connectClient(server.wsUrl, room.roomId, member(room, name).token);
  clients.push(client);
  await client.synced;
  return client;
}

const fieldOf = (client: SyncClient, id: string, field: string): unknown => {
  const map = featuresMap(client.doc).get(id) as unknown;
  return map instanceof Y.Map ? map.get(field) : map;
};

describe('semantic validation of raw document writes', () => {
  test('room settings (scale, capacity, themes) are the facilitator\'s: anyone else\'s change is reverted and recorded', async () => {
    const room = await roomWith(server.url, { Ada: 'facilitator', Pia: 'product', Lou: 'portfolio' });
    const ada = await join(room, 'Ada');
    const pia = await join(room, 'Pia');
    const lou = await join(room, 'Lou');
    const meta = (c: SyncClient) => metaMap(c.doc);
    ada.doc.transact(() => meta(ada).set('capacity', 20));
    await eventually(() => meta(pia).get('capacity') === 20, { what: 'the facilitator\'s capacity at Pia' });
    // Pia (product) lowers the capacity and narrows the scale; Lou (portfolio) writes a theme.
    pia.doc.transact(() => meta(pia).set('capacity', 3));
    pia.doc.transact(() => meta(pia).set('scale', [1, 2]));
    lou.doc.transact(() => meta(lou).set('themes', { Growth: { colour: '#ff0000', minShare: 0.5 } }));
    await eventually(() => meta(ada).get('capacity') === 20 && JSON.stringify(meta(ada).get('scale')) === '[1,2,3,5,8,13,20]' && !meta(ada).has('themes'), {
      what: () => `the settings as the facilitator left them: ${JSON.stringify(meta(ada).toJSON())}`,
    });
    await eventually(() => meta(pia).get('capacity') === 20 && !meta(lou).has('themes'), { what: () => `the reverts at Pia and Lou: ${JSON.stringify([meta(ada).toJSON(), meta(pia).toJSON(), meta(lou).toJSON(), ada.closes, pia.closes, lou.closes, ada.provider.wsconnected])}` });
    const events = ((await api(server.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ada').token })).json as { events: Event[] }).events;
    const reverted = events.filter((e) => e.kind === 'reverted').map((e) => `${e.field}:${(e.to as { reason: string }).reason}`).sort();
    expect(reverted).toEqual([
      "meta.capacity:Only the facilitator changes the room's capacity.",
      "meta.scale:Only the facilitator changes the room's scale.",
      "meta.themes:Only the facilitator changes the room's themes.",
    ]);
    // The facilitator's own changes stand.
    ada.doc.transact(() => meta(ada).set('themes', { Growth: { colour: '#00ff00' } }));
    await eventually(() => JSON.stringify(meta(lou).get('themes')) === '{"Growth":{"colour":"#00ff00"}}', { what: 'the facilitator\'s theme at Lou' });
  });

  test('only the facilitator leads the room (meta.lead): anyone else\'s lead is reverted, a malformed one too', async () => {
    const room = await roomWith(server.url, { Ada: 'facilitator', Pia: 'product', Lou: 'portfolio' });
    const ada = await join(room, 'Ada');
    const pia = await join(room, 'Pia');
    const lou = await join(room, 'Lou');
    const lead = (c: SyncClient) => readLead(c.doc);
    createFeature(ada.doc, { id: 'F-1', title: 'Checkout' }, { participantId: member(room, 'Ada').participantId, now: 1 });
    ada.doc.transact(() => setLead(ada.doc, { featureId: 'F-1', by: { participantId: member(room, 'Ada').participantId, name: 'Ada' }, at: 1 }));
    await eventually(() => lead(lou)?.featureId, { until: (v) => v === 'F-1', what: 'the facilitator\'s lead at Lou' });
    // Pia claims the lead, to pull every screen elsewhere: set back, never observed by Lou.
    let seenByLou: unknown[] = [];
    metaMap(lou.doc).observe(() => { seenByLou = [...seenByLou, metaMap(lou.doc).get('lead')]; });
    pia.doc.transact(() => setLead(pia.doc, { featureId: 'F-1', by: { participantId: 'fake', name: 'Ada' }, at: 2 }));
    await eventually(() => lead(pia)?.at, { until: (v) => v === 1, what: 'Pia\'s lead set back' });
    // The facilitator's malformed lead is refused like any invalid setting.
    ada.doc.transact(() => metaMap(ada.doc).set('lead', { featureId: 42 }));
    await eventually(() => lead(ada)?.at, { until: (v) => v === 1, what: 'the malformed lead set back' });
    ada.doc.transact(() => setLead(ada.doc, null));
    await eventually(() => metaMap(lou.doc).has('lead'), { until: (v) => v === false, what: 'the release at Lou' });
    expect(seenByLou.filter((v) => (v as { at?: number } | undefined)?.at === 2 || (v as { featureId?: unknown } | undefined)?.featureId === 42)).toEqual([]);
  });

  test('strikes count per participant: after a reconnect, the next invalid change closes at once; others keep theirs', async () => {
    const room = await roomWith(server.url, { Ada: 'facilitator', Ben: 'product', Mal: 'portfolio' });
    const ada = await join(room, 'Ada');
    createFeature(ada.doc, { id: 'F-1', title: 'Checkout', jobSize: 5 }, { participantId: member(room, 'Ada').participantId, now: 1 });
    const spoil = (client: SyncClient, value: unknown) => {
      const f1 = featuresMap(client.doc).get('F-1') as Y.Map<unknown>;
      client.doc.transact(() => f1.set('jobSize', value));
    };
    const mal = await join(room, 'Mal');
    await eventually(() => fieldOf(mal, 'F-1', 'jobSize') === 5);
    for (const value of ['a', 'b', 'c']) {
      spoil(mal, value);
      // Refused in its own commit: Ada never sees it, and Mal gets the value put back.
      await eventually(() => fieldOf(mal, 'F-1', 'jobSize'), { until: (v) => v === 5, what: `the compensation of ${value} at Mal` });
    }
    await eventually(() => mal.closes.length, { until: (n) => n > 0, what: 'Mal closed after three strikes' });
    expect(mal.closes[0]?.code).toBe(4409);
    mal.destroy();

    // Back with the same token: one more invalid change is enough.
    const again = await join(room, 'Mal');
    await eventually(() => fieldOf(again, 'F-1', 'jobSize') === 5);
    spoil(again, 'd');
    await eventually(() => again.closes.length, { until: (n) => n > 0, what: 'Mal closed at the first strike after reconnecting' });
    expect(again.closes[0]?.code).toBe(4409);

    // Ben's own first invalid change is reverted, and he stays connected (marker: his valid change after it arrives).
    const ben = await join(room, 'Ben');
    await eventually(() => fieldOf(ben, 'F-1', 'jobSize') === 5);
    spoil(ben, 'e');
    await eventually(() => fieldOf(ada, 'F-1', 'jobSize'), { until: (v) => v === 5, what: 'the revert of Ben\'s change' });
    spoil(ben, 8);
    await eventually(() => fieldOf(ada, 'F-1', 'jobSize'), { until: (v) => v === 8, what: 'Ben\'s valid change' });
    expect(ben.closes).toEqual([]);
  });

  test('invalid values written straight into features and meta are reverted, recorded, counted and never ranked', async () => {
    const room = await roomWith(server.url, { Ada: 'facilitator', Ben: 'product', Mal: 'portfolio' });
    const ada = await join(room, 'Ada');
    const ben = await join(room, 'Ben');
    const mal = await join(room, 'Mal');
    // What the server tells Mal on each reverted update (a y-protocols auth message), and whether Mal was still connected.
    const notices: { text: string; closedBefore: number }[] = [];
    (mal.provider.ws as unknown as WebSocket).addEventListener('message', (event) => {
      const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
      if (decoding.readVarUint(decoder) === 2 && decoding.readVarUint(decoder) === 0) {
        notices.push({ text: decoding.readVarString(decoder), closedBefore: mal.closes.length });
      }
    });
    createFeature(ada.doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, { participantId: member(room, 'Ada').participantId, now: 1 });
    await eventually(() => fieldOf(mal, 'F-1', 'jobSize') === 5 && fieldOf(ben, 'F-1', 'jobSize') === 5);
    const good = JSON.parse(JSON.stringify(rankingOf(ben.doc))) as unknown;
    const before = sumMetric(await fetchMetrics(server.url), /^ladder_reverted_changes_total$/);

    // A raw client, bypassing board-doc: Y.Map set calls with nonsense.
    const f1 = featuresMap(mal.doc).get('F-1') as Y.Map<unknown>;
    mal.doc.transact(() => f1.set('jobSize', 'huge'));
    mal.doc.transact(() => f1.set('userBusinessValue', Number.NaN));
    mal.doc.transact(() => {
      f1.set('timeCriticality', 4); // off the scale [1,2,3,5,8,13,20]
      // Over the title's 200 characters, under the 16 KB a field may take (a larger one is refused before it is stored).
      f1.set('title', 'x'.repeat(5_000));
    });
    // The server has handled all three updates once their reverted fields are in its history (the values alone prove
    // nothing: they start out as they end), and the reverts have been applied once its ranking is the good one again.
    const historyOf = async () => ((await api(server.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ben').token })).json as { events: Event[] }).events;
    await eventually(historyOf, { until: (events) => events.filter((e) => e.kind === 'reverted').length >= 4, what: 'the four reverted fields in the history', timeout: 20_000 });
    await eventually(() => api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Ben').token }), {
      until: (answer) => JSON.stringify(answer.json) === JSON.stringify({ features: good }), what: 'the server\'s ranking without the invalid values', timeout: 20_000,
    });
    await eventually(() => fieldOf(ben, 'F-1', 'jobSize') === 5 && fieldOf(ben, 'F-1', 'userBusinessValue') === 8
      && fieldOf(ben, 'F-1', 'timeCriticality') === 5 && fieldOf(ben, 'F-1', 'title') === 'Checkout', { timeout: 20_000, what: () => JSON.stringify({ jobSize: fieldOf(ben, 'F-1', 'jobSize'), ubv: fieldOf(ben, 'F-1', 'userBusinessValue'), tc: fieldOf(ben, 'F-1', 'timeCriticality') }) });
    expect(JSON.parse(JSON.stringify(rankingOf(ben.doc)))).toEqual(good);
    expect(JSON.parse(JSON.stringify(rankingOf(ada.doc)))).toEqual(good);
    const ranking = await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Ben').token });
    expect(ranking.json).toEqual({ features: good });

    const history = (await api(server.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ben').token })).json as { events: Event[] };
    const reverted = history.events.filter((e) => e.kind === 'reverted');
    expect(reverted.map((e) => e.field).sort()).toEqual(['jobSize', 'timeCriticality', 'title', 'userBusinessValue']);
    for (const e of reverted) {
      expect(e.participantId).toBe(member(room, 'Mal').participantId);
      expect(typeof (e.to as { reason: unknown }).reason).toBe('string');
    }
    expect(JSON.stringify(reverted).length).toBeLessThan(10_000);
    const after = sumMetric(await fetchMetrics(server.url), /^ladder_reverted_changes_total$/);
    expect(after - before).toBe(4);

    // Three reverted updates: the sender is told why each time, then closed with a named 4xxx code.
    await eventually(() => mal.closes.length > 0, { timeout: 20_000 });
    expect(mal.closes[0]?.code).toBe(4409);
    expect(mal.closes[0]?.reason).toMatch(/reverted/);
    expect(notices.map((n) => n.closedBefore)).toEqual([0, 0, 0]);
    expect(notices[0]?.text).toMatch(/F-1\.jobSize: jobSize must be/);
    expect(notices[1]?.text).toMatch(/F-1\.userBusinessValue/);
    expect(notices[2]?.text).toMatch(/F-1\.timeCriticality: .*scale/);
    expect(notices[2]?.text).toMatch(/F-1\.title: title is 5000 characters/);

    // A facilitator restoring the very update that wrote the over-long title does not bring the invalid values back.
    const titleSeq = reverted.find((e) => e.field === 'title')?.seq as number;
    const restore = await api(server.url, `/api/rooms/${room.roomId}/restore`, { token: member(room, 'Ada').token, body: { seq: titleSeq, note: 'back to then' } });
    expect(restore.status, restore.text).toBe(200);
    expect((await api(server.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Ben').token })).json).toEqual({ features: good });
    expect([fieldOf(ada, 'F-1', 'title'), fieldOf(ada, 'F-1', 'timeCriticality')]).toEqual(['Checkout', 5]);

    // No state of the room, at any update, ranks an invalid value: not even the updates that wrote them.
    const latest = Math.max(...history.events.map((e) => e.seq), (restore.json as { seq: number | null }).seq ?? 0);
    for (let seq = 1; seq <= latest; seq++) {
      const state = (await api(server.url, `/api/rooms/${room.roomId}/history/state?seq=${seq}`, { token: member(room, 'Ben').token })).json as { features: Record<string, unknown>[] };
      for (const row of state.features) {
        expect(typeof row.title === 'string' && row.title.length <= 200, `title at ${seq}`).toBe(true);
        for (const c of ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize']) {
          expect([null, 1, 2, 3, 5, 8, 13, 20], `${c} at ${seq}`).toContain(row[c]);
        }
      }
    }
  });

  test('a negative job size in a new feature, a feature that is not a map and a broken meta are undone for everyone', async () => {
    const room = await roomWith(server.url, { Ada: 'facilitator', Ben: 'product' });
    const ada = await join(room, 'Ada');
    const ben = await join(room, 'Ben');
    ben.doc.transact(() => {
      const map = new Y.Map<unknown>();
      map.set('id', 'F-9');
      map.set('title', 'Search');
      map.set('jobSize', -3);
      featuresMap(ben.doc).set('F-9', map);
    });
    ben.doc.transact(() => (featuresMap(ben.doc) as Y.Map<unknown>).set('F-bad', 'not a map'));
    await eventually(() => fieldOf(ada, 'F-9', 'title') === 'Search' && !featuresMap(ada.doc).has('F-bad') && fieldOf(ada, 'F-9', 'jobSize') === undefined, { timeout: 20_000 });
    await eventually(() => !featuresMap(ben.doc).has('F-bad') && fieldOf(ben, 'F-9', 'jobSize') === undefined, { timeout: 20_000, what: () => `ben still has ${JSON.stringify(featuresMap(ben.doc).toJSON())}` });

    const title = metaMap(ada.doc).get('title');
    ada.doc.transact(() => {
      metaMap(ada.doc).set('scale', 'fibonacci');
      metaMap(ada.doc).set('capacity', -1);
    });
    await eventually(() => [ada, ben].every((c) => Array.isArray(metaMap(c.doc).get('scale')) && !metaMap(c.doc).has('capacity')), { timeout: 20_000 });
    expect(metaMap(ben.doc).get('title')).toBe(title);
    expect(metaMap(ada.doc).get('scale')).toEqual([1, 2, 3, 5, 8, 13, 20]);

    // A client cannot pass a change off as a facilitator's restore: only the server writes the recovery mark.
    // (Ada: Ben has used up his reverted changes above and is disconnected.)
    ada.doc.transact(() => metaMap(ada.doc).set(RECOVERY_KEY, {
      kind: 'restored', by: { participantId: member(room, 'Ben').participantId, name: 'Ben' }, toSeq: 1, note: 'not really', at: 1,
    }));
    await eventually(() => !metaMap(ada.doc).has(RECOVERY_KEY), { timeout: 20_000 });
    const events = (await api(server.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ada').token })).json as { events: Event[] };
    expect(events.events.filter((e) => e.kind === 'reverted' && e.field === `meta.${RECOVERY_KEY}`)).toHaveLength(1);
  });

  test('history attributes each change to the token that sent it, whatever the payload claims', async () => {
    const room = await roomWith(server.url, { Ada: 'facilitator', Ben: 'product' });
    const ben = await join(room, 'Ben');
    createFeature(ben.doc, { id: 'F-2', title: 'Claims' }, { participantId: member(room, 'Ada').participantId, now: 2 });
    await eventually(async () => {
      const history = (await api(server.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ada').token })).json as { events: Event[] };
      return history.events.some((e) => e.kind === 'created' && e.featureId === 'F-2');
    });
    const history = (await api(server.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ada').token })).json as { events: Event[] };
    const created = history.events.find((e) => e.kind === 'created' && e.featureId === 'F-2');
    expect(created?.participantId).toBe(member(room, 'Ben').participantId);
  });
});
