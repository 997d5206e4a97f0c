import { createFeature, updateFeature } from '@ladder/board-doc';
import { COMPONENTS } from '@ladder/wsjf';
import * as Y from 'yjs';
import { clockBase } from '../load/clock';
import type { EditRecord } from '../load/observe';
import { LoadPool } from '../load/pool';
import { fig, seededRandom, summarise, type LatencySummary } from '../stats';
import type { BenchClient } from './client';
import { cpuSeconds, rssMiB } from './proc';
import { cpuPerDeliveryUs } from '../confine';
import type { BenchRoom, Target } from './targets';
import { sleep } from './wait';

export const SEEDED_FEATURES = 50;

/** Writes `count` features into the document, one update per feature. */
export function seedFeatures(doc: Y.Doc, count: number, participantId: string): void {
  for (let i = 0; i < count; i++) createFeature(doc, { id: `F-${i}`, title: `Feature ${i}` }, { participantId, now: Date.now() });
}

export interface PhaseResult {
  rate: number;
  edits: number;
  latency: LatencySummary;
  /** Deliveries observed / (edits × other clients). */
  delivered: number;
  /** Edits received by clients (each edit counts once per receiving client). */
  deliveries: number;
  serverCpuSeconds: number;
  /** CPU of all load processes and the coordinator in the window. */
  loadCpuSeconds: number;
  /** CPU of the busiest load process in the window. */
  busiestLoadCpuSeconds: number;
  /** Worst p99 event-loop delay of a load process in the window, ms. */
  loadLoopDelayP99: number;
  bytesPerEdit: number;
  /** Length of the measured window, from the first measured edit until deliveries completed or gave up. */
  seconds: number;
}

/** The latency columns every table of edits shows, in this order: p50, p99, max and the share delivered. */
export function latencyFigures(result: PhaseResult): Record<string, number> {
  return {
    'p50 ms': fig(result.latency.p50),
    'p99 ms': fig(result.latency.p99),
    'max ms': fig(result.latency.max),
    'delivered %': fig(result.delivered * 100),
    // CPU time per delivered update: what a server costs, whatever else the machine was doing.
    'server CPU µs/delivery': fig(cpuPerDeliveryUs(result.serverCpuSeconds, result.deliveries) ?? NaN),
  };
}

/** The load generator's columns: its busiest process's CPU and its worst event-loop delay in the window. */
export function loadFigures(result: PhaseResult): Record<string, number> {
  return {
    'busiest load process CPU %': fig((result.busiestLoadCpuSeconds / result.seconds) * 100),
    'load loop delay p99 ms': fig(result.loadLoopDelayP99),
  };
}

/**
 * N connected clients in one room of a target, seeded with 50 features, ready to measure edit latency. The N
 * clients live in load processes (`LoadPool`); the seeding client and the edit schedule live here.
 */
export class LoadSession {
  rssNoClients = NaN;
  rssClients = NaN;
  #seeder: BenchClient | null = null;
  #pool: LoadPool | null = null;
  /** What the load processes reported of this phase's edits (stamp and Yjs id), by edit index. */
  #made = new Map<number, { stamp: number; yClient: number; clock: number }>();
  /** Edit indices run on across phases, so a late report of an earlier phase is never taken for this one's. */
  #firstIndex = 0;
  #nextIndex = 0;

  private constructor(readonly target: Target, readonly room: BenchRoom, readonly size: number) {}

