import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  checkFeatureField, createFeature, featuresMap, markRecovery, readMeta, setMeta, updateFeature, writeRoundState, type Feature, type Role, type RoundState,
} from '@ladder/board-doc';
import type { Component } from '@ladder/wsjf';
import { dismiss, getNotices } from '../ui/notices';
import { addFeatures, CARD_TYPE, cardsOf, editFeature, removeFeature, restoreFeature, setEstimate } from './actions';
import { MOVE_BADGE_MS, RoomModel, type CanvasRecord, type RoomLinks } from './model';

// The model runs in node against the real Y.Doc and board-doc; what a browser gives it (window events, navigator.onLine,
// localStorage, animation frames) is provided in memory, and the server is played by a second Y.Doc relaying updates
// with the provider as their origin, as y-websocket applies them.

const ROOM = 'room-1';
const T0 = Date.UTC(2026, 11, 6, 9, 0, 0);

interface Browser {
  window: EventTarget;
  storage: Map<string, string>;
  /** Runs the animation frames asked for so far. */
  nextFrame(): void;
}

let browser: Browser;

function stubBrowser(): Browser {
  const target = new EventTarget();
  const storage = new Map<string, string>();
  const frames = new Map<number, FrameRequestCallback>();
  let frameSeq = 0;
  vi.stubGlobal('window', target);
  vi.stubGlobal('navigator', { onLine: true });
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => { storage.set(key, String(value)); },
    removeItem: (key: string) => { storage.delete(key); },
  });
  vi.stubGlobal('requestAnimationFrame', (fn: FrameRequestCallback) => { frames.set(++frameSeq, fn); return frameSeq; });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => { frames.delete(id); });
  return {
    window: target,
    storage,
    nextFrame: () => {
      const due = [...frames.values()];
      frames.clear();
      for (const fn of due) fn(0);
    },
  };
}

/** Ties a model to no server and no IndexedDB: the provider never opens a socket, the local copy never loads. */
function unconnected(roomId: string, _session: unknown, doc: Y.Doc): RoomLinks {
  // With `connect: false` no socket is ever made, so no WebSocket class is needed (node 20 has none).
  const provider = new WebsocketProvider('ws://ladder.invalid/sync', roomId, doc, { connect: false, disableBc: true, WebSocketPolyfill: null as never });
  return { provider, persistence: { whenSynced: new Promise(() => {}), destroy: () => Promise.resolve() } };
}

const opened: RoomModel[] = [];

function openRoom(participantId: string, role: Role = 'product', name = participantId): RoomModel {
  const model = new RoomModel(ROOM, { token: `token-${participantId}`, participantId, role, name }, { link: unconnected });
  opened.push(model);
  return model;
}

/**
 * The server's copy of the room. Writing into `doc` stands for another participant's update arriving at the server:
 * it reaches every joined model with the provider as origin, and what a model writes reaches `doc`.
 */
function server() {
  const doc = new Y.Doc();
  const joined: RoomModel[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    for (const model of joined) if (origin !== model && !model.doc.isDestroyed) Y.applyUpdate(model.doc, update, model.provider);
  });
  return {
    doc,
    /** The first sync: the room arrives, then the provider says it is synced. */
    join(model: RoomModel): void {
      Y.applyUpdate(model.doc, Y.encodeStateAsUpdate(doc), model.provider);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(model.doc), model);
      model.doc.on('update', (update: Uint8Array, origin: unknown) => { if (origin !== model.provider) Y.applyUpdate(doc, update, model); });
      joined.push(model);
      model.provider.synced = true;
    },
  };
}

/** Ann on a board joined to the server's copy, with Alpha (WSJF 10, #1) and Beta (WSJF 3, #2) that she estimated. */
function annWithAlphaAndBeta() {
  const room = server();
  const model = openRoom('ann');
  room.join(model);
  const [a, b] = addFeatures(model, ['Alpha', 'Beta']) as [Feature, Feature];
  estimate(model, a.id, { userBusinessValue: 8, timeCriticality: 1, riskReduction: 1, jobSize: 1 });
  estimate(model, b.id, { userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 });
  return { room, model, a, b };
}

