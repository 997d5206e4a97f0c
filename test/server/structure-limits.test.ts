import { beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createFeature, featuresMap, metaMap } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { applySnapshot, SqliteStorage } from '@ladder/server';
import { connectClient, type SyncClient } from '../support/clients';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { startLadder } from '../support/server';
import { closedAfterEach } from '../support/opened';
import { useLadder } from '../support/use-ladder';
import { closedWithin, docFromStep2, openRaw, updateFrame, type RawSocket } from '../support/wire';

// What a writer's token can put into the document is bounded before it is stored: the attacks of a hostile
// participant against a real server in this process (a stack overflow would take this test process down with it).

const ladder = useLadder();
let room: RoomWithPeople;
const opened = closedAfterEach();

beforeAll(async () => {
  room = await roomWith(ladder.url, { Ann: 'facilitator', Mal: 'product', Ben: 'portfolio' }, 'Structure limits');
  const ann = await client('Ann');
  createFeature(ann.doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, { participantId: 'ann', now: 1 });
  await eventually(async () => (await ranking()).length === 1, { what: 'the feature in the ranking' });
});

function client(name: string): Promise<SyncClient> {
  return opened.client(ladder.wsUrl, room.roomId, member(room, name).token);
}

/** A raw writer holding the room's current document, and the updates its edits of that document make. */
async function rawWriter(): Promise<{ socket: RawSocket; doc: Y.Doc; edit(fn: (doc: Y.Doc) => void): Uint8Array }> {
  const socket = await openRaw(ladder.wsUrl, room.roomId, member(room, 'Mal').token);
  opened.keep(socket);
  const doc = docFromStep2((await socket.probe()) ?? new Uint8Array([0, 0]));
  return {
    socket,
    doc,
    edit(fn) {
      const updates: Uint8Array[] = [];
      const keep = (update: Uint8Array) => updates.push(update);
      doc.on('update', keep);
      doc.transact(() => fn(doc));
      doc.off('update', keep);
      return Y.mergeUpdates(updates);
    },
  };
}

/** Sets `key` of `map` to a chain of `depth` maps nested inside each other (each set once its parent is in place). */
function setChain(map: Y.Map<unknown>, key: string, depth: number): void {
  let current = new Y.Map<unknown>();
  map.set(key, current);
  for (let i = 1; i < depth; i++) {
    const next = new Y.Map<unknown>();
    current.set('x', next);
    current = next;
  }
}

