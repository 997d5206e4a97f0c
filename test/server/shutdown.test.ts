import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, featuresMap, updateFeature } from '@ladder/board-doc';
import { spawnLadder, type LadderProcess } from '../support/server';
import { connectClient, type SyncClient } from '../support/clients';
import { canonicalState, containsState, sameBytes } from '../support/state';
import { member, roomWith } from '../support/http';
import { eventually } from '@ladder/testing';

const servers: LadderProcess[] = [];
const clients: SyncClient[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const server of servers) await server.kill();
  servers[0]?.cleanup();
});

describe('graceful shutdown', () => {
  test('SIGTERM closes every client with 1012, exits 0, and a restart serves every update', async () => {
    const first = await spawnLadder();
    servers.push(first);
    const room = await roomWith(first.url, { Fay: 'facilitator', Pia: 'product', Pol: 'portfolio', Obe: 'observer' });
    const writers = ['Fay', 'Pia', 'Pol'].map((name) => connectClient(first.wsUrl, room.roomId, member(room, name).token));
    const observer = connectClient(first.wsUrl, room.roomId, member(room, 'Obe').token);
    const all = [...writers, observer];
    clients.push(...all);
    await Promise.all(all.map((c) => c.synced));

    for (let i = 0; i < 60; i++) {
      const writer = writers[i % writers.length] as SyncClient;
      const id = `S-${i % 20}`;
      if (featuresMap(writer.doc).has(id)) updateFeature(writer.doc, id, { jobSize: [1, 2, 3, 5, 8][i % 5] ?? 1, description: `pass ${i}` });
      else createFeature(writer.doc, { id, title: `Shutdown ${i}`, userBusinessValue: 8 }, { participantId: `w${i % 3}`, now: Date.now() });
    }
    // The server relayed everything: all four replicas agree.
    await eventually(() => all.every((c) => sameBytes(Y.encodeStateVector(c.doc), Y.encodeStateVector(writers[0]?.doc as Y.Doc))
      && canonicalState(c.doc) === canonicalState(observer.doc)), { timeout: 15_000, what: () => all.map((c) => featuresMap(c.doc).size).join(',') });
    expect(featuresMap(observer.doc).size).toBe(20);
    const converged = new Y.Doc();
    Y.applyUpdate(converged, Y.encodeStateAsUpdate(observer.doc));

    // A last burst, and SIGTERM while it is still on its way: whatever the observer received must survive too.
    for (let i = 0; i < 30; i++) {
      const writer = writers[i % writers.length] as SyncClient;
      updateFeature(writer.doc, `S-${i % 20}`, { riskReduction: [1, 2, 3][i % 3] ?? 1, description: `last ${i}` });
    }
    const exitCode = await first.stop();
    expect(exitCode, first.output()).toBe(0);
    for (const [i, client] of all.entries()) {
      await eventually(() => client.closes.length > 0, { timeout: 5_000, what: () => `client #${i} saw no close frame` });
      expect(client.closes[0]?.code, `close code seen by client #${i}`).toBe(1012);
    }
    const before = new Y.Doc();
    Y.applyUpdate(before, Y.encodeStateAsUpdate(observer.doc));
    for (const client of all) client.destroy();

    const second = await spawnLadder({ dataDir: first.dataDir });
    servers.push(second);
    const fresh = connectClient(second.wsUrl, room.roomId, member(room, 'Obe').token);
    clients.push(fresh);
    await eventually(() => fresh.provider.synced, { timeout: 15_000, what: () => `fresh client closes: ${JSON.stringify(fresh.closes)}\n${second.output()}` });
    expect(containsState(fresh.doc, converged), 'restarted room lacks updates relayed before SIGTERM').toBe(true);
    expect(containsState(fresh.doc, before), 'restarted room lacks updates the observer received during shutdown').toBe(true);
    converged.destroy();
    before.destroy();
  }, 90_000);
});
