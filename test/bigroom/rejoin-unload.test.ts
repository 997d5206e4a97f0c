import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, deleteFeature, featuresMap, updateFeature } from '@ladder/board-doc';
import { connectClient, type SyncClient } from '../support/clients';
import { canonicalState, sameBytes } from '../support/state';
import { fetchMetrics, member, roomWith, sumMetric, type RoomWithPeople } from '../support/http';
import { openRaw, type RawSocket } from '../support/wire';
import { askStep2, withUpdate } from './frames';
import { useLadder } from '../support/use-ladder';
import { eventually } from '@ladder/testing';

const server = useLadder();
const clients: SyncClient[] = [];
const raws: RawSocket[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const raw of raws) await raw.close();
});

const loaded = async () => sumMetric(await fetchMetrics(server.url), /^ladder_rooms_loaded$/);
const loads = async () => sumMetric(await fetchMetrics(server.url), /^ladder_room_loads_total$/);

function addFeatures(client: SyncClient, room: RoomWithPeople, from: number, count: number): void {
  for (let i = from; i < from + count; i++) {
    createFeature(client.doc, { id: `F-${i}`, title: `Feature ${i}`, team: 'Atlas' }, { participantId: member(room, 'Ana').participantId, now: 1 });
  }
}

describe('rejoining with partial state', () => {
  test('the sync answer carries exactly what a client with partial state lacks, also after the document changed', async () => {
    const room = await roomWith(server.url, { Ana: 'facilitator', Ben: 'product', Cy: 'observer' });
    const ana = connectClient(server.wsUrl, room.roomId, member(room, 'Ana').token);
    clients.push(ana);
    await ana.synced;
    addFeatures(ana, room, 0, 10);
    const first = await openRaw(server.wsUrl, room.roomId, member(room, 'Cy').token);
    raws.push(first);
    await eventually(async () => featuresMap(withUpdate(new Y.Doc(), await askStep2(first, new Y.Doc()))).size === 10, { timeout: 20_000 });
    const partial = withUpdate(new Y.Doc(), await askStep2(first, new Y.Doc()));
    // More changes after the partial copy was taken: new features and edits to old ones.
    addFeatures(ana, room, 10, 10);
    updateFeature(ana.doc, 'F-3', { title: 'Renamed while away' });
    const second = await openRaw(server.wsUrl, room.roomId, member(room, 'Cy').token);
    raws.push(second);
    await eventually(async () => canonicalState(withUpdate(partial, await askStep2(second, partial))) === canonicalState(ana.doc), { timeout: 20_000, what: () => 'the answer to the partial state vector never completed the document' });
    // Two clients with the same state vector get the same answer.
    const third = await openRaw(server.wsUrl, room.roomId, member(room, 'Cy').token);
    raws.push(third);
    expect(sameBytes(await askStep2(third, partial), await askStep2(second, partial))).toBe(true);
    // After another change, the same state vector is answered with that change too.
    updateFeature(ana.doc, 'F-12', { title: 'Changed after the first answers' });
    await eventually(async () => featuresMap(withUpdate(partial, await askStep2(third, partial))).get('F-12')?.get('title') === 'Changed after the first answers', { timeout: 20_000, what: () => 'a later answer missed the newest change' });
  });

  test('a stock client rejoining with its partial state and offline edits converges both ways', async () => {
    const room = await roomWith(server.url, { Ana: 'facilitator', Ben: 'product' });
    const ana = connectClient(server.wsUrl, room.roomId, member(room, 'Ana').token);
    clients.push(ana);
    await ana.synced;
    addFeatures(ana, room, 0, 5);
    const ben = connectClient(server.wsUrl, room.roomId, member(room, 'Ben').token);
    await ben.synced;
    await eventually(() => featuresMap(ben.doc).size === 5, { timeout: 20_000 });
    const saved = Y.encodeStateAsUpdate(ben.doc);
    ben.destroy();
    addFeatures(ana, room, 5, 5);
    const back = connectClient(server.wsUrl, room.roomId, member(room, 'Ben').token, { initial: saved, connect: false });
    clients.push(back);
    createFeature(back.doc, { id: 'OFFLINE', title: 'Written offline', team: 'Borealis' }, { participantId: member(room, 'Ben').participantId, now: 1 });
    back.provider.connect();
    await back.synced;
    await eventually(() => canonicalState(back.doc) === canonicalState(ana.doc) && featuresMap(ana.doc).has('OFFLINE') && featuresMap(ana.doc).size === 11, { timeout: 20_000, what: () => `Ana has ${featuresMap(ana.doc).size} features, Ben ${featuresMap(back.doc).size}` });
  });
});

