import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { createFeature, featuresMap, readMeta, updateFeature } from '@ladder/board-doc';
import { startLadder, type LadderServer, type Role } from '../support/server';
import { connectClient, sleep, type SyncClient } from '../support/clients';
import { canonicalState, rebuiltUpdate, sameBytes } from '../support/state';
import { member, roomWith, type RoomWithPeople } from '../support/http';
import { MESSAGE_AWARENESS, openRaw, updateFrame, type RawSocket } from '../support/wire';
import { askStep2, awarenessClients, structClients, updatePayloads } from './frames';
import { createRng, eventually, testSeed } from '@ladder/testing';

// Updates that arrive within one server tick are merged before they go out: nothing may get lost on the way,
// and nobody gets their own changes back.

const SEED = testSeed(20_261_124);
const CLIENTS = 24;
const EDITS_PER_CLIENT = 40;
const COMPONENTS = ['userBusinessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const;
const WRITERS: Role[] = ['facilitator', 'product', 'portfolio'];

let server: LadderServer;
let room: RoomWithPeople;
const clients: SyncClient[] = [];
const raws: RawSocket[] = [];

beforeAll(async () => {
  server = await startLadder();
  const people: Record<string, Role> = { Raw: 'product' };
  for (let i = 0; i < CLIENTS; i++) people[`P${i}`] = WRITERS[i % WRITERS.length] as Role;
  room = await roomWith(server.url, people);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const raw of raws) await raw.close();
  await server?.stop();
  server?.cleanup();
});

describe('batched broadcast', () => {
  test('seeded random edits from many clients at a high rate converge byte-identically, every feature kept', async () => {
    const rng = createRng(SEED);
    for (let i = 0; i < CLIENTS; i++) clients.push(connectClient(server.wsUrl, room.roomId, member(room, `P${i}`).token));
    await Promise.all(clients.map((c) => c.synced));
    const created = new Set<string>();
    // Rounds of one edit per client, all sent without waiting: many land in the same server tick.
    for (let round = 0; round < EDITS_PER_CLIENT; round++) {
      clients.forEach((client, i) => {
        const ids = [...featuresMap(client.doc).keys()].sort();
        if (ids.length < 6 || rng.chance(0.25)) {
          const id = `F-${i}-${round}`;
          createFeature(client.doc, { id, title: `Feature ${i}/${round}`, team: 'Atlas' }, { participantId: member(room, `P${i}`).participantId, now: 1 });
          created.add(id);
        } else {
          const scale = readMeta(client.doc).scale;
          updateFeature(client.doc, rng.pick(ids), { [rng.pick(COMPONENTS)]: rng.pick(scale) });
        }
      });
      if (round % 8 === 7) await sleep(5);
    }
    const first = clients[0] as SyncClient;
    await eventually(() => {
      const state = canonicalState(first.doc);
      return clients.every((c) => canonicalState(c.doc) === state) && featuresMap(first.doc).size === created.size;
    }, { timeout: 60_000, what: () => `features per client: ${clients.map((c) => featuresMap(c.doc).size).join(',')}; created ${created.size} (seed ${SEED})` });
    const reference = rebuiltUpdate(first.doc);
    for (const client of clients) expect(sameBytes(rebuiltUpdate(client.doc), reference), `seed ${SEED}`).toBe(true);
    for (const id of created) expect(featuresMap(first.doc).has(id)).toBe(true);
    // The server's own copy, fetched fresh, is the same document.
    const probe = await openRaw(server.wsUrl, room.roomId, member(room, 'P0').token);
    raws.push(probe);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, await askStep2(probe, fresh));
    expect(sameBytes(rebuiltUpdate(fresh), reference)).toBe(true);
  });

  test('a client never receives its own document changes or presence back', async () => {
    const raw = await openRaw(server.wsUrl, room.roomId, member(room, 'Raw').token);
    raws.push(raw);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await askStep2(raw, doc));
    const since = raw.frames.length;
    const other = clients[1] as SyncClient;
    const awareness = new awarenessProtocol.Awareness(doc);
    const sendPresence = (x: number) => {
      awareness.setLocalState({ cursor: { x, y: 0 }, user: { name: 'Raw' } });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
      raw.send(encoding.toUint8Array(encoder));
    };
    doc.on('update', (update: Uint8Array) => raw.send(updateFrame(update)));
    // Interleaved with another client's edits and presence, so both land in the same ticks.
    for (let i = 0; i < 30; i++) {
      createFeature(doc, { id: `RAW-${i}`, title: `Raw ${i}`, team: 'Cygnus' }, { participantId: member(room, 'Raw').participantId, now: 1 });
      updateFeature(other.doc, 'F-1-0', { title: `Other ${i}` });
      sendPresence(i);
      other.provider.awareness.setLocalStateField('cursor', { x: i, y: 1 });
      if (i % 10 === 9) await sleep(10);
    }
    await eventually(() => [...Array(30).keys()].every((i) => featuresMap(other.doc).has(`RAW-${i}`)), { timeout: 30_000, what: () => 'the other client lacks RAW features' });
    const frames = () => raw.frames.slice(since);
    await eventually(() => updatePayloads(frames()).some((u) => structClients(u).has(other.doc.clientID)), { timeout: 30_000, what: () => 'no update from the other client arrived' });
    await eventually(() => frames().some((f) => awarenessClients(f)?.includes(other.doc.clientID)), { timeout: 30_000, what: () => 'no presence from the other client arrived' });
    for (const update of updatePayloads(frames())) expect(structClients(update).has(doc.clientID)).toBe(false);
    for (const frame of frames()) expect(awarenessClients(frame)?.includes(doc.clientID) ?? false).toBe(false);
    // The other client did see the raw client's presence.
    await eventually(() => other.provider.awareness.getStates().has(doc.clientID), { timeout: 30_000, what: () => 'the raw client presence never reached the other client' });
    awareness.destroy();
  });
});
