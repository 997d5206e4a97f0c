import { createFeature, featuresMap, readMeta, updateFeature } from '@ladder/board-doc';
import { COMPONENTS } from '@ladder/wsjf';
import * as Y from 'yjs';
import { seededRandom, summarise, type LatencySummary } from '../stats';
import { wire, type BenchClient } from './client';
import { cpuSeconds, rssMiB } from './proc';
import type { BenchRoom, Target } from './targets';
import { sleep, waitUntil } from './wait';

export const SEEDED_FEATURES = 50;

/** Writes `count` features into the document, one update per feature. */
export function seedFeatures(doc: Y.Doc, count: number, participantId: string): void {
  for (let i = 0; i < count; i++) createFeature(doc, { id: `F-${i}`, title: `Feature ${i}` }, { participantId, now: Date.now() });
}

interface Edit {
  /** performance.now() when the edit was made. */
  at: number;
  /** In the measured window (not warm-up). */
  counted: boolean;
  feature: number;
  /** Position among the edits of its feature in this phase. */
  order: number;
  /** Index of the client that made it. */
  sender: number;
}

export interface PhaseResult {
  rate: number;
  edits: number;
  latency: LatencySummary;
  /** Deliveries observed / (edits × other clients). */
  delivered: number;
  serverCpuSeconds: number;
  loadCpuSeconds: number;
  bytesPerEdit: number;
  /** Length of the measured window, from the first measured edit until deliveries completed or gave up. */
  seconds: number;
}

/** N connected clients in one room of a target, seeded with 50 features, ready to measure edit latency. */
export class LoadSession {
  readonly clients: BenchClient[] = [];
  rssNoClients = NaN;
  rssClients = NaN;
  readonly #sent = new Map<number, Edit>();
  #byFeature: Edit[][] = [];
  readonly #watermarks: Int32Array[] = [];
  #latencies: number[] = [];
  #deliveries = 0;
  #seeder: BenchClient | null = null;

  private constructor(readonly target: Target, readonly room: BenchRoom, readonly size: number) {}

  /** Opens the room, seeds it, records RSS with the room loaded and no load clients, then connects N clients. */
  static async open(target: Target, size: number, deadline: number): Promise<LoadSession> {
    const room = await target.openRoom(size + 1);
    const session = new LoadSession(target, room, size);
    // The seeder (client 0) writes the features into the room's document through the server.
    const seeder = room.connect(0);
    session.#seeder = seeder;
    await withDeadline(seeder.synced, deadline, 'seeder sync');
    seedFeatures(seeder.doc, SEEDED_FEATURES, 'bench-seeder');
    const state = Y.encodeStateAsUpdate(seeder.doc);
    await sleep(500);
    session.rssNoClients = rssMiB(target.pid);
    // The stock client reconnects after 30 s without a message; while a thousand clients connect, the seeder's
    // edit every 5 s keeps the early ones from timing out (no presence travels). Not on the relay: a client that
    // joins later would miss the earlier beats, and it connects fast.
    let beat = 0;
    const heartbeat = setInterval(() => {
      if (target.keepsDocument) updateFeature(seeder.doc, 'F-0', { description: `heartbeat ${++beat}` });
    }, 5_000);
    try {
      await session.#connectAll(state, deadline);
    } finally {
      clearInterval(heartbeat);
    }
    await sleep(500);
    session.rssClients = rssMiB(target.pid);
    session.clients.forEach((client, index) => session.#observe(client, index));
    return session;
  }

  async #connectAll(state: Uint8Array, deadline: number): Promise<void> {
    const { target, room, size } = this;
    const batch = 25;
    for (let start = 1; start <= size; start += batch) {
      const group: BenchClient[] = [];
      for (let i = start; i < Math.min(size + 1, start + batch); i++) {
        const doc = new Y.Doc();
        // The relay keeps no document: its clients hold the seeded features already.
        if (!target.keepsDocument) Y.applyUpdate(doc, state);
        group.push(room.connect(i, doc));
      }
      this.clients.push(...group);
      await withDeadline(Promise.all(group.map((c) => c.synced)), deadline, `sync of clients ${start}..${start + group.length - 1}`);
    }
    await waitUntil(() => this.clients.every((c) => featuresMap(c.doc).size >= SEEDED_FEATURES), deadline, 'seeded features at every client');
  }