  /** Opens the room, seeds it, records RSS with the room loaded and no load clients, then connects N clients in `workers` load processes. */
  static async open(target: Target, size: number, deadline: number, workers: number): Promise<LoadSession> {
    const room = await target.openRoom(size + 1);
    const session = new LoadSession(target, room, size);
    // The seeder (client 0) writes the features into the room's document through the server.
    const seeder = room.connect(0);
    session.#seeder = seeder;
    await withDeadline(seeder.synced, deadline, 'seeder sync');
    seedFeatures(seeder.doc, SEEDED_FEATURES, 'bench-seeder');
    const state = Y.encodeStateAsUpdate(seeder.doc);
    await sleep(500);
    session.rssNoClients = serverRss(target);
    // The stock client reconnects after 30 s without a message; while a thousand clients connect, the seeder's
    // edit every 5 s keeps the early ones from timing out (no presence travels). Not on the relay: a client that
    // joins later would miss the earlier beats, and it connects fast.
    let beat = 0;
    const heartbeat = setInterval(() => {
      if (target.keepsDocument) updateFeature(seeder.doc, 'F-0', { description: `heartbeat ${++beat}` });
    }, 5_000);
    let opening: Promise<LoadPool> | null = null;
    try {
      opening = LoadPool.open({
        spec: room.spec, first: 1, count: size, workers, base: clockBase(), features: SEEDED_FEATURES,
        // The relay keeps no document: its clients hold the seeded features already.
        seedState: target.keepsDocument ? null : state,
      });
      session.#pool = await withDeadline(opening, deadline, `sync of ${size} clients`);
    } catch (error) {
      // A pool that connects after the deadline is closed as soon as it is there.
      void opening?.then((pool) => pool.close(), () => undefined);
      seeder.destroy();
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
    session.#pool.onSent((m) => { if (m.index >= session.#firstIndex) session.#made.set(m.index, { stamp: m.stamp, yClient: m.yClient, clock: m.clock }); });
    await sleep(500);
    session.rssClients = serverRss(target);
    return session;
  }

  /** How the load was spread, e.g. "2 load processes × 250 clients". */
  describeLoad(): string {
    return this.#pool?.describe() ?? 'not connected';
  }

  /** Edits at `rate` per second for warm-up plus measurement; only the measured edits count. */
  async phase(rate: number, warmupMs: number, measureMs: number, seed: number): Promise<PhaseResult> {
    const pool = this.#pool;
    if (!pool) throw new Error('The session is closed.');
    const random = seededRandom(seed);
    pool.reset();
    this.#made.clear();
    this.#firstIndex = this.#nextIndex;
    const planned: { sender: number; counted: boolean }[] = [];
    const drive = async (ms: number, counted: boolean) => {
      const start = performance.now();
      let sent = 0;
      for (;;) {
        const elapsed = performance.now() - start;
        if (elapsed >= ms) break;
        const due = Math.min(Math.floor((elapsed / 1000) * rate) + 1, Math.ceil((ms / 1000) * rate));
        while (sent < due) {
          const sender = 1 + Math.floor(random() * this.size);
          const feature = Math.floor(random() * SEEDED_FEATURES);
          const component = Math.floor(random() * COMPONENTS.length);
          const pick = random();
          pool.edit({ index: this.#nextIndex++, sender, feature, component, pick });
          planned.push({ sender, counted });
          sent++;
        }
        await sleep(5);
      }
      return sent;
    };
    await drive(warmupMs, false);
    pool.measure();
    const cpu0 = serverCpu(this.target);
    const self0 = process.cpuUsage();
    const start = performance.now();
    await drive(measureMs, true);
    // The load processes make the edits in the order they were assigned; a process that fell behind (its clients
    // busy applying updates) makes them late. Wait for it, then count only the edits that were made.
    const ackDeadline = performance.now() + Math.max(30_000, 3 * measureMs);
    while (this.#made.size < planned.length && performance.now() < ackDeadline) await sleep(10);
    if (this.#made.size < planned.length) console.error(`[bench] only ${this.#made.size} of ${planned.length} edits were made by the load processes in time; the rest are left out`);
    const log: EditRecord[] = [];
    planned.forEach((p, i) => { const made = this.#made.get(this.#firstIndex + i); if (made) log.push({ ...p, ...made }); });
    const edits = log.filter((e) => e.counted).length;
    const merged = await pool.settle(log, 5_000);
    const self = process.cpuUsage(self0);
    const expected = edits * (this.size - 1);
    return {
      rate,
      edits,
      latency: summarise(merged.samples),
      delivered: expected === 0 ? NaN : merged.deliveries / expected,
      deliveries: merged.deliveries,
      serverCpuSeconds: serverCpu(this.target) - cpu0,
      loadCpuSeconds: merged.cpuSeconds + (self.user + self.system) / 1e6,
      busiestLoadCpuSeconds: merged.busiestCpuSeconds,
      loadLoopDelayP99: merged.loopDelayP99,
      bytesPerEdit: edits === 0 ? NaN : merged.wireBytes / edits,
      seconds: (performance.now() - start) / 1000,
    };
  }

  close(): void {
    this.#pool?.close();
    this.#pool = null;
    this.#seeder?.destroy();
  }
}

const pidsOf = (target: Target) => target.pids ?? [target.pid];
/** CPU seconds of every server process of the target. */
const serverCpu = (target: Target) => pidsOf(target).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
/** RSS of every server process of the target, MiB. */
const serverRss = (target: Target) => pidsOf(target).reduce((sum, pid) => sum + rssMiB(pid), 0);

function withDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}; the server may be overloaded: try fewer clients.`)), Math.max(0, deadline - performance.now()));
    }),
  ]).finally(() => clearTimeout(timer));
}
