import { afterEach, describe, expect, test } from 'vitest';
import { eventually } from '@ladder/testing';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { DEFAULT_BROADCAST, RoomBroadcaster, type BroadcastOptions, type BroadcastPeer } from './broadcast';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from './protocol';

// The room's outgoing traffic: presence within its budget, document updates held while a commit is under way.

class Peer implements BroadcastPeer {
  readonly frames: Uint8Array[] = [];
  readonly awarenessIds = new Set<number>();
  send(frame: Uint8Array): void {
    this.frames.push(frame);
  }
  /** Client ids of each presence frame received. */
  presence(): number[][] {
    return this.frames.filter((f) => f[0] === MESSAGE_AWARENESS).map((f) => {
      const outer = decoding.createDecoder(f);
      decoding.readVarUint(outer);
      const inner = decoding.createDecoder(decoding.readVarUint8Array(outer));
      const ids: number[] = [];
      for (let n = decoding.readVarUint(inner); n > 0; n--) {
        ids.push(decoding.readVarUint(inner));
        decoding.readVarUint(inner);
        decoding.readVarString(inner);
      }
      return ids;
    });
  }
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

/** A broadcaster for `peers`, wired to its awareness as the room wires it; destroyed after the test. */
function broadcasterFor(peers: ReadonlySet<BroadcastPeer>, options: BroadcastOptions, onError?: (error: unknown) => void) {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const broadcaster = new RoomBroadcaster(peers, awareness, options, onError);
  awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) =>
    broadcaster.queuePresence([...added, ...updated, ...removed]));
  cleanup.push(() => {
    broadcaster.destroy();
    awareness.destroy();
    doc.destroy();
  });
  return { doc, awareness, broadcaster };
}

function setup(peerCount: number, options: BroadcastOptions = DEFAULT_BROADCAST) {
  const peers = Array.from({ length: peerCount }, () => new Peer());
  return { ...broadcasterFor(new Set(peers), options), peers };
}

/** Presence states of `count` remote clients, as a client would send them, applied to the room's awareness. */
function cursors(awareness: awarenessProtocol.Awareness, count: number, x: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const remoteDoc = new Y.Doc();
    remoteDoc.clientID = 1000 + i;
    const remote = new awarenessProtocol.Awareness(remoteDoc);
    remote.setLocalState({ user: { name: `Client ${i}` }, presence: { cursor: { x, y: i } } });
    const update = awarenessProtocol.encodeAwarenessUpdate(remote, [remote.clientID]);
    awarenessProtocol.applyAwarenessUpdate(awareness, update, null);
    remote.destroy();
    remoteDoc.destroy();
    ids.push(1000 + i);
  }
  return ids;
}

