import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addNote, canvasArray, createFeature, deleteFeature, featuresMap, initRoom, setMeta, updateFeature, writeRoundState } from '@ladder/board-doc';
import { createRng, testSeed } from '@ladder/testing';
import { FrameError } from './protocol';
import { StructureCheck } from './structure';

// The shape check lets every honest change through, in any order a hub can see them: clients that edit, delete and
// overwrite each other's work concurrently, with their updates reaching the hub late and in bursts.

const SEED = testSeed(16_000_002);
const CLIENTS = 4;
const STEPS = 1500;

interface Peer {
  doc: Y.Doc;
  /** Updates made here and not yet received by the hub, oldest first. */
  outbox: Uint8Array[];
  /** Updates the hub sent and this peer has not applied yet. */
  inbox: Uint8Array[];
}

function edit(rng: ReturnType<typeof createRng>, doc: Y.Doc, step: number): void {
  const ids = [...featuresMap(doc).keys()];
  const id = ids[rng.int(0, Math.max(0, ids.length - 1))];
  const scale = [1, 2, 3, 5, 8, 13, 20];
  switch (rng.int(0, 6)) {
    case 0:
      createFeature(doc, { id: `F-${step}`, title: `Feature ${step}` }, { participantId: 'p', now: step });
      return;
    case 1:
      if (id) updateFeature(doc, id, { jobSize: scale[rng.int(0, 6)] as number, title: `Renamed ${step}` });
      // A key the feature never had (more keys may be added): written with its parent named, not an origin.
      if (id && rng.chance(0.5)) (featuresMap(doc).get(id) as Y.Map<unknown>).set(`extra${step}`, step);
      return;
    case 2:
      if (id) deleteFeature(doc, id);
      return;
    case 3:
      setMeta(doc, { capacity: rng.int(1, 100) });
      return;
    case 4:
      addNote(doc, { id: `N-${step}`, text: `Note ${step}`, author: 'p', at: step });
      return;
    case 5: {
      // As y-utility's YKeyValue writes the canvas: { key, val } entries pushed, older ones deleted by index.
      const canvas = canvasArray(doc);
      if (rng.int(0, 3) === 0 && canvas.length > 0) canvas.delete(rng.int(0, canvas.length - 1), 1);
      else canvas.push([{ key: `shape:${rng.int(0, 20)}`, val: { id: 'shape', x: step, props: { featureId: id ?? null, richText: { type: 'doc', content: [{ type: 'paragraph' }] } } } }]);
      return;
    }
    default:
      writeRoundState(doc, {
        id: `R-${rng.int(0, 3)}`, kind: 'feature', featureIds: [id ?? 'F-0'], components: ['jobSize'], status: 'open',
        autoReveal: false, deadline: null, createdAt: step, createdBy: 'p', voted: [], expected: [],
        revealedAt: null, result: null, accepted: null, acceptedAt: null, closedAt: null,
      });
  }
}

describe('StructureCheck', () => {
  test(`lets ${STEPS} honest concurrent changes of ${CLIENTS} clients through, whatever the hub's timing (seed ${SEED})`, () => {
    const rng = createRng(SEED);
    const hub = new Y.Doc();
    initRoom(hub, { title: 'Shape' });
    const peers: Peer[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(hub));
      const peer: Peer = { doc, outbox: [], inbox: [] };
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== 'hub') peer.outbox.push(update);
      });
      peers.push(peer);
    }
    let refused = 0;
    let accepted = 0;
    for (let step = 0; step < STEPS; step++) {
      const peer = peers[rng.int(0, CLIENTS - 1)] as Peer;
      const action = rng.int(0, 2);
      if (action === 0) {
        try {
          edit(rng, peer.doc, step);
        } catch {
          // A board-doc refusal (e.g. a round on a feature just deleted): nothing was written.
        }
      } else if (action === 1) {
        // The hub takes a burst of this peer's updates as one batch, as a group commit does.
        const burst = peer.outbox.splice(0, rng.int(1, 5));
        const check = new StructureCheck(hub);
        for (const update of burst) {
          try {
            check.accept(check.check(update));
            accepted++;
          } catch (error) {
            refused++;
            throw new Error(`an honest update was refused at step ${step}: ${(error as FrameError).message}`);
          }
        }
        for (const update of burst) {
          Y.applyUpdate(hub, update);
          for (const other of peers) if (other !== peer) other.inbox.push(update);
        }
      } else {
        for (const update of peer.inbox.splice(0)) Y.applyUpdate(peer.doc, update, 'hub');
      }
    }
    expect(refused).toBe(0);
    expect(accepted).toBeGreaterThan(STEPS / 5);
  });

  test('refuses nesting, unknown roots and foreign content kinds before anything is applied', () => {
    const hub = new Y.Doc();
    initRoom(hub, { title: 'Shape' });
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(hub));
    createFeature(client, { id: 'F-1', title: 'One' }, { participantId: 'p', now: 1 });
    Y.applyUpdate(hub, Y.encodeStateAsUpdate(client, Y.encodeStateVector(hub)));
    const refusal = (fn: (doc: Y.Doc) => void): string => {
      const before = Y.encodeStateVector(client);
      client.transact(() => fn(client));
      const update = Y.encodeStateAsUpdate(client, before);
      try {
        new StructureCheck(hub).check(update);
        return 'accepted';
      } catch (error) {
        expect(error).toBeInstanceOf(FrameError);
        return (error as FrameError).message;
      } finally {
        // Each case on its own: the client forgets it by starting again from the hub.
        Y.applyUpdate(client, Y.encodeStateAsUpdate(hub));
      }
    };
    const feature = () => featuresMap(client).get('F-1') as Y.Map<unknown>;
    expect(refusal(() => feature().set('sub', new Y.Map()))).toMatch(/nested shared type in features/);
    expect(refusal(() => feature().set('text', new Y.Text('x')))).toMatch(/nested shared type/);
    expect(refusal((doc) => doc.getMap('meta').set('list', new Y.Array()))).toMatch(/nested shared type in meta/);
    expect(refusal((doc) => doc.getText('notes').insert(0, 'x'))).toMatch(/unknown part of the document/);
    expect(refusal((doc) => doc.getMap('meta').set('doc', new Y.Doc()))).toMatch(/ContentDoc/);
    expect(refusal((doc) => doc.getMap('meta').set('title', 'Renamed'))).toBe('accepted');
    expect(refusal((doc) => addNote(doc, { id: 'N-1', text: 'A note', author: 'p', at: 1 }))).toBe('accepted');
  });
});