function estimate(model: RoomModel, featureId: string, values: Record<Component, number>): void {
  for (const [component, value] of Object.entries(values)) expect(setEstimate(model, featureId, component as Component, value)).toBe(true);
}

function card(featureId: string, id: string, x = 0, y = 0): CanvasRecord {
  return { id, typeName: 'shape', type: CARD_TYPE, x, y, props: { featureId } };
}

const titles = (model: RoomModel) => model.getSnapshot().ranking.map((r) => r.title);

beforeEach(() => { browser = stubBrowser(); });

afterEach(() => {
  for (const model of opened.splice(0)) if (!model.doc.isDestroyed) model.destroy();
  for (const notice of getNotices()) dismiss(notice.id);
  vi.unstubAllGlobals();
});

describe('RoomModel: edits made on this screen', () => {
  it('features added here appear in the ranking, unscored, in the order given, blank lines skipped', () => {
    const model = openRoom('ann');
    const seen = vi.fn();
    model.subscribe(seen);
    const created = addFeatures(model, ['Login', '  ', ' Search ']);
    expect(created.map((f) => f.title)).toEqual(['Login', 'Search']);
    expect(titles(model)).toEqual(['Login', 'Search']);
    expect(model.getSnapshot().ranking.map((r) => r.rank)).toEqual([null, null]);
    expect(seen).toHaveBeenCalled();
    expect(model.getSnapshot().activity[0]).toMatchObject({ whoId: 'ann', text: 'added 2 features' });
  });

  it('an estimate change re-ranks the board at once and marks both moves', () => {
    const model = openRoom('ann');
    const [a, b] = addFeatures(model, ['Alpha', 'Beta']) as [Feature, Feature];
    estimate(model, a.id, { userBusinessValue: 8, timeCriticality: 1, riskReduction: 1, jobSize: 1 });
    estimate(model, b.id, { userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 });
    expect(titles(model)).toEqual(['Alpha', 'Beta']);
    expect(model.getSnapshot().byId.get(a.id)?.wsjf).toBe(10);

    expect(setEstimate(model, b.id, 'userBusinessValue', 13)).toBe(true);
    const snap = model.getSnapshot();
    expect(titles(model)).toEqual(['Beta', 'Alpha']);
    expect(snap.byId.get(b.id)).toMatchObject({ rank: 1, wsjf: 15 });
    expect(snap.moves.get(b.id)).toMatchObject({ from: 2, to: 1, whoId: 'ann' });
    expect(snap.moves.get(a.id)).toMatchObject({ from: 1, to: 2 });
    expect(snap.activity[0]).toMatchObject({ whoId: 'ann', text: 'set Business value of Beta 1 → 13' });
  });

  it('move badges go a few minutes after the change that caused them, each after its own time', () => {
    vi.useFakeTimers();
    try {
      const model = openRoom('ann');
      const [a, b, c] = addFeatures(model, ['Alpha', 'Beta', 'Gamma']) as [Feature, Feature, Feature];
      estimate(model, a.id, { userBusinessValue: 8, timeCriticality: 1, riskReduction: 1, jobSize: 1 });
      estimate(model, b.id, { userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 });
      setEstimate(model, b.id, 'userBusinessValue', 13);
      expect(model.getSnapshot().moves.get(b.id)).toMatchObject({ from: 2, to: 1 });
      vi.advanceTimersByTime(MOVE_BADGE_MS / 2);
      estimate(model, c.id, { userBusinessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 1 });
      expect(model.getSnapshot().moves.get(b.id)).toMatchObject({ from: 1, to: 2 });
      expect(model.getSnapshot().moves.get(a.id)).toMatchObject({ to: 3 });
      vi.advanceTimersByTime(MOVE_BADGE_MS / 2 - 1000);
      expect(model.getSnapshot().moves.size).toBeGreaterThan(0);
      vi.advanceTimersByTime(MOVE_BADGE_MS);
      expect(model.getSnapshot().moves.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a cleared estimate takes the feature out of the ranking order (unscored, last)', () => {
    const model = openRoom('ann');
    const [a, b] = addFeatures(model, ['Alpha', 'Beta']) as [Feature, Feature];
    estimate(model, a.id, { userBusinessValue: 8, timeCriticality: 1, riskReduction: 1, jobSize: 1 });
    estimate(model, b.id, { userBusinessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 1 });
    expect(setEstimate(model, a.id, 'jobSize', null)).toBe(true);
    expect(titles(model)).toEqual(['Beta', 'Alpha']);
    expect(model.getSnapshot().byId.get(a.id)).toMatchObject({ rank: null, wsjf: null, jobSize: null });
  });

  it('a row that did not change stays the same object, so only the edited row re-renders', () => {
    const model = openRoom('ann');
    const [a, b] = addFeatures(model, ['Alpha', 'Beta']) as [Feature, Feature];
    const before = model.getSnapshot();
    expect(editFeature(model, a.id, { title: 'Alpha 2', team: 'Blue' })).toBe(true);
    const after = model.getSnapshot();
    expect(after.byId.get(a.id)).toMatchObject({ title: 'Alpha 2', team: 'Blue' });
    expect(after.byId.get(a.id)).not.toBe(before.byId.get(a.id));
    expect(after.byId.get(b.id)).toBe(before.byId.get(b.id));
    expect(after.meta).toBe(before.meta);
  });

  it('an off-scale estimate is refused with the reason shown, and the board stays as it was', () => {
    const model = openRoom('ann');
    const [a] = addFeatures(model, ['Alpha']) as [Feature];
    const before = model.getSnapshot();
    const scale = readMeta(model.doc).scale;
    const offScale = Math.max(...scale) + 1;
    const reason = checkFeatureField('jobSize', offScale, scale);
    expect(reason.ok).toBe(false);
    expect(setEstimate(model, a.id, 'jobSize', offScale)).toBe(false);
    expect(getNotices().at(-1)).toMatchObject({ tone: 'error', text: reason.ok ? '' : reason.message });
    expect(model.getSnapshot()).toBe(before);
  });

  it('removing a feature takes its cards with it; restoring brings back the same feature and cards, updated by whoever undid it', () => {
    const model = openRoom('ann');
    const feature = createFeature(model.doc, { title: 'Payments', userBusinessValue: 5 }, { participantId: 'bob', now: T0 });
    const [other] = addFeatures(model, ['Search']) as [Feature];
    model.canvas.set('shape:pay', card(feature.id, 'shape:pay', 300, 40));
    model.canvas.set('shape:search', card(other.id, 'shape:search'));

    const deleted = removeFeature(model, feature.id);
    expect(deleted).not.toBeNull();
    expect(titles(model)).toEqual(['Search']);
    expect(cardsOf(model, feature.id)).toEqual([]);
    expect(cardsOf(model, other.id)).toHaveLength(1);
    expect(model.getSnapshot().activity[0]).toMatchObject({ whoId: 'ann', text: 'deleted Payments' });

    expect(restoreFeature(model, deleted!)).toBe(true);
    expect(model.getSnapshot().byId.get(feature.id)).toMatchObject({
      title: 'Payments', userBusinessValue: 5, createdBy: 'bob', createdAt: T0,
    });
    expect(featuresMap(model.doc).get(feature.id)?.get('updatedBy')).toBe('ann');
    expect(cardsOf(model, feature.id)).toEqual([card(feature.id, 'shape:pay', 300, 40)]);
  });

  it('removing a feature that is already gone does nothing', () => {
    const model = openRoom('ann');
    expect(removeFeature(model, 'F-NONE')).toBeNull();
    expect(model.getSnapshot().activity).toEqual([]);
  });
});

describe('RoomModel: changes from other screens', () => {
  it('the backlog that arrives with the first sync is shown, and not listed as anybody\'s change', () => {
    const room = server();
    createFeature(room.doc, { title: 'Imported', jobSize: 3 }, { participantId: 'script', now: T0 });
    const model = openRoom('ann');
    room.join(model);
    expect(model.getSnapshot()).toMatchObject({ synced: true, activity: [] });
    expect(titles(model)).toEqual(['Imported']);
  });

  it('a feature another participant adds reaches the ranking and the listeners, credited to them', () => {
    const room = server();
    const model = openRoom('ann');
    room.join(model);
    const seen = vi.fn();
    model.subscribe(seen);
    const feature = createFeature(room.doc, { title: 'Bob\'s idea' }, { participantId: 'bob', now: T0 });
    expect(seen).toHaveBeenCalled();
    expect(model.getSnapshot().byId.get(feature.id)).toMatchObject({ title: 'Bob\'s idea', createdBy: 'bob' });
    expect(model.getSnapshot().activity[0]).toMatchObject({ whoId: 'bob', text: 'added Bob\'s idea' });
  });

  it('an estimate made on another screen re-ranks this one, credited to its author', () => {
    const { room, model, a, b } = annWithAlphaAndBeta();
    // What ann wrote reached the server's copy.
    expect(featuresMap(room.doc).get(a.id)?.get('userBusinessValue')).toBe(8);

    updateFeature(room.doc, b.id, { jobSize: 13 }, { participantId: 'carol', now: T0 });
    updateFeature(room.doc, a.id, { jobSize: 13 }, { participantId: 'carol', now: T0 + 1 });
    updateFeature(room.doc, b.id, { jobSize: 1 }, { participantId: 'dave', now: T0 + 2 });
    expect(titles(model)).toEqual(['Beta', 'Alpha']);
    expect(model.getSnapshot().activity[0]).toMatchObject({ whoId: 'dave', text: 'set Job size of Beta 13 → 1' });
    expect(model.getSnapshot().moves.get(b.id)).toMatchObject({ from: 2, to: 1, whoId: 'dave', why: 'set Job size of Beta 13 → 1' });
  });

  it('a move caused by a restore is explained as the restore, credited to the facilitator', () => {
    const { room, model, b } = annWithAlphaAndBeta();
    room.doc.transact(() => {
      updateFeature(room.doc, b.id, { userBusinessValue: 20 }, { participantId: 'fran', now: T0 });
      markRecovery(room.doc, { kind: 'restored', by: { participantId: 'fran', name: 'Fran' }, toSeq: 12, note: '', at: T0 });
    });
    expect(model.getSnapshot().moves.get(b.id)).toMatchObject({ from: 2, to: 1, whoId: 'fran', why: 'restored the board to update 12' });
  });

  it('an accepted round reads as the round, with its votes and what it changed', () => {
    const room = server();
    const model = openRoom('ann');
    room.join(model);
    const [a] = addFeatures(model, ['Alpha']) as [Feature];
    estimate(model, a.id, { userBusinessValue: 13, timeCriticality: 1, riskReduction: 1, jobSize: 3 });
    const voter = (participantId: string) => ({ participantId, name: participantId, role: 'product' as const });
    const round: RoundState = {
      id: 'R-1', kind: 'feature', featureIds: [a.id], components: ['userBusinessValue', 'jobSize'], status: 'revealed', autoReveal: false,
      deadline: null, createdAt: T0, createdBy: 'fay', voted: ['v1', 'v2', 'v3', 'v4'].map(voter), expected: [], revealedAt: T0,
      result: {
        votes: ['v1', 'v2', 'v3', 'v4'].map((id) => ({ ...voter(id), values: { userBusinessValue: 5, jobSize: 2 } })),
        consensus: { userBusinessValue: 5, jobSize: 2 }, spread: { userBusinessValue: 0, jobSize: 0 }, discuss: {}, byRole: { product: {}, portfolio: {} },
      },
      accepted: null, acceptedAt: null, closedAt: null,
    };
    writeRoundState(room.doc, round);
    // The server writes the values and the round's status in one change.
    room.doc.transact(() => {
      updateFeature(room.doc, a.id, { userBusinessValue: 5, jobSize: 2 }, { participantId: 'fay', now: T0 + 1 });
      writeRoundState(room.doc, { ...round, status: 'accepted', accepted: { userBusinessValue: 5, jobSize: 2 }, acceptedAt: T0 + 1 });
    });
    expect(model.getSnapshot().activity[0]).toMatchObject({ whoId: 'fay', text: 'accepted round (4 votes): BV 13 → 5, JS 3 → 2 on Alpha' });
  });

  it('two screens of the same room end with the same ranking', () => {
    const room = server();
    const ann = openRoom('ann');
    const bob = openRoom('bob', 'portfolio');
    room.join(ann);
    room.join(bob);
    const [a] = addFeatures(ann, ['Alpha']) as [Feature];
    const [b] = addFeatures(bob, ['Beta']) as [Feature];
    estimate(ann, b.id, { userBusinessValue: 5, timeCriticality: 5, riskReduction: 3, jobSize: 1 });
    estimate(bob, a.id, { userBusinessValue: 2, timeCriticality: 1, riskReduction: 1, jobSize: 2 });
    expect(ann.getSnapshot().ranking.map((r) => [r.id, r.rank])).toEqual([[b.id, 1], [a.id, 2]]);
    expect(bob.getSnapshot().ranking).toEqual(ann.getSnapshot().ranking);
  });

  it('room settings changed elsewhere show on the next frame, once however many changes arrive', () => {
    const room = server();
    const model = openRoom('ann');
    room.join(model);
    const seen = vi.fn();
    model.subscribe(seen);
    setMeta(room.doc, { title: 'PI 12' });
    setMeta(room.doc, { title: 'PI 12 planning', capacity: 40 });
    expect(model.getSnapshot().meta.title).not.toBe('PI 12 planning');
    browser.nextFrame();
    expect(model.getSnapshot().meta).toMatchObject({ title: 'PI 12 planning', capacity: 40 });
    expect(seen).toHaveBeenCalledTimes(1);
  });
});

describe('RoomModel: observers, people and connection', () => {
  it('an observer can change nothing: every write is refused and the document stays as it was', () => {
    const room = server();
    const feature = createFeature(room.doc, { title: 'Alpha' }, { participantId: 'bob', now: T0 });
    const model = openRoom('olga', 'observer');
    room.join(model);
    const before = Y.encodeStateVector(model.doc);
    expect(model.canWrite).toBe(false);
    expect(addFeatures(model, ['Sneaky'])).toEqual([]);
    expect(setEstimate(model, feature.id, 'jobSize', 1)).toBe(false);
    expect(editFeature(model, feature.id, { title: 'Renamed' })).toBe(false);
    expect(removeFeature(model, feature.id)).toBeNull();
    expect(Y.encodeStateVector(model.doc)).toEqual(before);
    expect(titles(model)).toEqual(['Alpha']);
  });

  it('an observer still sees what the writers change', () => {
    const room = server();
    const model = openRoom('olga', 'observer');
    room.join(model);
    createFeature(room.doc, { title: 'Alpha' }, { participantId: 'bob', now: T0 });
    expect(titles(model)).toEqual(['Alpha']);
  });

  it('lists this screen\'s user first and online, and people seen here before as offline', () => {
    browser.storage.set(`ladder:people:${ROOM}`, JSON.stringify([{ participantId: 'bob', name: 'Bob', role: 'portfolio', color: '#e5484d' }]));
    const model = openRoom('ann', 'product', 'Ann');
    expect(model.getSnapshot().participants.map((p) => [p.name, p.online, p.isSelf])).toEqual([['Ann', true, true], ['Bob', false, false]]);
    expect(model.nameOf('ann')).toBe('You');
    expect(model.nameOf('bob')).toBe('Bob');
  });

  it('shows offline as soon as the browser loses the network', () => {
    const model = openRoom('ann');
    expect(model.getSnapshot().connection).toBe('connecting');
    browser.window.dispatchEvent(new Event('offline'));
    expect(model.getSnapshot().connection).toBe('offline');
  });

  it('after destroy nothing reaches the screen any more, and the user leaves the room\'s awareness', () => {
    const model = openRoom('ann');
    const seen = vi.fn();
    model.subscribe(seen);
    model.destroy();
    browser.window.dispatchEvent(new Event('offline'));
    expect(model.getSnapshot().connection).toBe('connecting');
    expect(seen).not.toHaveBeenCalled();
    expect(model.awareness.getLocalState()).toBeNull();
    expect(model.doc.isDestroyed).toBe(true);
  });

  it('unsubscribing stops the calls to that listener only', () => {
    const model = openRoom('ann');
    const gone = vi.fn();
    const stays = vi.fn();
    const unsubscribe = model.subscribe(gone);
    model.subscribe(stays);
    unsubscribe();
    addFeatures(model, ['Alpha']);
    expect(gone).not.toHaveBeenCalled();
    expect(stays).toHaveBeenCalled();
  });
});
