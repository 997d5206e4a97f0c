import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, featuresMap } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, roomWith } from '../support/http';
import { useLadder } from '../support/use-ladder';

// An edit made offline never silently overwrites a newer live one: the value the room has seen stays, the arriving
// one is recorded as a conflict naming its author, whatever the Yjs client ids; writing it again applies it.

interface Event { seq: number; participantId: string | null; kind: string; featureId: string; field: string | null; from: unknown; to: unknown }

const ladder = useLadder();
const clients: SyncClient[] = [];

afterAll(() => {
  for (const c of clients) c.destroy();
});

const fieldOf = (c: SyncClient, id: string, field: string) => (featuresMap(c.doc).get(id) as Y.Map<unknown> | undefined)?.get(field);
const set = (c: SyncClient, id: string, field: string, value: unknown) => c.doc.transact(() => (featuresMap(c.doc).get(id) as Y.Map<unknown>).set(field, value));

describe('conflicts', () => {
  for (const [label, aId, bId] of [['the offline client has the higher Yjs id', 4_000_000_000, 1_000_000], ['the offline client has the lower Yjs id', 1_000_000, 4_000_000_000]] as const) {
    test(`an offline edit meeting a newer live one keeps the live value and records a conflict (${label})`, async () => {
      const room = await roomWith(ladder.url, { Ada: 'facilitator', Ann: 'product', Ben: 'portfolio' }, 'Conflicts');
      const connect = (name: string, clientId: number) => {
        const c = connectClient(ladder.wsUrl, room.roomId, member(room, name).token, { clientId });
        clients.push(c);
        return c;
      };
      const ada = connect('Ada', 77_000_000);
      await ada.synced;
      createFeature(ada.doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, { participantId: 'ada', now: 1 });
      const ann = connect('Ann', aId);
      const ben = connect('Ben', bId);
      await Promise.all([ann.synced, ben.synced]);
      await eventually(() => fieldOf(ann, 'F-1', 'userBusinessValue') === 8 && fieldOf(ben, 'F-1', 'userBusinessValue') === 8, { what: 'the feature at Ann and Ben' });

      // Ann goes offline and sets Business value 13; Ben, online, sets 3 later.
      ann.provider.disconnect();
      set(ann, 'F-1', 'userBusinessValue', 13);
      // Ann also changes a field nobody else touched: that applies as it always did.
      set(ann, 'F-1', 'riskReduction', 5);
      set(ben, 'F-1', 'userBusinessValue', 3);
      await eventually(() => fieldOf(ada, 'F-1', 'userBusinessValue') === 3, { what: 'Ben\'s 3 at Ada' });
      ann.provider.connect();
      await eventually(() => fieldOf(ada, 'F-1', 'riskReduction') === 5, { what: 'Ann\'s untouched field applied' });
      for (const c of [ada, ann, ben]) await eventually(() => fieldOf(c, 'F-1', 'userBusinessValue'), { until: (v) => v === 3, what: 'Ben\'s 3 stands everywhere' });
      const ranking = await api(ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Ada').token });
      expect((ranking.json as { features: { userBusinessValue: number }[] }).features[0]?.userBusinessValue).toBe(3);
      const events = async () => ((await api(ladder.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ada').token })).json as { events: Event[] }).events;
      const conflict = (await eventually(events, { until: (e) => e.some((x) => x.kind === 'conflict'), what: 'the conflict in the history' })).filter((e) => e.kind === 'conflict');
      expect(conflict).toEqual([expect.objectContaining({
        participantId: member(room, 'Ann').participantId, featureId: 'F-1', field: 'userBusinessValue', from: 3, to: 13,
        keptBy: { participantId: member(room, 'Ben').participantId, name: 'Ben' },
      })]);

      // The conflicts list (Ann's screen offers Apply anyway from it; the facilitator's lists it) has it open.
      const conflicts = async (name: string) => ((await api(ladder.url, `/api/rooms/${room.roomId}/conflicts`, { token: member(room, name).token })).json as { conflicts: unknown[] }).conflicts;
      expect(await conflicts('Ann')).toEqual([expect.objectContaining({
        participantId: member(room, 'Ann').participantId, name: 'Ann', featureId: 'F-1', field: 'userBusinessValue', kept: 3, arriving: 13, open: true, whole: true,
        keptBy: { participantId: member(room, 'Ben').participantId, name: 'Ben' },
      })]);

      // Ann, told, applies hers anyway: written on top of 3, it is an ordinary edit.
      set(ann, 'F-1', 'userBusinessValue', 13);
      for (const c of [ada, ben]) await eventually(() => fieldOf(c, 'F-1', 'userBusinessValue'), { until: (v) => v === 13, what: 'Ann\'s 13 applied anyway' });
      const changed = (await events()).filter((e) => e.kind === 'changed' && e.field === 'userBusinessValue');
      expect(changed.at(-1)).toMatchObject({ participantId: member(room, 'Ann').participantId, from: 3, to: 13 });
      expect(await conflicts('Ada')).toEqual([expect.objectContaining({ featureId: 'F-1', open: false })]);
    });
  }
});