describe('a burst of rejoins', () => {
  test('clients that rejoin holding everything already stored store nothing, though their answer carries deletions', async () => {
    const room = await roomWith(server.url, { Ana: 'facilitator', Ben: 'product' });
    const ana = connectClient(server.wsUrl, room.roomId, member(room, 'Ana').token);
    clients.push(ana);
    await ana.synced;
    addFeatures(ana, room, 0, 6);
    deleteFeature(ana.doc, 'F-2');
    updateFeature(ana.doc, 'F-4', { title: 'Renamed' });
    const bens = Array.from({ length: 5 }, () => connectClient(server.wsUrl, room.roomId, member(room, 'Ben').token));
    clients.push(...bens);
    await Promise.all(bens.map((b) => b.synced));
    await eventually(() => bens.every((b) => canonicalState(b.doc) === canonicalState(ana.doc)), { timeout: 20_000 });
    const stored = async () => sumMetric(await fetchMetrics(server.url), /^ladder_updates_total$/);
    const before = await stored();
    for (const ben of bens) ben.provider.disconnect();
    for (const ben of bens) ben.provider.connect();
    await eventually(() => bens.every((b) => b.provider.synced), { timeout: 20_000, what: () => 'not every client synced again' });
    // One real change afterwards: stored once, so the count moves by exactly one.
    updateFeature(ana.doc, 'F-5', { title: 'After the rejoins' });
    await eventually(() => bens.every((b) => featuresMap(b.doc).get('F-5')?.get('title') === 'After the rejoins'), { timeout: 20_000 });
    expect(await stored()).toBe(before + 1);
  });
});

describe('room unload', () => {
  test('rooms unload when their last client leaves: the loaded-rooms gauge returns to where it was, the content stays', async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const raw of raws.splice(0)) await raw.close();
    await eventually(async () => (await loaded()) === 0, { timeout: 20_000, what: () => 'rooms from the previous tests stayed loaded' });
    const rooms = await Promise.all(Array.from({ length: 12 }, () => roomWith(server.url, { Ana: 'facilitator' })));
    const open = rooms.map((room) => connectClient(server.wsUrl, room.roomId, member(room, 'Ana').token));
    clients.push(...open);
    await Promise.all(open.map((c) => c.synced));
    open.forEach((client, i) => addFeatures(client, rooms[i] as RoomWithPeople, 0, 2));
    expect(await loaded()).toBe(12);
    const probes = await Promise.all(rooms.map((room) => openRaw(server.wsUrl, room.roomId, member(room, 'Ana').token)));
    for (const probe of probes) await eventually(async () => featuresMap(withUpdate(new Y.Doc(), await askStep2(probe, new Y.Doc()))).size === 2, { timeout: 20_000 });
    for (const probe of probes) await probe.close();
    const loadsBefore = await loads();
    for (const client of clients.splice(0)) client.destroy();
    let last = -1;
    await eventually(async () => (last = await loaded()) === 0, { timeout: 20_000, what: () => `still loaded: ${last}` });
    // Opening one again loads it from storage, with its content.
    const again = connectClient(server.wsUrl, (rooms[0] as RoomWithPeople).roomId, member(rooms[0] as RoomWithPeople, 'Ana').token);
    clients.push(again);
    await again.synced;
    await eventually(() => featuresMap(again.doc).size === 2, { timeout: 20_000 });
    expect(await loads()).toBe(loadsBefore + 1);
    expect(await loaded()).toBe(1);
  });
});
