import * as Y from 'yjs';
import { messageAuth as MESSAGE_AUTH, WebsocketProvider } from 'y-websocket';
import { readAuthMessage } from 'y-protocols/auth';
import { IndexeddbPersistence } from 'y-indexeddb';
import { YKeyValue } from 'y-utility/y-keyvalue';
import type { Awareness } from 'y-protocols/awareness';
import {
  canvasArray, featuresMap, metaMap, rankingOf, readMeta, readRecovery, readRound, RECOVERY_KEY, roundsMap, trackFeatureChanges, WRITER_ROLES,
  type RankingRow, type RecoveryMark, type RoomMeta, type Round,
} from '@ladder/board-doc';
import { CONFLICT_NOTICE } from '@ladder/wire';
import { revokeParticipant, roster } from '../api';
import { fetchRecentEvents } from '../history/api';
import { notify } from '../ui/notices';
import type { RoomSession } from '../session';
import { colorOf } from './identity';
import { participantsOf, userOfState, type AwarenessUser, type Participant } from './participants';
import { acceptedRoundText, authorOf, describeEvents, movesBetween, recoveryText, txnKey, updatedByWritten, type ActivityItem } from './activity';

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'denied';

/** A feature's latest rank move, and the change that caused it (`why`: its line in Recent changes). */
export interface RankMoveMark { from: number | null; to: number | null; at: number; whoId: string | null; why: string }

export interface RoomSnapshot {
  meta: RoomMeta;
  ranking: RankingRow[];
  byId: ReadonlyMap<string, RankingRow>;
  connection: ConnectionState;
  /** Why the server refused the connection (close reason), when it did. */
  deniedReason: string | null;
  /** The close code of that refusal (4410: the facilitator removed this participant). */
  deniedCode: number | null;
  /** The server's state arrived at least once since the page loaded. */
  synced: boolean;
  /** The copy kept in this browser has been loaded. */
  localLoaded: boolean;
  participants: Participant[];
  activity: ActivityItem[];
  moves: ReadonlyMap<string, RankMoveMark>;
}

/** A tldraw record as stored in the `canvas` array. */
export type CanvasRecord = { id: string; typeName: string } & Record<string, unknown>;

const MAX_ACTIVITY = 30;
/** How long a rank move's badge shows (fading) after the change that caused it. */
export const MOVE_BADGE_MS = 3 * 60_000;
/** How many of the room's latest updates are searched for the author of a deletion just seen. */
const RECENT_UPDATES = 50;

function sameRow(a: RankingRow, b: RankingRow): boolean {
  const keys = Object.keys(b) as (keyof RankingRow)[];
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}

/** The wss/ws base of the server this page came from. */
export function wsBase(): string {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host;
}

/** This browser's copy of a room: the model waits for it to load and closes it with the room. */
export interface LocalCopy {
  readonly whenSynced: Promise<unknown>;
  destroy(): Promise<void>;
}

/** What ties a room's document to the server and to this browser's copy. */
export interface RoomLinks {
  provider: WebsocketProvider;
  persistence: LocalCopy;
}

/** The links of a room in the browser: the server's `/sync` (with the session's token) and an IndexedDB copy. */
export function connectRoom(roomId: string, session: RoomSession, doc: Y.Doc): RoomLinks {
  const persistence = new IndexeddbPersistence(`ladder:${roomId}:${session.participantId}`, doc);
  const provider = new WebsocketProvider(wsBase() + '/sync', roomId, doc, { params: { token: session.token } });
  return { provider, persistence };
}

/**
 * Where a room's document comes from and what ties it to the world: a new document and `connectRoom` unless given
 * (unit tests tie it to no server and no IndexedDB, and relay updates themselves).
 */
export interface RoomOptions {
  doc?: Y.Doc;
  link?: (roomId: string, session: RoomSession, doc: Y.Doc) => RoomLinks;
}

/**
 * One room in this browser: the Y.Doc, its WebSocket provider, its IndexedDB copy, awareness, and the
 * ranking derived from the document on every change (never stored). React reads it through `useRoom`.
 */
export class RoomModel {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly persistence: LocalCopy;
  readonly awareness: Awareness;
  readonly canvas: YKeyValue<CanvasRecord>;
  readonly canWrite: boolean;
  /** Room settings (scale, capacity, themes) are the facilitator's alone; the server reverts anyone else's. */
  readonly canChangeSettings: boolean;
  /** Origin of transactions this client makes through the panel and cards. */
  readonly origin = { source: 'ladder-local' };
  /** Origin of transactions that carry the tldraw store's own changes. */
  readonly storeOrigin = { source: 'ladder-store' };
  private readonly listeners = new Set<() => void>();
  private readonly known = new Map<string, AwarenessUser>();
  /** Participants the facilitator removed from the room (from the roster, or removed from this browser). */
  private readonly removed = new Set<string>();
  private snapshot: RoomSnapshot;
  private pending = 0;
  private activitySeq = 0;
  /** When the room's roster was last asked for (ms), so an unknown author asks again at most every few seconds. */
  private rosterAskedAt = -Infinity;
  private rosterTimer: ReturnType<typeof setTimeout> | null = null;
  private movesTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly cleanups: (() => void)[] = [];
  private readonly noticeListeners = new Set<(text: string) => void>();

