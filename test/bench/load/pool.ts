import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RoomSpec } from '../sync/client';
import type { FromWorker, ToWorker } from './messages';
import { mergeReports, type MergedReport, type WorkerPhaseReport } from './report';
import { describeSplit, splitClients, type ClientRange } from './split';

const workerScript = join(import.meta.dirname, 'worker.ts');
const live = new Set<ChildProcess>();

/** Kills every load process still running (for SIGINT and crashes). */
export function killAllLoadProcesses(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

class LoadProcess {
  readonly #child: ChildProcess;
  #waiting: { type: FromWorker['type']; resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null;
  #failure: Error | null = null;

  constructor(readonly range: ClientRange, onSent: (message: Extract<FromWorker, { type: 'sent' }>) => void) {
    this.#child = fork(workerScript, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    live.add(this.#child);
    this.#child.on('message', (raw) => {
      const message = raw as FromWorker;
      if (message.type === 'sent') onSent(message);
      else if (message.type === 'error') this.#fail(new Error(`load process for clients ${range.from}..${range.to - 1}: ${message.message}`));
      else if (this.#waiting?.type === message.type) { const w = this.#waiting; this.#waiting = null; w.resolve(message); }
    });
    this.#child.once('exit', (code, signal) => {
      live.delete(this.#child);
      this.#fail(new Error(`load process for clients ${range.from}..${range.to - 1} exited (${code ?? signal})`));
    });
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    const w = this.#waiting;
    this.#waiting = null;
    w?.reject(error);
  }

  get pid(): number { return this.#child.pid as number; }

  post(message: ToWorker): void {
    if (this.#failure) throw this.#failure;
    this.#child.send(message);
  }

  request<T extends FromWorker['type']>(message: ToWorker, reply: T): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve, reject) => {
      if (this.#failure) { reject(this.#failure); return; }
      this.#waiting = { type: reply, resolve: resolve as (m: FromWorker) => void, reject };
      this.#child.send(message);
    });
  }

  stop(): void {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.send({ type: 'close' } satisfies ToWorker, () => undefined);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 2_000);
    this.#child.once('exit', () => clearTimeout(timer));
  }
}

/**
 * The clients of one room spread over several load processes. The coordinator (this process) assigns each edit
 * to the process holding its sender; every process measures with the same clock (see clock.ts).
 */
export class LoadPool {
  readonly #processes: LoadProcess[];
  readonly #owner: LoadProcess[] = [];
  #onSent: (message: Extract<FromWorker, { type: 'sent' }>) => void = () => undefined;

  private constructor(readonly ranges: ClientRange[]) {
    this.#processes = ranges.map((range) => new LoadProcess(range, (message) => this.#onSent(message)));
    for (const p of this.#processes) for (let i = p.range.from; i < p.range.to; i++) this.#owner[i] = p;
  }

  /** Starts the load processes and connects clients `first .. first + count - 1`; resolves once all are synced. */
  static async open(options: { spec: RoomSpec; first: number; count: number; workers: number; base: number; features: number; seedState: Uint8Array | null }): Promise<LoadPool> {
    const pool = new LoadPool(splitClients(options.count, options.workers, options.first));
    try {
      await Promise.all(pool.#processes.map((p) => p.request({ type: 'init', spec: options.spec, range: p.range, base: options.base, features: options.features, seedState: options.seedState }, 'ready')));
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  describe(): string {
    return describeSplit(this.ranges);
  }

  get pids(): number[] { return this.#processes.map((p) => p.pid); }

  /** Called with the stamp and Yjs id of every edit a load process made. */
  onSent(listener: (message: Extract<FromWorker, { type: 'sent' }>) => void): void {
    this.#onSent = listener;
  }

  reset(): void { for (const p of this.#processes) p.post({ type: 'reset' }); }

  measure(): void { for (const p of this.#processes) p.post({ type: 'measure' }); }

  edit(edit: Omit<Extract<ToWorker, { type: 'edit' }>, 'type'>): void {
    const owner = this.#owner[edit.sender];
    if (!owner) throw new Error(`no load process holds client ${edit.sender}`);
    owner.post({ type: 'edit', ...edit });
  }

  /** Hands the phase's edits to every process, which wait (up to `waitMs`) for their clients to converge and report. */
  async settle(edits: Extract<ToWorker, { type: 'settle' }>['edits'], waitMs: number): Promise<MergedReport> {
    const reports: WorkerPhaseReport[] = await Promise.all(this.#processes.map(async (p) => (await p.request({ type: 'settle', edits, waitMs }, 'report')).report));
    return mergeReports(reports);
  }

  close(): void {
    for (const p of this.#processes) p.stop();
  }
}
