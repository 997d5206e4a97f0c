import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeature, setMeta, updateFeature } from '@ladder/board-doc';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { startLadder, type LadderServer } from '../support/server';
import { eventually } from '@ladder/testing';

interface Row { id: string; rank: number | null; inCapacity?: boolean }


const ctx = () => ({ participantId: 'test-writer', now: Date.now() });

describe('GET …/ranking with a capacity', () => {
  let ladder: LadderServer;
  let room: RoomWithPeople;
  let client: SyncClient;

  beforeAll(async () => {
    ladder = await startLadder();
    // Alice sets the capacity, a room setting: she runs the session with the facilitator's link.
    room = await roomWith(ladder.url, { Alice: 'facilitator', Bob: 'observer' });
    client = connectClient(ladder.wsUrl, room.roomId, member(room, 'Alice').token);
    await client.synced;
  });
  afterAll(async () => {
    client?.destroy();
    await ladder?.stop();
    ladder?.cleanup();
  });

  const ranking = async (): Promise<Row[]> => {
    const answer = await api(ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Bob').token });
    expect(answer.status).toBe(200);
    return (answer.json as { features: Row[] }).features;
  };

  it('has no inCapacity without a capacity, marks the cut line with one, and follows an estimate change', async () => {
    const doc = client.doc;
    createFeature(doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2 }, ctx());
    createFeature(doc, { id: 'F-2', title: 'Search', userBusinessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 5 }, ctx());
    createFeature(doc, { id: 'F-3', title: 'Reports', userBusinessValue: 3, timeCriticality: 2, riskReduction: 1, jobSize: 8 }, ctx());
    createFeature(doc, { id: 'F-4', title: 'Unscored idea' }, ctx());
    const plain = await eventually(ranking, { until: (rows) => rows.length === 4 && rows[2]?.rank === 3, what: 'four features on the server' });
    expect(plain.map((r) => r.id)).toEqual(['F-1', 'F-2', 'F-3', 'F-4']);
    expect(plain.every((r) => !('inCapacity' in r))).toBe(true);

    setMeta(doc, { capacity: 7 });
    const cut = await eventually(ranking, { until: (rows) => rows.some((r) => 'inCapacity' in r), what: 'inCapacity after the capacity is set' });
    expect(cut.map((r) => [r.id, r.inCapacity])).toEqual([['F-1', true], ['F-2', true], ['F-3', false], ['F-4', false]]);

    // A smaller job size lifts F-3 (WSJF 6) over F-2 (WSJF 2): 2 + 1 fit, 2 + 1 + 5 = 8 does not.
    updateFeature(doc, 'F-3', { jobSize: 1 });
    const moved = await eventually(ranking, { until: (rows) => rows[1]?.id === 'F-3', what: 'F-3 above F-2' });
    expect(moved.map((r) => [r.id, r.inCapacity])).toEqual([['F-1', true], ['F-3', true], ['F-2', false], ['F-4', false]]);

    setMeta(doc, { capacity: null });
    const cleared = await eventually(ranking, { until: (rows) => rows.every((r) => !('inCapacity' in r)), what: 'no inCapacity after clearing' });
    expect(cleared).toHaveLength(4);
  });
});