function nestedArray(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

async function ranking(): Promise<{ id: string; title: string }[]> {
  const answer = await api(ladder.url, `/api/rooms/${room.roomId}/ranking`, { token: member(room, 'Ben').token });
  expect(answer.status).toBe(200);
  return (answer.json as { features: { id: string; title: string }[] }).features;
}

async function historyKinds(): Promise<string[]> {
  const answer = await api(ladder.url, `/api/rooms/${room.roomId}/history`, { token: member(room, 'Ben').token });
  return (answer.json as { events: { kind: string; participantId: string | null }[] }).events
    .filter((e) => e.participantId === member(room, 'Mal').participantId).map((e) => e.kind);
}

/** Sends `update` and expects the socket closed with 4422 and a reason matching `reason`. */
async function expectRefused(writer: { socket: RawSocket }, update: Uint8Array, reason: RegExp): Promise<void> {
  writer.socket.send(updateFrame(update));
  const close = await closedWithin(writer.socket, 10_000);
  expect(close, 'the writer is closed').not.toBeNull();
  expect(close?.code).toBe(4422);
  expect(close?.reason).toMatch(reason);
}

/** The room still works: an honest edit of the feature reaches another client and the ranking. */
async function expectRoomUsable(title: string): Promise<void> {
  const ann = await client('Ann');
  const ben = await client('Ben');
  (featuresMap(ann.doc).get('F-1') as Y.Map<unknown>).set('title', title);
  await eventually(() => (featuresMap(ben.doc).get('F-1') as Y.Map<unknown> | undefined)?.get('title') === title, { what: `${title} at another client` });
  await eventually(async () => (await ranking())[0]?.title === title, { what: `${title} in the ranking` });
}

describe('what a writer may store', () => {
  test('a chain of 3,500 nested maps in a feature field is refused (4422) and never stored; the feature stays editable', async () => {
    const writer = await rawWriter();
    const update = writer.edit((doc) => setChain(featuresMap(doc).get('F-1') as Y.Map<unknown>, 'description', 3500));
    expect(update.length).toBeGreaterThan(20_000);
    await expectRefused(writer, update, /nested shared type/);
    await expectRoomUsable('Checkout, after a nested chain');
    expect(await historyKinds()).toEqual([]);
  });

  test('the same chain under a room setting (meta) and under an unknown top-level type is refused', async () => {
    const meta = await rawWriter();
    await expectRefused(meta, meta.edit((doc) => setChain(metaMap(doc), 'anything', 3500)), /nested shared type in meta/);
    const unknown = await rawWriter();
    await expectRefused(unknown, unknown.edit((doc) => doc.getMap('elsewhere').set('x', 1)), /unknown part of the document \(elsewhere\)/);
    const wrongKind = await rawWriter();
    await expectRefused(wrongKind, wrongKind.edit((doc) => doc.getArray('features').push([1])), /written the wrong way/);
    await expectRoomUsable('Checkout, after nested settings');
  });

  test('a chain sent without its first map (split over two updates) is refused too', async () => {
    const writer = await rawWriter();
    const feature = featuresMap(writer.doc).get('F-1') as Y.Map<unknown>;
    const head = writer.edit(() => feature.set('notes', new Y.Map<unknown>()));
    const rest = writer.edit(() => {
      let current = feature.get('notes') as Y.Map<unknown>;
      for (let i = 0; i < 200; i++) {
        const next = new Y.Map<unknown>();
        current.set('x', next);
        current = next;
      }
    });
    // The tail first: it builds on a map the server never received.
    await expectRefused(writer, rest, /never accepted/);
    const again = await openRaw(ladder.wsUrl, room.roomId, member(room, 'Mal').token);
    opened.keep(again);
    await expectRefused({ socket: again }, head, /nested shared type/);
    await expectRoomUsable('Checkout, after a split chain');
  });

  test('an update that arrives before the one it builds on waits for it: both land, in order, nothing is refused', async () => {
    const writer = await rawWriter();
    const first = writer.edit((doc) => createFeature(doc, { id: 'F-early', title: 'Sent second' }, { participantId: 'mal', now: 2 }));
    const second = writer.edit((doc) => (featuresMap(doc).get('F-early') as Y.Map<unknown>).set('title', 'Sent first, builds on the other'));
    writer.socket.send(updateFrame(second));
    await new Promise((resolve) => setTimeout(resolve, 100));
    writer.socket.send(updateFrame(first));
    await eventually(async () => (await ranking()).some((f) => f.id === 'F-early' && f.title === 'Sent first, builds on the other'), { what: 'both updates in the ranking' });
    expect(writer.socket.closeInfo).toBeNull();
  });

  test('a plain value nested 100 deep, a 0.9 MB field and a binary value are refused; the join stays small', async () => {
    const deep = await rawWriter();
    await expectRefused(deep, deep.edit(() => (featuresMap(deep.doc).get('F-1') as Y.Map<unknown>).set('extra', nestedArray(100))), /nested deeper than 32/);
    const big = await rawWriter();
    await expectRefused(big, big.edit(() => (featuresMap(big.doc).get('F-1') as Y.Map<unknown>).set('extra', 'x'.repeat(900_000))), /extra is 900002 bytes; the limit is 16384/);
    const bigMeta = await rawWriter();
    await expectRefused(bigMeta, bigMeta.edit(() => metaMap(bigMeta.doc).set('padding', 'x'.repeat(900_000))), /a value in meta is 900002 bytes; the limit is 65536/);
    const binary = await rawWriter();
    await expectRefused(binary, binary.edit(() => metaMap(binary.doc).set('blob', new Uint8Array(10))), /kind the board does not use \(ContentBinary\)/);
    const fresh = await openRaw(ladder.wsUrl, room.roomId, member(room, 'Ben').token);
    opened.keep(fresh);
    const state = await fresh.probe();
    expect(state?.length).toBeLessThan(50_000);
    await expectRoomUsable('Checkout, after oversized values');
  });

  test('one update of 15,000 feature entries, or a feature with 100 fields, is refused', async () => {
    const many = await rawWriter();
    const entries = many.edit((doc) => {
      for (let i = 0; i < 15_000; i++) featuresMap(doc).set(`junk-${i}`, i as unknown as Y.Map<unknown>);
    });
    await expectRefused(many, entries, /one change of 15000 entries; the limit is 10000/);
    const wide = await rawWriter();
    await expectRefused(wide, wide.edit(() => {
      const feature = featuresMap(wide.doc).get('F-1') as Y.Map<unknown>;
      for (let i = 0; i < 100; i++) feature.set(`field${i}`, i);
    }), /would have \d+ fields; the limit is 64/);
    expect((await ranking()).map((f) => f.id).filter((id) => id.startsWith('junk'))).toEqual([]);
    await expectRoomUsable('Checkout, after many entries');
  });
});

describe('a stored update that breaks loading', () => {
  test('is quarantined: the room opens, ranks, records it once and can be restored', async () => {
    let server = await startLadder();
    const dataDir = server.dataDir;
    try {
      const people = await roomWith(server.url, { Ann: 'facilitator', Mal: 'product' }, 'Quarantine');
      const ann = connectClient(server.wsUrl, people.roomId, member(people, 'Ann').token);
      await ann.synced;
      createFeature(ann.doc, { id: 'F-1', title: 'Checkout', userBusinessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, { participantId: 'ann', now: 1 });
      const rankingOf = async (url: string) => api(url, `/api/rooms/${people.roomId}/ranking`, { token: member(people, 'Ann').token });
      await eventually(async () => ((await rankingOf(server.url)).json as { features: unknown[] }).features.length === 1, { what: 'the feature stored' });
      ann.destroy();
      await server.stop();

      // What an older server stored: a chain of nested maps in a feature field, written straight into the log.
      const storage = new SqliteStorage({ dataDir });
      const loaded = await storage.loadRoom(people.roomId);
      const doc = new Y.Doc();
      if (loaded?.snapshot) applySnapshot(doc, loaded.snapshot);
      for (const u of loaded?.updates ?? []) Y.applyUpdate(doc, u.update);
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      doc.transact(() => setChain(featuresMap(doc).get('F-1') as Y.Map<unknown>, 'description', 3500));
      const [badSeq] = await storage.appendUpdates(people.roomId, [{ at: Date.now(), participantId: member(people, 'Mal').participantId, update: Y.mergeUpdates(updates) }]);
      await storage.close();

      for (let restart = 0; restart < 2; restart++) {
        server = await startLadder({ dataDir });
        const url = server.url;
        const ranked = await rankingOf(url);
        expect(ranked.status).toBe(200);
        expect((ranked.json as { features: { id: string }[] }).features.map((f) => f.id)).toEqual(['F-1']);
        const again = connectClient(server.wsUrl, people.roomId, member(people, 'Ann').token);
        await again.synced;
        expect((featuresMap(again.doc).get('F-1') as Y.Map<unknown>).get('description')).toBe('');
        again.destroy();
        const history = await api(url, `/api/rooms/${people.roomId}/history`, { token: member(people, 'Ann').token });
        const quarantined = (history.json as { events: { kind: string; seq: number; to: { reason: string } }[] }).events.filter((e) => e.kind === 'quarantined');
        expect(quarantined.map((e) => e.seq)).toEqual([badSeq]);
        expect(quarantined[0]?.to.reason).toMatch(/nested shared type/);
        if (restart === 0) await server.stop();
      }
      const restored = await api(server.url, `/api/rooms/${people.roomId}/restore`, { method: 'POST', token: member(people, 'Ann').token, body: { seq: (badSeq as number) - 1 } });
      expect(restored.status).toBe(200);
    } finally {
      await server.stop();
      server.cleanup();
    }
  });
});

describe('the room size quota', () => {
  test('past LADDER_MAX_ROOM_BYTES a writer is refused with 4413; the room keeps serving and the facilitator can restore', async () => {
    const server = await startLadder({ env: { LADDER_MAX_ROOM_BYTES: String(64 * 1024) } });
    try {
      const people = await roomWith(server.url, { Ann: 'facilitator', Mal: 'product' }, 'Quota');
      const mal = await openRaw(server.wsUrl, people.roomId, member(people, 'Mal').token);
      const doc = docFromStep2((await mal.probe()) ?? new Uint8Array([0, 0]));
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      let sent = 0;
      for (; sent < 20 && !mal.closeInfo; sent++) {
        createFeature(doc, { id: `F-${sent}`, title: `Padded ${sent}`, description: 'x'.repeat(4_900) }, { participantId: 'mal', now: sent });
        mal.send(updateFrame(updates[updates.length - 1] as Uint8Array));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const close = await closedWithin(mal, 10_000);
      expect(close?.code).toBe(4413);
      expect(close?.reason).toMatch(/size limit \(65536 bytes\)/);
      const ranked = await api(server.url, `/api/rooms/${people.roomId}/ranking`, { token: member(people, 'Ann').token });
      const stored = (ranked.json as { features: unknown[] }).features.length;
      expect(stored).toBeGreaterThan(5);
      expect(stored).toBeLessThan(20);
      const restored = await api(server.url, `/api/rooms/${people.roomId}/restore`, { method: 'POST', token: member(people, 'Ann').token, body: { seq: 1 } });
      expect(restored.status).toBe(200);
      await eventually(async () => ((await api(server.url, `/api/rooms/${people.roomId}/ranking`, { token: member(people, 'Ann').token })).json as { features: unknown[] }).features.length === 0, { what: 'the restored, empty ranking' });
    } finally {
      await server.stop();
      server.cleanup();
    }
  });
});