describe('presence budget', () => {
  test('the frame interval grows with the room but never past maxIntervalMs: a room of thousands still gets 5 frames a second', () => {
    expect(setup(10).broadcaster.presenceIntervalMs()).toBe(20);
    expect(setup(600).broadcaster.presenceIntervalMs()).toBe(100);
    expect(setup(5000).broadcaster.presenceIntervalMs()).toBe(DEFAULT_BROADCAST.presence.maxIntervalMs);
    expect(DEFAULT_BROADCAST.presence.maxIntervalMs).toBeLessThan(200);
  });

  test('a room spread over nodes is sized by its presence, not by the peers on this node: each node sends at the whole room\'s rate', () => {
    // 60 peers here, 600 people in the room (the other nodes' clients are in the awareness).
    const { awareness, broadcaster } = setup(60);
    expect(broadcaster.presenceIntervalMs()).toBe(20);
    const bytesAlone = broadcaster.presenceFrameBytes();
    cursors(awareness, 600, 1);
    expect(broadcaster.presenceIntervalMs()).toBe(setup(600).broadcaster.presenceIntervalMs());
    // The byte budget is the room's too: shared by all 600, not by the 60 here.
    expect(broadcaster.presenceFrameBytes()).toBeCloseTo((DEFAULT_BROADCAST.presence.bytesPerSecond * 0.1) / 600);
    expect(broadcaster.presenceFrameBytes()).toBeLessThan(bytesAlone);
  });

  test('past the byte budget a frame carries the longest-waiting cursors; the rest follow in the next frames and none is lost', () => {
    const options: BroadcastOptions = { ...DEFAULT_BROADCAST, presence: { ...DEFAULT_BROADCAST.presence, bytesPerSecond: 4 * 50 * 300 } };
    const { awareness, peers, broadcaster } = setup(4, options);
    // 4 peers, 50 ms interval: 300 bytes a frame, a few cursor states.
    expect(broadcaster.presenceFrameBytes()).toBe(300);
    const ids = cursors(awareness, 40, 1);
    const peer = peers[0] as Peer;
    for (let i = 0; i < 40 && peer.presence().flat().length < 40; i++) broadcaster.flushPresence();
    const frames = peer.presence();
    expect(frames.length).toBeGreaterThan(3);
    // In order of waiting, each exactly once.
    expect(frames.flat()).toEqual(ids);
    const entryBytes = (awarenessProtocol.encodeAwarenessUpdate(awareness, [ids[0] as number]).length);
    for (const frame of frames) expect(frame.length * entryBytes).toBeLessThanOrEqual(300 + 2 * entryBytes);
    for (const other of peers) expect(other.presence()).toEqual(frames);
  });

  test('a peer never gets its own cursor back, also when the frame is cut to the budget', () => {
    const options: BroadcastOptions = { ...DEFAULT_BROADCAST, presence: { ...DEFAULT_BROADCAST.presence, bytesPerSecond: 2 * 50 * 200 } };
    const { awareness, peers, broadcaster } = setup(2, options);
    const ids = cursors(awareness, 10, 2);
    const [mine, other] = peers as [Peer, Peer];
    mine.awarenessIds.add(ids[0] as number);
    mine.awarenessIds.add(ids[7] as number);
    for (let i = 0; i < 20; i++) broadcaster.flushPresence();
    expect(mine.presence().flat()).toEqual(ids.filter((id) => !mine.awarenessIds.has(id)));
    expect(other.presence().flat()).toEqual(ids);
  });
});

describe('document updates during a commit', () => {
  test('updates applied while a commit holds the broadcaster go out only at its release, merged into one frame', () => {
    const { doc, peers, broadcaster } = setup(3);
    broadcaster.hold();
    doc.on('update', (update: Uint8Array) => broadcaster.queueUpdate(update, null));
    doc.getMap('m').set('a', 1);
    doc.getMap('m').set('b', 2);
    broadcaster.flushUpdates();
    broadcaster.flushPresence();
    for (const peer of peers) expect(peer.frames.filter((f) => f[0] === MESSAGE_SYNC)).toEqual([]);
    broadcaster.release();
    for (const peer of peers) expect(peer.frames.filter((f) => f[0] === MESSAGE_SYNC).length).toBe(1);
  });

  test('updates of a commit that failed are never sent', () => {
    const { doc, peers, broadcaster } = setup(2);
    doc.on('update', (update: Uint8Array) => broadcaster.queueUpdate(update, null));
    broadcaster.hold();
    doc.getMap('m').set('a', 1);
    broadcaster.discard();
    broadcaster.flushUpdates();
    expect(broadcaster.pendingUpdates).toBe(0);
    for (const peer of peers) expect(peer.frames).toEqual([]);
  });
});

describe('a broadcaster timer never throws out', () => {
  test('what fails while presence goes out is reported to the room, not thrown out of the timer', async () => {
    const broken: BroadcastPeer = { send: () => { throw new Error('the socket is gone'); } };
    const errors: unknown[] = [];
    const { awareness } = broadcasterFor(new Set([broken]), DEFAULT_BROADCAST, (error) => errors.push(error));
    cursors(awareness, 1, 10);
    await eventually(() => errors.length, { until: (n) => n > 0, what: 'the failure reported' });
    expect((errors[0] as Error).message).toBe('the socket is gone');
  });
});