  constructor(readonly roomId: string, readonly session: RoomSession, { doc = new Y.Doc(), link = connectRoom }: RoomOptions = {}) {
    this.doc = doc;
    this.canWrite = WRITER_ROLES.includes(session.role);
    this.canChangeSettings = session.role === 'facilitator';
    this.canvas = new YKeyValue(canvasArray(this.doc) as unknown as Y.Array<{ key: string; val: CanvasRecord }>);
    this.loadKnown();
    const links = link(roomId, session, this.doc);
    this.provider = links.provider;
    this.persistence = links.persistence;
    this.awareness = this.provider.awareness;
    this.awareness.setLocalStateField('user', {
      participantId: session.participantId, name: session.name, role: session.role, color: colorOf(session.participantId),
    } satisfies AwarenessUser);
    const ranking = rankingOf(this.doc);
    this.snapshot = {
      meta: readMeta(this.doc), ranking, byId: new Map(ranking.map((r) => [r.id, r])), connection: 'connecting', deniedReason: null, deniedCode: null,
      synced: false, localLoaded: false, participants: [], activity: [], moves: new Map(),
    };
    this.wire();
  }

  /**
   * What the server tells this client about one of its changes (a value it refused, a round's lock, an arriving value
   * kept aside as a conflict), sent as y-protocols' permission-denied message: shown to the user and passed to listeners.
   */
  onServerNotice(fn: (text: string) => void): () => void {
    this.noticeListeners.add(fn);
    return () => this.noticeListeners.delete(fn);
  }

