import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createRoom, joinRoom, spawnLadder, type LadderProcess } from '../../support/server';
import { confine, type Confinement } from '../confine';
import { serverCpus } from '../sync/targets';
import { clockBase } from '../load/clock';
import { describeSplit, splitClients } from '../load/split';
import { fig, summarise } from '../stats';
import { cpuSeconds, peakRssMiB, rssMiB } from '../sync/proc';
import { mergeLoadReports, type LoadMessage, type LoadPlan, type StartEdits, type WorkerReport } from './plan';

export const log = (line: string) => console.error(`[bigroom] ${line}`);

/** How often each moving cursor sends its presence in the big room (the target: every cursor moving at 5 Hz). */
export const BIG_ROOM_PRESENCE_HZ = 5;
const loadWorker = join(import.meta.dirname, 'load-worker.ts');

/** Forks one tsx child process running `script`. */
export function forkTsx(script: string): ChildProcess {
  return fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

export interface LoadRun { report: WorkerReport; split: string }

/**
 * Splits the clients over `workers` load processes and gathers their reports. `onMeasuring` is called once,
 * when the first process starts measuring (its clients are connected).
 */
export async function runLoad(plan: Omit<LoadPlan, 'tokens' | 'offset' | 'base'>, tokens: (string | null)[], workers: number, onMeasuring: () => void = () => undefined): Promise<LoadRun> {
  const ranges = splitClients(tokens.length, workers);
  const base = clockBase();
  const children: ChildProcess[] = [];
  let measuring = 0;
  try {
    const reports = await Promise.all(ranges.map((range, w) => new Promise<WorkerReport>((resolve, reject) => {
      const child = forkTsx(loadWorker);
      children.push(child);
      child.on('message', (m) => {
        const message = m as LoadMessage;
        if (message.type === 'measuring') {
          if (++measuring === 1) onMeasuring();
          // Every process counts deliveries now: the editing one may start.
          if (measuring === ranges.length) for (const editing of plan.roomIds ? children : children.slice(0, 1)) editing.send({ type: 'edit' } satisfies StartEdits);
        } else if (message.type === 'report') resolve(message.report);
      });
      child.once('exit', (code) => reject(new Error(`load process for clients ${range.from}..${range.to - 1} exited with ${code}`)));
      // Edits come from the first process only, and so does the room churn of the soak.
      // Many rooms: every process edits in its own rooms, at its share of the rate.
      const many = plan.roomIds ? { roomIds: plan.roomIds.slice(range.from, range.to), editsPerSecond: (plan.editsPerSecond * (range.to - range.from)) / plan.roomIds.length } : {};
      const nodes = plan.nodeOfClient ? { nodeOfClient: plan.nodeOfClient.slice(range.from, range.to) } : {};
      child.send({ ...plan, base, tokens: tokens.slice(range.from, range.to), offset: range.from, editors: w === 0 ? plan.editors : 0, churnRooms: w === 0 ? plan.churnRooms : null, ...many, ...nodes } satisfies LoadPlan);
    })));
    return { report: mergeLoadReports(reports), split: describeSplit(ranges) };
  } finally {
    for (const child of children) child.kill();
  }
}

/** A Ladder room with one participant per client; returns the tokens. */
export async function ladderRoom(server: LadderProcess, clients: number): Promise<{ roomId: string; tokens: string[] }> {
  const room = await createRoom(server.url, 'Big room');
  const tokens: string[] = [];
  for (let start = 0; start < clients; start += 20) {
    const batch = Array.from({ length: Math.min(20, clients - start) }, (_, k) => joinRoom(server.url, room.roomId, room.invites.product, `Client ${start + k}`));
    tokens.push(...(await Promise.all(batch)).map((p) => p.token));
  }
  return { roomId: room.roomId, tokens };
}

/** One table row from a load run: edit latency, presence rates, server and load CPU, memory, how the load was spread. */
export function loadRow(label: string, clients: number, seconds: number, moving: number, pid: number, cpuBefore: number, run: LoadRun, confined = 'none'): Record<string, string | number> {
  const r = run.report;
  const lat = summarise(r.latencies);
  const hz = r.presenceFrames.map((f) => f / seconds).sort((a, b) => a - b);
  const entries = r.presenceEntries.reduce((s, e) => s + e, 0) / Math.max(1, r.presenceEntries.length) / seconds;
  return {
    server: label, clients, 'moving cursors': Math.round(clients * moving), connected: r.connected,
    'edit p50 ms': fig(lat.p50), 'edit p99 ms': fig(lat.p99), 'edit deliveries': lat.count,
    'presence Hz min': fig(hz[0] ?? NaN), 'presence Hz p50': fig(hz[Math.floor(hz.length / 2)] ?? NaN),
    'cursor states/s per client': fig(entries),
    'server CPU %': fig(((cpuSeconds(pid) - cpuBefore) / seconds) * 100),
    'busiest load process CPU %': fig((r.busiestCpu / seconds) * 100),
    'server RSS MiB': fig(rssMiB(pid)), 'peak RSS MiB': fig(peakRssMiB(pid)),
    load: run.split,
    confined,
  };
}

/** Ladder: one room of `clients` clients, 20 edits/s, a share `moving` of the cursors moving. */
export async function bigRoomLoad(clients: number, seconds: number, moving: number, workers: number): Promise<Record<string, string | number>> {
  const server = await spawnLadder({ env: { LOG_LEVEL: 'warn' } });
  let allowance: Confinement | null = null;
  try {
    const { roomId, tokens } = await ladderRoom(server, clients);
    const pid = server.child.pid as number;
    allowance = confine(pid, { cpus: serverCpus(), name: 'bigroom-ladder' });
    const cpu = cpuSeconds(pid);
    const run = await runLoad({ wsUrl: `${server.wsUrl}/sync`, roomId, editsPerSecond: 20, editors: 20, moving, presenceHz: BIG_ROOM_PRESENCE_HZ, seconds, churnRooms: null }, tokens, workers);
    return loadRow('Ladder', clients, seconds, moving, pid, cpu, run, allowance.label);
  } finally {
    await server.stop();
    allowance?.release();
    server.cleanup();
  }
}

/** The y-websocket 2.1.0 reference server under the same load. */
export async function referenceLoad(clients: number, seconds: number, moving: number, workers: number): Promise<Record<string, string | number>> {
  const script = join(import.meta.dirname, '..', '..', 'node_modules', 'y-websocket-reference', 'bin', 'server.cjs');
  const { createServer } = await import('node:net');
  const freePort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const child = fork(script, [], { env: { ...process.env, HOST: '127.0.0.1', PORT: String(freePort) }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let allowance: Confinement | null = null;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`reference server did not start:\n${out}`)), 30_000);
      child.stdout?.on('data', (d: Buffer) => { out += d.toString(); const m = /on port (\d+)/.exec(out); if (m) { clearTimeout(timer); resolve(Number(m[1])); } });
    });
    const pid = child.pid as number;
    allowance = confine(pid, { cpus: serverCpus(), name: 'bigroom-y-websocket' });
    const cpu = cpuSeconds(pid);
    const run = await runLoad({ wsUrl: `ws://127.0.0.1:${port}`, roomId: 'big-room', editsPerSecond: 20, editors: 20, moving, presenceHz: BIG_ROOM_PRESENCE_HZ, seconds, churnRooms: null }, new Array<null>(clients).fill(null), workers);
    return loadRow('y-websocket reference', clients, seconds, moving, pid, cpu, run, allowance.label);
  } finally {
    child.kill('SIGKILL');
    allowance?.release();
  }
}
