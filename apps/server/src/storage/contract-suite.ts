import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { HistoryEvent, Storage } from './types';

/**
 * The contract every storage adapter meets. Call it from the adapter's test file:
 * `storageContractSuite('sqlite', async () => ({ storage, cleanup }))`.
 */
export function storageContractSuite(
  name: string,
  makeStorage: () => Promise<{ storage: Storage; cleanup?: () => Promise<void> | void }>,
): void {
  describe(`storage contract: ${name}`, () => {
    let storage: Storage;
    let cleanup: (() => Promise<void> | void) | undefined;
    let counter = 0;
    const roomId = () => `contractRoom${String(++counter).padStart(4, '0')}_${Math.random().toString(36).slice(2, 8)}`.slice(0, 22).padEnd(22, 'x');
    const bytes = (...values: number[]) => new Uint8Array(values);

    beforeEach(async () => {
      ({ storage, cleanup } = await makeStorage());
    });
    afterEach(async () => {
      await storage.close();
      await cleanup?.();
    });

    test('a created room is found with its title; an unknown one is null', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'PI 26.1', createdAt: 1000 }, bytes(1, 2, 3));
      expect(await storage.getRoom(id)).toEqual({ id, title: 'PI 26.1', createdAt: 1000 });
      expect(await storage.getRoom(roomId())).toBeNull();
    });

    test('creating a room twice fails', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(0, 0));
      await expect(storage.createRoom({ id, title: 'B', createdAt: 2 }, bytes(0, 0))).rejects.toThrow();
      expect((await storage.getRoom(id))?.title).toBe('A');
    });

    test('the initial update is seq 1 and later appends count up per room', async () => {
      const a = roomId();
      const b = roomId();
      await storage.createRoom({ id: a, title: 'A', createdAt: 10 }, bytes(9));
      await storage.createRoom({ id: b, title: 'B', createdAt: 10 }, bytes(8));
      expect(await storage.appendUpdate(a, { at: 11, participantId: 'p1', update: bytes(1) })).toBe(2);
      expect(await storage.appendUpdate(a, { at: 12, participantId: null, update: bytes(2) })).toBe(3);
      expect(await storage.appendUpdate(b, { at: 12, participantId: 'p2', update: bytes(3) })).toBe(2);
      expect(await storage.latestSeq(a)).toBe(3);
      expect(await storage.latestSeq(roomId())).toBe(0);
      const loaded = await storage.loadRoom(a);
      expect(loaded?.snapshot).toBeNull();
      expect(loaded?.updates).toEqual([
        { seq: 1, at: 10, participantId: null, update: bytes(9) },
        { seq: 2, at: 11, participantId: 'p1', update: bytes(1) },
        { seq: 3, at: 12, participantId: null, update: bytes(2) },
      ]);
    });

    test('loading an unknown room gives null', async () => {
      expect(await storage.loadRoom(roomId())).toBeNull();
    });

    test('load gives the latest snapshot and only the updates after it', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      for (let i = 2; i <= 7; i++) await storage.appendUpdate(id, { at: i, participantId: 'p', update: bytes(i) });
      await storage.writeSnapshot(id, { seq: 3, at: 3, state: bytes(30), encoding: 'v1' });
      await storage.writeSnapshot(id, { seq: 5, at: 5, state: bytes(50), encoding: 'v2' });
      const loaded = await storage.loadRoom(id);
      expect(loaded?.room.title).toBe('A');
      expect(loaded?.snapshot).toEqual({ seq: 5, at: 5, state: bytes(50), encoding: 'v2' });
      expect(loaded?.updates.map((u) => u.seq)).toEqual([6, 7]);
      expect(await storage.snapshotAtOrBefore(id, 4)).toEqual({ seq: 3, at: 3, state: bytes(30), encoding: 'v1' });
      expect(await storage.snapshotAtOrBefore(id, 2)).toBeNull();
      expect((await storage.updatesInRange(id, 3, 5)).map((u) => [u.seq, Array.from(u.update)])).toEqual([[4, [4]], [5, [5]]]);
    });

    test('a large document state round-trips through snapshots byte for byte (stored compressed)', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      for (let i = 2; i <= 4; i++) await storage.appendUpdate(id, { at: i, participantId: 'p', update: bytes(i) });
      // A compressible state with every byte value in it, larger than a compressed row would store bare.
      const state = new Uint8Array(60_000).map((_, i) => (i * 7 + (i >> 9)) % 256);
      await storage.writeSnapshot(id, { seq: 3, at: 3, state, encoding: 'v1' });
      await storage.writeSnapshot(id, { seq: 4, at: 4, state, encoding: 'v2' });
      expect(await storage.snapshotAtOrBefore(id, 3)).toEqual({ seq: 3, at: 3, state, encoding: 'v1' });
      expect((await storage.loadRoom(id))?.snapshot).toEqual({ seq: 4, at: 4, state, encoding: 'v2' });
    });

    test('segments of the state index: stored compressed, found by the seq they hold, a longer one replaces a shorter, a repeat changes nothing', async () => {
      const id = roomId();
      const other = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      await storage.createRoom({ id: other, title: 'B', createdAt: 1 }, bytes(1));
      expect(await storage.stateSegmentAt(id, 1)).toBeNull();
      expect(await storage.lastStateSegment(id)).toBeNull();
      const data = (n: number) => new Uint8Array(n * 40).map((_, i) => (i * 13 + (i >> 7)) % 251);
      await storage.writeStateSegment(id, { fromSeq: 0, toSeq: 10, data: data(10) });
      await storage.writeStateSegment(id, { fromSeq: 10, toSeq: 14, data: data(4) });
      await storage.writeStateSegment(other, { fromSeq: 0, toSeq: 3, data: data(3) });
      expect(await storage.stateSegmentAt(id, 0)).toEqual({ fromSeq: 0, toSeq: 10, data: data(10) });
      expect(await storage.stateSegmentAt(id, 10)).toEqual({ fromSeq: 10, toSeq: 14, data: data(4) });
      expect(await storage.stateSegmentAt(id, 14)).toEqual({ fromSeq: 10, toSeq: 14, data: data(4) });
      expect(await storage.stateSegmentAt(id, 15)).toBeNull();
      expect(await storage.lastStateSegment(id)).toEqual({ fromSeq: 10, toSeq: 14, data: data(4) });
      // The same segment from another node, then a shorter one: nothing changes. A longer one replaces it.
      await storage.writeStateSegment(id, { fromSeq: 10, toSeq: 14, data: data(4) });
      await storage.writeStateSegment(id, { fromSeq: 10, toSeq: 12, data: data(2) });
      expect(await storage.stateSegmentAt(id, 12)).toEqual({ fromSeq: 10, toSeq: 14, data: data(4) });
      await storage.writeStateSegment(id, { fromSeq: 10, toSeq: 20, data: data(10) });
      expect(await storage.stateSegmentAt(id, 17)).toEqual({ fromSeq: 10, toSeq: 20, data: data(10) });
      expect(await storage.lastStateSegment(id)).toEqual({ fromSeq: 10, toSeq: 20, data: data(10) });
      expect(await storage.lastStateSegment(other)).toEqual({ fromSeq: 0, toSeq: 3, data: data(3) });
      // Writers racing on one segment: all succeed, one row.
      await Promise.all([1, 2, 3].map(() => storage.writeStateSegment(other, { fromSeq: 3, toSeq: 6, data: data(3) })));
      expect(await storage.stateSegmentAt(other, 5)).toEqual({ fromSeq: 3, toSeq: 6, data: data(3) });
    });

    test('the last update at or before a time', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 100 }, bytes(1));
      await storage.appendUpdate(id, { at: 200, participantId: 'p', update: bytes(2) });
      await storage.appendUpdate(id, { at: 200, participantId: 'p', update: bytes(3) });
      await storage.appendUpdate(id, { at: 300, participantId: 'p', update: bytes(4) });
      expect(await storage.lastUpdateAtOrBefore(id, 99)).toBeNull();
      expect(await storage.lastUpdateAtOrBefore(id, 100)).toEqual({ seq: 1, at: 100 });
      expect(await storage.lastUpdateAtOrBefore(id, 250)).toEqual({ seq: 3, at: 200 });
      expect(await storage.lastUpdateAtOrBefore(id, 10_000)).toEqual({ seq: 4, at: 300 });
    });

    test('participants are stored per room', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      const alice = { id: 'aliceAliceAlice1', roomId: id, name: 'Alice', role: 'product' as const, joinedAt: 5 };
      await storage.addParticipant(alice);
      expect(await storage.getParticipant(id, alice.id)).toEqual(alice);
      expect(await storage.getParticipant(id, 'nobodyNobodyNob1')).toBeNull();
      expect(await storage.getParticipant(roomId(), alice.id)).toBeNull();
      const bob = { id: 'bobBobBobBobBob1', roomId: id, name: 'Bob', role: 'observer' as const, joinedAt: 3 };
      await storage.addParticipant(bob);
      expect(await storage.participants(id)).toEqual([bob, alice]);
      expect(await storage.participants(roomId())).toEqual([]);
    });

    test('a removed participant keeps their record with the time they were removed; a second removal keeps the first time', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      const alice = { id: 'aliceAliceAlice1', roomId: id, name: 'Alice', role: 'product' as const, joinedAt: 5 };
      const bob = { id: 'bobBobBobBobBob1', roomId: id, name: 'Bob', role: 'observer' as const, joinedAt: 6 };
      await storage.addParticipant(alice);
      await storage.addParticipant(bob);
      expect(await storage.revokeParticipant(id, alice.id, 100)).toBe(true);
      expect(await storage.revokeParticipant(id, alice.id, 200)).toBe(true);
      expect(await storage.getParticipant(id, alice.id)).toEqual({ ...alice, revokedAt: 100 });
      expect(await storage.participants(id)).toEqual([{ ...alice, revokedAt: 100 }, bob]);
      expect((await storage.getParticipant(id, bob.id))?.revokedAt).toBeUndefined();
      // Nobody by that id in the room, or the id in another room: nothing to remove.
      expect(await storage.revokeParticipant(id, 'nobodyNobodyNob1', 100)).toBe(false);
      expect(await storage.revokeParticipant(roomId(), bob.id, 100)).toBe(false);
      expect((await storage.getParticipant(id, bob.id))?.revokedAt).toBeUndefined();
    });

    test('each role\'s invite generation starts at 0 and counts up per room and role when rotated', async () => {
      const a = roomId();
      const b = roomId();
      await storage.createRoom({ id: a, title: 'A', createdAt: 1 }, bytes(1));
      await storage.createRoom({ id: b, title: 'B', createdAt: 1 }, bytes(1));
      const none = { facilitator: 0, product: 0, portfolio: 0, observer: 0 };
      expect(await storage.inviteGenerations(a)).toEqual(none);
      expect(await storage.rotateInvite(a, 'product')).toBe(1);
      expect(await storage.rotateInvite(a, 'product')).toBe(2);
      expect(await storage.rotateInvite(a, 'observer')).toBe(1);
      expect(await storage.inviteGenerations(a)).toEqual({ ...none, product: 2, observer: 1 });
      expect(await storage.inviteGenerations(b)).toEqual(none);
      expect(await storage.inviteGenerations(roomId())).toEqual(none);
    });

    test('history events come back oldest first with their values, paged by seq', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      const event = (seq: number, field: string | null, from: unknown, to: unknown): HistoryEvent => ({
        seq, at: seq * 10, participantId: 'p1', name: 'Ann', kind: field ? 'changed' : 'created', featureId: 'F-1', field, from, to,
      });
      await storage.appendHistory(id, [event(2, null, null, { id: 'F-1', title: 'Checkout', jobSize: 5 })]);
      await storage.appendHistory(id, [event(3, 'jobSize', 5, 8), event(3, 'title', 'Checkout', 'Checkout "v2", ✓')]);
      await storage.appendHistory(id, []);
      await storage.appendHistory(id, [event(4, 'jobSize', 8, null)]);
      const all = await storage.history(id);
      expect(all).toEqual([
        event(2, null, null, { id: 'F-1', title: 'Checkout', jobSize: 5 }),
        event(3, 'jobSize', 5, 8),
        event(3, 'title', 'Checkout', 'Checkout "v2", ✓'),
        event(4, 'jobSize', 8, null),
      ]);
      expect((await storage.history(id, { afterSeq: 2 })).map((e) => e.seq)).toEqual([3, 3, 4]);
      expect((await storage.history(id, { afterSeq: 2, limit: 1 })).map((e) => e.field)).toEqual(['jobSize']);
      expect((await storage.history(id, { kind: 'created' })).map((e) => e.seq)).toEqual([2]);
      expect((await storage.history(id, { afterSeq: 2, kind: 'changed' })).map((e) => e.field)).toEqual(['jobSize', 'title', 'jobSize']);
      expect(await storage.history(id, { kind: 'note' })).toEqual([]);
      expect(await storage.history(roomId())).toEqual([]);
    });

    test('hostile text is stored as data, never as SQL', async () => {
      const id = roomId();
      const title = "Robert'); DROP TABLE rooms;--";
      await storage.createRoom({ id, title, createdAt: 1 }, bytes(1));
      await storage.addParticipant({ id: 'xXxXxXxXxXxXxXx1', roomId: id, name: "' OR 1=1 --", role: 'observer', joinedAt: 1 });
      expect((await storage.getRoom(id))?.title).toBe(title);
      expect((await storage.getParticipant(id, 'xXxXxXxXxXxXxXx1'))?.name).toBe("' OR 1=1 --");
    });

    test('a vote replaces the same participant\'s earlier vote in that round only; rounds keep their own votes', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      await storage.putVote({ roomId: id, roundId: 'r1', participantId: 'p1', values: { jobSize: 3 }, at: 10 });
      await storage.putVote({ roomId: id, roundId: 'r1', participantId: 'p2', values: { jobSize: 5, riskReduction: 1 }, at: 11 });
      await storage.putVote({ roomId: id, roundId: 'r2', participantId: 'p1', values: { 'F-1': 1 }, at: 12 });
      await storage.putVote({ roomId: id, roundId: 'r1', participantId: 'p1', values: { jobSize: 8 }, at: 13 });
      expect(await storage.votes(id, 'r1')).toEqual([
        { roomId: id, roundId: 'r1', participantId: 'p2', values: { jobSize: 5, riskReduction: 1 }, at: 11 },
        { roomId: id, roundId: 'r1', participantId: 'p1', values: { jobSize: 8 }, at: 13 },
      ]);
      expect((await storage.votes(id, 'r2')).map((v) => v.values)).toEqual([{ 'F-1': 1 }]);
      expect(await storage.votes(id, 'r3')).toEqual([]);
    });

    test('closing a round\'s voting returns its votes; a vote after that is refused and not stored', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      expect(await storage.putVote({ roomId: id, roundId: 'r1', participantId: 'p1', values: { jobSize: 3 }, at: 10 })).toBe(true);
      expect(await storage.putVote({ roomId: id, roundId: 'r2', participantId: 'p1', values: { jobSize: 5 }, at: 11 })).toBe(true);
      expect(await storage.closeVoting(id, 'r1')).toEqual([{ roomId: id, roundId: 'r1', participantId: 'p1', values: { jobSize: 3 }, at: 10 }]);
      expect(await storage.putVote({ roomId: id, roundId: 'r1', participantId: 'p2', values: { jobSize: 8 }, at: 12 })).toBe(false);
      expect(await storage.putVote({ roomId: id, roundId: 'r1', participantId: 'p1', values: { jobSize: 1 }, at: 13 })).toBe(false);
      expect((await storage.votes(id, 'r1')).map((v) => v.values)).toEqual([{ jobSize: 3 }]);
      // Closing again (a second reveal) gives the same votes; other rounds stay open.
      expect((await storage.closeVoting(id, 'r1')).map((v) => v.participantId)).toEqual(['p1']);
      expect(await storage.putVote({ roomId: id, roundId: 'r2', participantId: 'p2', values: { jobSize: 2 }, at: 14 })).toBe(true);
    });

    test('votes racing the close of voting are either returned by the close or refused, never stored and left out', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      const votes = Array.from({ length: 40 }, (_, i) =>
        storage.putVote({ roomId: id, roundId: 'r1', participantId: `p${i}`, values: { jobSize: 1 }, at: 100 + i }).then((ok) => [`p${i}`, ok] as const));
      const closing = storage.closeVoting(id, 'r1');
      const answers = await Promise.all(votes);
      const revealed = (await closing).map((v) => v.participantId).sort();
      const accepted = answers.filter(([, ok]) => ok).map(([p]) => p).sort();
      expect(revealed).toEqual(accepted);
      expect((await storage.votes(id, 'r1')).map((v) => v.participantId).sort()).toEqual(accepted);
    });

    test('a history event keeps the estimation round that caused it', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      const base = { seq: 2, at: 5, participantId: 'p1', name: 'Ann', kind: 'changed' as const, featureId: 'F-1', field: 'jobSize', from: null, to: 5 };
      await storage.appendHistory(id, [{ ...base, roundId: 'round-1' }, { ...base, field: 'title', from: 'a', to: 'b' }]);
      const events = await storage.history(id);
      expect(events[0]?.roundId).toBe('round-1');
      expect(events[1]).not.toHaveProperty('roundId');
    });

    test('a group commit stores a batch of updates with consecutive seqs after the log, and their history events with them', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      await storage.appendUpdate(id, { at: 2, participantId: 'p1', update: bytes(2) });
      const seen: number[][] = [];
      const seqs = await storage.appendUpdates(id, [
        { at: 3, participantId: 'p1', update: bytes(3) },
        { at: 3, participantId: 'p2', update: bytes(4) },
        { at: 3, participantId: null, update: bytes(5) },
      ], (reserved) => {
        seen.push([...reserved]);
        return reserved.slice(0, 2).map((seq, i) => ({
          seq, at: 3, participantId: `p${i + 1}`, name: `N${i}`, kind: 'changed', featureId: 'F-1', field: 'jobSize', from: i, to: i + 1,
        }));
      });
      expect(seqs).toEqual([3, 4, 5]);
      expect(seen).toEqual([[3, 4, 5]]);
      expect((await storage.loadRoom(id))?.updates.map((u) => [u.seq, u.participantId, Array.from(u.update)])).toEqual([
        [1, null, [1]], [2, 'p1', [2]], [3, 'p1', [3]], [4, 'p2', [4]], [5, null, [5]],
      ]);
      expect((await storage.history(id)).map((e) => [e.seq, e.name, e.to])).toEqual([[3, 'N0', 1], [4, 'N1', 2]]);
      expect(await storage.appendUpdates(id, [])).toEqual([]);
      expect(await storage.appendUpdates(id, [{ at: 4, participantId: null, update: bytes(6) }])).toEqual([6]);
    });

    test('a group commit is all or nothing: a history event that cannot be stored leaves none of the batch behind', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      const broken = { seq: 2, at: 3, participantId: 'p1', name: null as unknown as string, kind: 'changed' as const, featureId: 'F-1', field: null, from: null, to: null };
      await expect(storage.appendUpdates(id, [
        { at: 3, participantId: 'p1', update: bytes(2) },
        { at: 3, participantId: 'p2', update: bytes(3) },
      ], () => [broken])).rejects.toThrow();
      expect(await storage.latestSeq(id)).toBe(1);
      expect(await storage.history(id)).toEqual([]);
      // The log goes on from where it was.
      expect(await storage.appendUpdates(id, [{ at: 4, participantId: 'p1', update: bytes(4) }])).toEqual([2]);
    });

    test('a group commit whose prepare throws stores nothing and rejects with that error', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      const refusal = new Error('refused by a hook');
      await expect(storage.appendUpdates(id, [{ at: 3, participantId: 'p1', update: bytes(2) }], async () => {
        await Promise.resolve();
        throw refusal;
      })).rejects.toBe(refusal);
      expect(await storage.latestSeq(id)).toBe(1);
    });

    test('a group commit into a room that does not exist fails and stores nothing', async () => {
      const id = roomId();
      await expect(storage.appendUpdates(id, [{ at: 3, participantId: 'p1', update: bytes(2) }])).rejects.toThrow();
      expect(await storage.latestSeq(id)).toBe(0);
    });

    test('flush resolves and keeps the data', async () => {
      const id = roomId();
      await storage.createRoom({ id, title: 'A', createdAt: 1 }, bytes(1));
      await storage.flush();
      expect(await storage.latestSeq(id)).toBe(1);
    });
  });
}