  private wire(): void {
    const { doc, provider, persistence, awareness } = this;
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      readAuthMessage(decoder, doc, (_doc, reason) => {
        // A conflict has its own strip with its actions (ConflictsBar); anything else is told here.
        if (!reason.startsWith(CONFLICT_NOTICE)) notify({ tone: 'error', text: reason, ttl: 12_000 });
        for (const fn of this.noticeListeners) fn(reason);
      });
    };
    // Room settings (title, scale, capacity) re-derive once per frame; feature changes at once, below.
    const meta = metaMap(doc);
    // A facilitator's restore or revert that changed only settings or the canvas still gets its line (one that changed
    // features gets it from the feature changes below).
    const onMeta = (event: Y.YMapEvent<unknown>, txn: Y.Transaction) => {
      this.schedule();
      if (!event.keysChanged.has(RECOVERY_KEY) || txn.changedParentTypes.has(txnKey(featuresMap(doc)))) return;
      const recovery = this.recoveryIn(txn);
      if (recovery) this.addActivity(recovery.by.participantId, recoveryText(recovery), [], this.snapshot.ranking);
    };
    meta.observe(onMeta);
    this.cleanups.push(() => meta.unobserve(onMeta));
    this.cleanups.push(trackFeatureChanges(doc, (events, txn) => {
      const before = this.snapshot.ranking;
      const after = rankingOf(doc);
      // Loading this browser's copy and the first sync with the server bring the room in: not somebody's change.
      if (txn.origin === persistence || (txn.origin === provider && !this.snapshot.synced)) {
        this.update({}, after);
        return;
      }
      const local = txn.origin === this.origin || txn.origin === this.storeOrigin;
      // A restore or revert says so, instead of listing the features it deleted and brought back.
      const recovery = local ? null : this.recoveryIn(txn);
      const whoId = recovery?.by.participantId
        ?? (local ? this.session.participantId : authorOf(events, (id) => updatedByWritten(featuresMap(doc).get(id), txn)));
      // Someone this browser never saw connected (an import by a script, a round accepted through the API): ask the roster.
      if (whoId && !this.known.has(whoId) && whoId !== this.session.participantId) this.loadRoster();
      const titles = new Map([...before, ...after].map((r) => [r.id, r.title]));
      const titleOf = (id: string) => titles.get(id) ?? id;
      const accepted = recovery ? null : this.acceptedRoundIn(txn);
      const iterationName = (id: string) => {
        const name = doc.getMap<Y.Map<unknown>>('iterations').get(id)?.get('name');
        return typeof name === 'string' ? name : id;
      };
      const text = recovery ? recoveryText(recovery) : accepted ? acceptedRoundText(accepted, events, titleOf) : describeEvents(events, titleOf, iterationName);
      const item = this.addActivity(whoId, text, movesBetween(before, after), after);
      // A deletion writes no name into the document: the server's history knows whose connection sent it.
      const deleted = events.filter((e) => e.kind === 'deleted').map((e) => e.featureId);
      if (whoId === null && !local && deleted.length > 0) this.askDeleter(item, deleted);
    }));
    provider.on('status', ({ status }) => {
      if (this.snapshot.connection === 'denied') return;
      this.update({ connection: status === 'connected' ? 'online' : status === 'connecting' ? 'connecting' : 'offline' });
    });
    provider.on('sync', (synced: boolean) => {
      if (!synced) return;
      this.update({ synced: true });
      this.loadRoster();
    });
    provider.on('closed', ({ code, reason }) => this.update({ connection: 'denied', deniedReason: reason || 'The server refused this connection.', deniedCode: code }));
    void persistence.whenSynced.then(() => this.update({ localLoaded: true }));
    const onAwareness = () => this.refreshParticipants();
    awareness.on('change', onAwareness);
    this.cleanups.push(() => awareness.off('change', onAwareness));
    // The browser knows when the network goes away before the socket does: follow it.
    const offline = () => { provider.disconnect(); this.update({ connection: 'offline' }); };
    const online = () => { if (this.snapshot.connection !== 'denied') provider.connect(); };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.cleanups.push(() => { window.removeEventListener('offline', offline); window.removeEventListener('online', online); });
    if (!navigator.onLine) offline();
    this.refreshParticipants();
  }

  private loadKnown(): void {
    try {
      const raw = localStorage.getItem(`ladder:people:${this.roomId}`);
      const list = raw ? (JSON.parse(raw) as unknown[]) : [];
      for (const entry of list) {
        const user = userOfState({ user: entry });
        if (user) this.known.set(user.participantId, user);
      }
    } catch { /* a damaged cache only loses the offline names */ }
  }

  /** The restore or revert a remote transaction carries (the server writes its mark in the same change), or null. */
  private recoveryIn(txn: Y.Transaction): RecoveryMark | null {
    if (txn.origin === this.persistence || !this.snapshot.synced) return null;
    const keys = txn.changed.get(txnKey(metaMap(this.doc)));
    if (!keys?.has(RECOVERY_KEY)) return null;
    const mark = readRecovery(this.doc);
    // Named even if this browser never saw the facilitator connected.
    if (mark && !this.known.has(mark.by.participantId)) {
      this.known.set(mark.by.participantId, { ...mark.by, role: 'facilitator', color: colorOf(mark.by.participantId) });
    }
    return mark;
  }

  /** The estimation round a transaction accepted (the server writes the values and the round's status together), or null. */
  private acceptedRoundIn(txn: Y.Transaction): Round | null {
    const rounds = roundsMap(this.doc);
    for (const [type, keys] of txn.changed) {
      const item = type._item;
      if (!keys.has('status') || item?.parent !== rounds || typeof item.parentSub !== 'string') continue;
      const round = readRound(this.doc, item.parentSub);
      if (round?.status === 'accepted') return round;
    }
    return null;
  }

  /** One line of Recent changes, and the move badges of the features it moved. */
  private addActivity(whoId: string | null, text: string, moves: ActivityItem['moves'], after: RankingRow[]): ActivityItem {
    const item: ActivityItem = { id: ++this.activitySeq, at: Date.now(), whoId, moves, text };
    const marks = new Map(this.snapshot.moves);
    for (const m of moves) marks.set(m.featureId, { from: m.from, to: m.to, at: item.at, whoId, why: text });
    this.update({ activity: [item, ...this.snapshot.activity].slice(0, MAX_ACTIVITY), moves: marks }, after);
    if (moves.length > 0) this.expireMovesLater();
    return item;
  }

  /** Move badges fade over MOVE_BADGE_MS and then go: one timer, for the oldest badge shown. */
  private expireMovesLater(): void {
    if (this.movesTimer || this.snapshot.moves.size === 0) return;
    const oldest = Math.min(...[...this.snapshot.moves.values()].map((m) => m.at));
    this.movesTimer = setTimeout(() => {
      this.movesTimer = null;
      if (this.doc.isDestroyed) return;
      const now = Date.now();
      const kept = new Map([...this.snapshot.moves].filter(([, m]) => now - m.at < MOVE_BADGE_MS));
      if (kept.size !== this.snapshot.moves.size) this.update({ moves: kept });
      this.expireMovesLater();
    }, Math.max(0, oldest + MOVE_BADGE_MS - Date.now()) + 50);
  }

  /**
   * Names the author of a line that could not say who deleted its features, from the room's last few stored updates
   * (the server stores an update's history before any screen receives it). Offline, the line keeps "A participant".
   */
  private askDeleter(item: ActivityItem, featureIds: readonly string[]): void {
    fetchRecentEvents(this.roomId, this.session.token, RECENT_UPDATES).then((events) => {
      if (this.doc.isDestroyed) return;
      const event = events.findLast((e) => e.kind === 'deleted' && featureIds.includes(e.featureId) && e.participantId !== null);
      const whoId = event?.participantId;
      if (!whoId) return;
      if (!this.known.has(whoId) && whoId !== this.session.participantId) this.loadRoster();
      const activity = this.snapshot.activity.map((a) => (a.id === item.id ? { ...a, whoId } : a));
      const moves = new Map(this.snapshot.moves);
      for (const [featureId, mark] of moves) if (mark.at === item.at && mark.whoId === null) moves.set(featureId, { ...mark, whoId });
      this.update({ activity, moves });
    }, () => { /* offline or refused: the line stays unnamed */ });
  }

  /**
   * Adds everyone who joined the room (from the server) to the people known here, so the People list is complete and
   * changes by people never seen connected carry their names. Asked on each sync and for an unknown author, at most
   * every 5 s; without a connection the names seen so far stay.
   */
  private loadRoster(): void {
    const wait = this.rosterAskedAt + 5_000 - Date.now();
    if (wait > 0) {
      // Asked a moment ago: ask once more when the pause is over (the unknown author may have joined since).
      if (!this.rosterTimer) this.rosterTimer = setTimeout(() => { this.rosterTimer = null; this.loadRoster(); }, wait);
      return;
    }
    this.rosterAskedAt = Date.now();
    roster(this.roomId, this.session.token).then((people) => {
      if (this.doc.isDestroyed) return;
      let grew = false;
      for (const p of people) {
        if (p.revoked && !this.removed.has(p.participantId)) {
          this.removed.add(p.participantId);
          grew = true;
        }
        if (this.known.has(p.participantId)) continue;
        this.known.set(p.participantId, { participantId: p.participantId, name: p.name, role: p.role, color: colorOf(p.participantId) });
        grew = true;
      }
      if (grew) this.refreshParticipants(true);
    }, () => { /* offline or refused: the connection state says so */ });
  }

  private refreshParticipants(grown = false): void {
    let grew = grown;
    this.awareness.getStates().forEach((state) => {
      const user = userOfState(state);
      if (user && JSON.stringify(this.known.get(user.participantId)) !== JSON.stringify(user)) {
        this.known.set(user.participantId, user);
        grew = true;
      }
    });
    if (grew) {
      try { localStorage.setItem(`ladder:people:${this.roomId}`, JSON.stringify([...this.known.values()])); } catch { /* full */ }
    }
    const participants = participantsOf(this.awareness, this.known, this.removed);
    if (JSON.stringify(participants) !== JSON.stringify(this.snapshot.participants)) this.update({ participants });
  }

  /**
   * Removes a participant from the room (facilitators only; the server refuses anyone else): their token stops
   * working and their boards close, on every node. Throws ApiError with the server's message when refused.
   */
  async removeParticipant(participantId: string): Promise<void> {
    await revokeParticipant(this.roomId, this.session.token, participantId);
    this.removed.add(participantId);
    this.refreshParticipants(true);
  }

  /** Name of a participant seen in this room, for "who changed what". */
  nameOf(participantId: string | null): string | null {
    if (!participantId) return null;
    if (participantId === this.session.participantId) return 'You';
    return this.known.get(participantId)?.name ?? null;
  }

  /** Recomputes meta and ranking once per animation frame however many transactions arrive. */
  private schedule(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.update({}, rankingOf(this.doc));
    });
  }

  private update(patch: Partial<RoomSnapshot>, ranking?: RankingRow[]): void {
    const next: RoomSnapshot = { ...this.snapshot, ...patch };
    if (ranking) {
      // Keep unchanged rows and settings identical, so only what changed re-renders.
      const prev = this.snapshot.byId;
      next.ranking = ranking.map((r) => {
        const old = prev.get(r.id);
        return old && sameRow(old, r) ? old : r;
      });
      next.byId = new Map(next.ranking.map((r) => [r.id, r]));
      const meta = readMeta(this.doc);
      next.meta = JSON.stringify(meta) === JSON.stringify(this.snapshot.meta) ? this.snapshot.meta : meta;
    }
    this.snapshot = next;
    for (const fn of this.listeners) fn();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): RoomSnapshot => this.snapshot;

  destroy(): void {
    if (this.pending) cancelAnimationFrame(this.pending);
    if (this.rosterTimer) clearTimeout(this.rosterTimer);
    if (this.movesTimer) clearTimeout(this.movesTimer);
    for (const fn of this.cleanups.splice(0)) fn();
    this.awareness.setLocalState(null);
    this.provider.destroy();
    void this.persistence.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }
}
