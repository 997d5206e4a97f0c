import { afterEach, describe, expect, test } from 'vitest';
import { createFeature, deleteFeature, setMeta, updateFeature } from '@ladder/board-doc';
import { SqliteStorage } from '@ladder/server';
import { eventually } from '@ladder/testing';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, roomWith } from '../support/http';
import { startLadder, type LadderServer } from '../support/server';

let servers: LadderServer[] = [];
let clients: SyncClient[] = [];

afterEach(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  for (const server of servers) await server.stop();
  servers[0]?.cleanup();
  servers = [];
});

/** The sources of the history states the server logged it answered (`history state answered`, at debug level). */
function stateSources(server: LadderServer): string[] {
  return server.output().split('\n').filter((line) => line.includes('history state answered')).map((line) => (JSON.parse(line) as { source: string }).source);
}

describe('the state index kept in storage', () => {
  test('written when the room goes idle; after a restart history/state answers from it, at every seq, with no snapshot decoded', async () => {
    const env = { LADDER_SNAPSHOT_EVERY: '4', LOG_LEVEL: 'debug' };
    const first = await startLadder({ env });
    servers.push(first);
    const room = await roomWith(first.url, { Alice: 'facilitator' }, 'Indexed');
    const token = member(room, 'Alice').token;
    const alice = connectClient(first.wsUrl, room.roomId, token);
    clients.push(alice);
    await alice.synced;
    const by = { participantId: member(room, 'Alice').participantId, now: Date.now() };
    createFeature(alice.doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 8, timeCriticality: 3, riskReduction: 2, jobSize: 5 }, by);
    createFeature(alice.doc, { id: 'F-2', title: 'Search', userBusinessValue: 5, timeCriticality: 5, riskReduction: 1, jobSize: 3 }, by);
    updateFeature(alice.doc, 'F-1', { timeCriticality: 13 });
    setMeta(alice.doc, { capacity: 6 });
    createFeature(alice.doc, { id: 'F-3', title: 'Reports' }, by);
    deleteFeature(alice.doc, 'F-2');
    updateFeature(alice.doc, 'F-1', { title: 'Checkout v2', jobSize: 8 });
    const get = (server: LadderServer, path: string) => api(server.url, `/api/rooms/${room.roomId}${path}`, { token });
    const titleOf = async () => ((await get(first, '/ranking')).json as { features: { title: string }[] }).features[0]?.title;
    await eventually(titleOf, { until: (title) => title === 'Checkout v2', what: 'every edit stored' });

    // The room is left: it goes idle, and the server stores its index to the end in the background.
    alice.destroy();
    clients = [];
    const latest = ((await get(first, '/history/timeline')).json as { points: unknown[] }).points.length;
    const storage = new SqliteStorage({ dataDir: first.dataDir });
    try {
      await eventually(() => storage.lastStateSegment(room.roomId), { until: (segment) => segment?.toSeq === latest, what: 'the index stored to the last update' });
    } finally {
      await storage.close();
    }
    const before = [];
    for (let seq = 0; seq <= latest; seq++) before.push((await get(first, `/history/state?seq=${seq}`)).json);
    await first.stop();

    const second = await startLadder({ env, dataDir: first.dataDir });
    servers.push(second);
    for (let seq = latest; seq >= 0; seq--) {
      const answer = await get(second, `/history/state?seq=${seq}`);
      expect(answer.status).toBe(200);
      expect(answer.json, `after seq ${seq}`).toEqual(before[seq]);
    }
    const sources = stateSources(second);
    expect(sources).toHaveLength(latest + 1);
    expect(sources[0]).toBe('stored index');
    expect(sources.filter((source) => source === 'snapshot')).toEqual([]);
  });
});