  /**
   * Counts an edit as observed by a client when the client sees it or a later edit of the same feature: servers
   * that batch (Ladder merges the updates of a 20 ms tick) may deliver several edits of a feature as one change.
   */
  #observe(client: BenchClient, index: number): void {
    const watermark = new Int32Array(SEEDED_FEATURES);
    featuresMap(client.doc).observeDeep((events, transaction) => {
      if (transaction.local) return;
      const now = performance.now();
      for (const event of events) {
        if (!(event instanceof Y.YMapEvent) || !event.keysChanged.has('updatedAt')) continue;
        const stamp = (event.target as Y.Map<unknown>).get('updatedAt');
        const sent = typeof stamp === 'number' ? this.#sent.get(stamp) : undefined;
        if (!sent) continue;
        const edits = this.#byFeature[sent.feature] as Edit[];
        for (let j = watermark[sent.feature] as number; j <= sent.order; j++) {
          const edit = edits[j] as Edit;
          if (!edit.counted || edit.sender === index) continue;
          this.#latencies.push(now - edit.at);
          this.#deliveries++;
        }
        watermark[sent.feature] = Math.max(watermark[sent.feature] as number, sent.order + 1);
      }
    });
    this.#watermarks.push(watermark);
  }

  /** One edit by a random client: a different estimate on a random feature, stamped with a unique `updatedAt`. */
  #edit(random: () => number, counted: boolean): void {
    const sender = Math.floor(random() * this.clients.length);
    const client = this.clients[sender] as BenchClient;
    const feature = Math.floor(random() * SEEDED_FEATURES);
    const id = `F-${feature}`;
    const component = COMPONENTS[Math.floor(random() * COMPONENTS.length)] as (typeof COMPONENTS)[number];
    const scale = readMeta(client.doc).scale;
    const current = featuresMap(client.doc).get(id)?.get(component);
    let value = scale[Math.floor(random() * scale.length)] as number;
    if (value === current) value = scale[(scale.indexOf(value) + 1) % scale.length] as number;
    const stamp = performance.timeOrigin + performance.now();
    const edits = this.#byFeature[feature] as Edit[];
    const edit: Edit = { at: performance.now(), counted, feature, order: edits.length, sender };
    edits.push(edit);
    this.#sent.set(stamp, edit);
    updateFeature(client.doc, id, { [component]: value }, { participantId: 'bench', now: stamp });
  }

  /** Edits at `rate` per second for warm-up plus measurement; only the measured edits count. */
  async phase(rate: number, warmupMs: number, measureMs: number, seed: number): Promise<PhaseResult> {
    const random = seededRandom(seed);
    this.#latencies = [];
    this.#deliveries = 0;
    this.#sent.clear();
    this.#byFeature = Array.from({ length: SEEDED_FEATURES }, () => []);
    for (const watermark of this.#watermarks) watermark.fill(0);
    await this.#drive(rate, warmupMs, random, false);
    wire.bytes = 0;
    const cpu0 = cpuSeconds(this.target.pid);
    const load0 = process.cpuUsage();
    const start = performance.now();
    const edits = await this.#drive(rate, measureMs, random, true);
    const expected = edits * (this.clients.length - 1);
    await waitUntil(() => this.#deliveries >= expected, performance.now() + 5_000, '').catch(() => undefined);
    const load = process.cpuUsage(load0);
    return {
      rate,
      edits,
      latency: summarise(this.#latencies),
      delivered: expected === 0 ? NaN : this.#deliveries / expected,
      serverCpuSeconds: cpuSeconds(this.target.pid) - cpu0,
      loadCpuSeconds: (load.user + load.system) / 1e6,
      bytesPerEdit: edits === 0 ? NaN : wire.bytes / edits,
      seconds: (performance.now() - start) / 1000,
    };
  }

  async #drive(rate: number, ms: number, random: () => number, counted: boolean): Promise<number> {
    const start = performance.now();
    let sent = 0;
    for (;;) {
      const elapsed = performance.now() - start;
      if (elapsed >= ms) break;
      const due = Math.min(Math.floor((elapsed / 1000) * rate) + 1, Math.ceil((ms / 1000) * rate));
      while (sent < due) { this.#edit(random, counted); sent++; }
      await sleep(5);
    }
    return sent;
  }

  close(): void {
    for (const client of this.clients) client.destroy();
    this.#seeder?.destroy();
  }
}

function withDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    sleep(Math.max(0, deadline - performance.now())).then(() => { throw new Error(`Timed out waiting for ${what}; the server may be overloaded: try fewer clients.`); }),
  ]);
}
