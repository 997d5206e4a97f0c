import { beforeAll, describe, expect, test } from 'vitest';
import { createRng, eventually, rawPresenceFrame, testSeed } from '@ladder/testing';
import type { SyncClient } from '../support/clients';
import { api, member, roomWith, type RoomWithPeople } from '../support/http';
import { presenceMarker } from '../support/marker';
import { closedAfterEach } from '../support/opened';
import { useLadder } from '../support/use-ladder';
import { closedWithin, openRaw, type RawSocket } from '../support/wire';

// Presence is bounded at the door, against a real server in this process: had a hostile presence state brought the
// server down (a stack overflow in a timer), it would have taken this test process with it.

const FUZZ_SEED = testSeed(16_000_001);
const FUZZ_FRAMES = 400;

const ladder = useLadder();
let room: RoomWithPeople;
const opened = closedAfterEach();

beforeAll(async () => {
  room = await roomWith(ladder.url, { Ann: 'product', Bob: 'portfolio', Mallory: 'observer' }, 'Presence limits');
});

function client(name: string): Promise<SyncClient> {
  return opened.client(ladder.wsUrl, room.roomId, member(room, name).token);
}

async function raw(name: string): Promise<RawSocket> {
  const socket = await openRaw(ladder.wsUrl, room.roomId, member(room, name).token);
  opened.keep(socket);
  return socket;
}

const userOf = (c: SyncClient, clientId: number) => (c.provider.awareness.getStates().get(clientId) as { user?: { name?: string } } | undefined)?.user?.name;

/** The server answers, and two honest clients of the room still see each other's presence. */
async function roomStillWorks(): Promise<void> {
  expect((await api(ladder.url, '/healthz')).status).toBe(200);
  const ann = await client('Ann');
  const bob = await client('Bob');
  await presenceMarker(ann, [bob], 'Ann\'s presence after the attack');
}

describe('presence is bounded at the door', () => {
  test('a state nested 4,600 levels deep (or 1,500 in objects) closes that socket with 4400; the server and the room go on', async () => {
    for (const json of ['['.repeat(4600) + ']'.repeat(4600), `{"user":${'{"a":'.repeat(1500)}1${'}'.repeat(1500)}}`]) {
      const mallory = await raw('Mallory');
      mallory.send(rawPresenceFrame([{ clientId: 4242, clock: 1, json }]));
      const close = await closedWithin(mallory, 10_000);
      expect(close?.code).toBe(4400);
      expect(close?.reason).toMatch(/nested deeper than 10 levels/);
    }
    await roomStillWorks();
  });

  test('a state over 16 KB, or one that is not an object, closes that socket with 4400', async () => {
    for (const [json, reason] of [[JSON.stringify({ blob: 'x'.repeat(17_000) }), /over 16384 bytes/], ['"a string"', /not an object/]] as const) {
      const mallory = await raw('Mallory');
      mallory.send(rawPresenceFrame([{ clientId: 4243, clock: 1, json }]));
      const close = await closedWithin(mallory, 10_000);
      expect(close?.code).toBe(4400);
      expect(close?.reason).toMatch(reason);
    }
    await roomStillWorks();
  });

  test('one frame of 110,000 client ids is refused whole; a newcomer gets no more presence than before', async () => {
    const mallory = await raw('Mallory');
    const entries = Array.from({ length: 110_000 }, (_, i) => ({ clientId: 1_000_000 + i, clock: 1, json: '{}' }));
    mallory.send(rawPresenceFrame(entries));
    const close = await closedWithin(mallory, 10_000);
    expect(close?.code).toBe(4400);
    expect(close?.reason).toMatch(/more than 2000 presence entries/);
    const newcomer = await client('Bob');
    expect(newcomer.provider.awareness.getStates().size).toBeLessThan(10);
    await roomStillWorks();
  });

  test('a connection cannot rename or remove another person\'s presence by reusing their client id', async () => {
    const ann = await client('Ann');
    const bob = await client('Bob');
    ann.provider.awareness.setLocalStateField('user', { name: 'Ann' });
    await eventually(() => userOf(bob, ann.doc.clientID), { until: (name) => name === 'Ann', what: 'Bob sees Ann' });
    const mallory = await client('Mallory');
    const annId = ann.doc.clientID;
    const clock = (ann.provider.awareness.meta.get(annId)?.clock ?? 0) + 100;
    const forger = await raw('Mallory');
    forger.send(rawPresenceFrame([{ clientId: annId, clock, json: JSON.stringify({ user: { name: 'Mallory as Ann' } }) }]));
    forger.send(rawPresenceFrame([{ clientId: annId, clock: clock + 1, json: 'null' }]));
    // Marker: Mallory's own presence, sent after the forgeries over the same room.
    await presenceMarker(mallory, [bob], 'Mallory\'s own presence');
    expect(forger.closeInfo).toBeNull();
    expect(userOf(bob, annId)).toBe('Ann');
  });

  test('a connection speaks for at most four client ids; the ids past them are not taken in', async () => {
    const bob = await client('Bob');
    const mallory = await raw('Mallory');
    const ids = Array.from({ length: 12 }, (_, i) => 2_000_000 + i);
    for (const [i, clientId] of ids.entries()) mallory.send(rawPresenceFrame([{ clientId, clock: 1, json: JSON.stringify({ n: i }) }]));
    // Marker: a change of the first id, which the connection holds, sent after the others.
    mallory.send(rawPresenceFrame([{ clientId: ids[0] as number, clock: 2, json: JSON.stringify({ n: 'marker' }) }]));
    await eventually(() => (bob.provider.awareness.getStates().get(ids[0] as number) as { n?: unknown } | undefined)?.n, { until: (n) => n === 'marker', what: 'the marker on the first id' });
    const seen = ids.filter((id) => bob.provider.awareness.getStates().has(id));
    expect(seen).toEqual(ids.slice(0, 4));
  });

  test(`seeded fuzz of presence frames (seed ${FUZZ_SEED}): random nesting, sizes, client ids and clocks never take the server down`, async () => {
    const rng = createRng(FUZZ_SEED);
    const nested = (depth: number) => (rng.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : `{"a":${'{"b":'.repeat(depth)}0${'}'.repeat(depth)}}`);
    const json = () => {
      const roll = rng.int(0, 99);
      if (roll < 30) return nested(rng.int(1, 6000));
      if (roll < 50) return JSON.stringify({ user: { name: 'x'.repeat(rng.int(0, 20_000)) } });
      if (roll < 60) return 'null';
      if (roll < 65) return rng.chance(0.5) ? '[1,2]' : '7';
      if (roll < 70) return '{"unterminated":';
      return JSON.stringify({ cursor: { x: rng.int(0, 1000), y: rng.int(0, 1000) } });
    };
    let socket = await raw('Mallory');
    let refused = 0;
    let clock = 0;
    for (let i = 0; i < FUZZ_FRAMES; i++) {
      if (socket.closeInfo) {
        refused++;
        socket = await raw(rng.chance(0.5) ? 'Mallory' : 'Ann');
      }
      // Clocks mostly rise (a state is taken in only over an older clock), sometimes jump or go back.
      const entries = Array.from({ length: rng.int(1, 4) }, () => ({ clientId: rng.int(0, 50), clock: rng.chance(0.9) ? ++clock : rng.int(0, 2 ** 31), json: json() }));
      socket.send(rawPresenceFrame(entries));
      // Now and then, a round trip: the room's presence goes out in between.
      if (i % 5 === 4) await socket.probe(5_000);
    }
    expect(refused).toBeGreaterThan(0);
    await roomStillWorks();
  }, 120_000);
});
