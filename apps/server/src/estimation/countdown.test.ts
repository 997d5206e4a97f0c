import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import pino from 'pino';
import * as Y from 'yjs';
import { createFeature, initRoom, readRound } from '@ladder/board-doc';
import { eventually } from '@ladder/testing';
import { newRoomId } from '../ids';
import { SqliteStorage } from '../storage/sqlite';
import { RoomManager } from '../sync/rooms';
import { VoterPresence } from './presence';
import { RoundService } from './service';

// A countdown's timer and the clock its deadline is read on are two clocks: the timer may fire before the clock reads
// the deadline. Here the service's clock falls `LAG_MS` behind the timers once the round is open, as if the timer fired
// that much early: its first firing always finds the round not yet due, and the round must still be revealed on its own.

const LAG_MS = 300;
let lagMs = 0;

let dataDir: string;
let storage: SqliteStorage;
let rooms: RoomManager;
let service: RoundService;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ladder-countdown-'));
  storage = new SqliteStorage({ dataDir });
  rooms = new RoomManager({ storage, plugins: [], logger: pino({ level: 'silent' }), snapshotEvery: 10_000 });
  lagMs = 0;
  service = new RoundService({ storage, rooms, presence: new VoterPresence(), logger: pino({ level: 'silent' }), now: () => Date.now() - lagMs });
});

afterEach(async () => {
  service.stop();
  await rooms.shutdown();
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a countdown whose timer fires before the clock reads the deadline is armed again, and reveals at the deadline', async () => {
  const roomId = newRoomId();
  const doc = new Y.Doc();
  initRoom(doc, { title: 'Countdown' });
  createFeature(doc, { id: 'F-1', title: 'Checkout' }, { participantId: 'seed', now: 1 });
  await storage.createRoom({ id: roomId, title: 'Countdown', createdAt: 1 }, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  const fay = { id: 'fay', roomId, name: 'Fay', role: 'facilitator' as const, joinedAt: 1 };

  const { roundId } = await service.open(roomId, fay, { kind: 'feature', featureId: 'F-1', components: ['jobSize'], timerSeconds: 1 });
  lagMs = LAG_MS;
  const revealed = await eventually(
    () => rooms.withRoom(roomId, (room) => readRound(room.doc, roundId)),
    { until: (round) => round?.status === 'revealed', what: 'the round revealed at its deadline', timeout: 10_000 },
  );
  expect(revealed?.revealedAt).toBeGreaterThanOrEqual(revealed?.deadline ?? Infinity);
});
