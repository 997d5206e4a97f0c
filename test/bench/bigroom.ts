import { fork, type ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { createFeature } from '@ladder/board-doc';
import { createRoom, joinRoom, startLadder, type LadderProcess } from '../support/server';
import { cpuSeconds, peakRssMiB, rssMiB } from './sync/proc';
import { fig, summarise } from './stats';

// Big rooms: one room with many clients on one node. The load runs in child processes (this file, with --worker),
// with raw y-websocket clients: each sends presence at the client's throttled rate while its cursor moves, some edit.
// `tsx test/bench/bigroom.ts [--clients 1000] [--seconds 30] [--soak-seconds 60] [--restart-clients 500] [--reference]`

export interface BigRoomTable { name: string; rows: Record<string, string | number>[] }

const WORKERS = 2;
const PRESENCE_HZ = 10; // the web client's throttle (apps/web/src/board/presence.ts)
const log = (line: string) => console.error(`[bigroom] ${line}`);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface LoadPlan {
  wsUrl: string;
  roomId: string;
  /** Per client of this worker: its token (null for servers without tokens). */
  tokens: (string | null)[];
  /** First global client index of this worker. */
  offset: number;
  editsPerSecond: number;
  editors: number;
  /** Share of clients whose cursor moves at any moment (they send presence at PRESENCE_HZ). */
  moving: number;
  seconds: number;
  /** Also open and close this many short-lived rooms (soak). */
  churnRooms: { httpUrl: string; count: number } | null;
}

interface WorkerReport {
  latencies: number[];
  presenceFrames: number[];
  presenceEntries: number[];
  connected: number;
  closed: number;
  /** CPU seconds the load process used while measuring. */
  cpu: number;
}

function frame(type: number, body: (e: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  body(encoder);
  return encoding.toUint8Array(encoder);
}

/** Child process side: runs a share of the clients and reports what they measured. */
async function runWorker(plan: LoadPlan): Promise<WorkerReport> {
  const n = plan.tokens.length;
  const report: WorkerReport = { latencies: [], presenceFrames: new Array<number>(n).fill(0), presenceEntries: new Array<number>(n).fill(0), connected: 0, closed: 0, cpu: 0 };
  const sockets: WebSocket[] = [];
  let measuring = false;
  const step1 = frame(0, (e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc())); });
  for (let i = 0; i < n; i++) {
    const token = plan.tokens[i];
    const ws = new WebSocket(`${plan.wsUrl}/${plan.roomId}${token ? `?token=${token}` : ''}`, { perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.on('error', () => {});
    ws.on('close', () => { report.closed++; });
    ws.on('open', () => { report.connected++; ws.send(step1); });
    ws.on('message', (data: Buffer) => {
      if (!measuring) return;
      if (data[0] === 1) {
        report.presenceFrames[i] = (report.presenceFrames[i] ?? 0) + 1;
        // [1, length, count, …]: the entry count follows the payload length.
        let pos = 1;
        while ((data[pos] as number) & 0x80) pos++;
        let count = 0;
        for (let shift = 0, b = 0x80; b & 0x80; shift += 7) { b = data[++pos] as number; count += (b & 0x7f) * 2 ** shift; }
        report.presenceEntries[i] = (report.presenceEntries[i] ?? 0) + count;
      } else if (data[0] === 0 && data[1] === 2) {
        const t = now();
        for (let at = data.indexOf('E#'); at >= 0; at = data.indexOf('E#', at + 2)) {
          const end = data.indexOf('#', at + 2);
          if (end > at) report.latencies.push(t - Number(data.toString('latin1', at + 2, end)));
        }
      }
    });
    sockets.push(ws);
    if (i % 50 === 49) await sleep(100);
  }
  const deadline = Date.now() + 120_000;
  while (report.connected < n && Date.now() < deadline) await sleep(100);
  await sleep(1000);
  measuring = true;
  const cpuAtStart = process.cpuUsage();
  const clientIds = sockets.map((_, i) => 1_000_000 + plan.offset + i);
  const clocks = new Array<number>(n).fill(0);
  const docs = new Map<number, Y.Doc>();
  let edits = 0;
  const editors = Math.min(plan.editors, n);
  const editEvery = editors > 0 ? 1000 / plan.editsPerSecond : Infinity;
  const started = Date.now();
  const timers: NodeJS.Timeout[] = [];
  // Presence: every 100 ms a moving client sends its cursor; which clients move rotates every 2 s.
  timers.push(setInterval(() => {
    const slot = Math.floor((Date.now() - started) / 2000);
    for (let i = 0; i < n; i++) {
      const ws = sockets[i] as WebSocket;
      if (ws.readyState !== WebSocket.OPEN || ((i * 7919 + slot * 104_729) % 1000) / 1000 >= plan.moving) continue;
      const state = JSON.stringify({ user: { name: `Client ${plan.offset + i}`, color: '#3e63dd' }, presence: { cursor: { x: Math.round(Math.random() * 2000), y: Math.round(Math.random() * 1000), type: 'default', rotation: 0 } } });
      ws.send(frame(1, (e) => {
        const inner = encoding.createEncoder();
        encoding.writeVarUint(inner, 1);
        encoding.writeVarUint(inner, clientIds[i] as number);
        encoding.writeVarUint(inner, ++(clocks[i] as number));
        encoding.writeVarString(inner, state);
        encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
      }));
    }
  }, 1000 / PRESENCE_HZ));
  if (editors > 0) {
    timers.push(setInterval(() => {
      const who = edits % editors;
      const ws = sockets[who] as WebSocket;
      edits++;
      if (ws.readyState !== WebSocket.OPEN) return;
      let doc = docs.get(who);
      if (!doc) docs.set(who, (doc = new Y.Doc()));
      let update: Uint8Array | null = null;
      doc.once('update', (u: Uint8Array) => { update = u; });
      createFeature(doc, { id: `B-${plan.offset + who}-${edits}`, title: `E#${now().toFixed(2)}#`, team: 'Atlas' }, { participantId: 'bench', now: Date.now() });
      const u = update as Uint8Array | null;
      if (u) ws.send(frame(0, (e) => { encoding.writeVarUint(e, 2); encoding.writeVarUint8Array(e, u); }));
    }, editEvery));
  }
  if (plan.churnRooms) void churn(plan.churnRooms, plan.wsUrl, plan.seconds);
  await sleep(plan.seconds * 1000);
  measuring = false;
  const used = process.cpuUsage(cpuAtStart);
  report.cpu = (used.user + used.system) / 1e6;
  for (const t of timers) clearInterval(t);
  for (const ws of sockets) ws.terminate();
  return report;
}

/** Opens and closes `count` rooms over the run: create, join, connect, send one edit, leave. */
async function churn(options: { httpUrl: string; count: number }, wsUrl: string, seconds: number): Promise<void> {
  const gap = (seconds * 1000 * 0.9) / options.count;
  for (let i = 0; i < options.count; i++) {
    const started = Date.now();
    try {
      const room = await createRoom(options.httpUrl, `Churn ${i}`);
      const person = await joinRoom(options.httpUrl, room.roomId, room.invites.product, 'Churn');
      const ws = new WebSocket(`${wsUrl}/${room.roomId}?token=${person.token}`);
      ws.on('error', () => {});
      await new Promise<void>((resolve) => { ws.once('open', () => resolve()); ws.once('close', () => resolve()); });
      ws.close();
    } catch (error) {
      log(`churn room ${i}: ${(error as Error).message}`);
    }
    await sleep(Math.max(0, gap - (Date.now() - started)));
  }
}

/** Parent side: splits the clients over worker processes and gathers their reports. */
async function runLoad(plan: Omit<LoadPlan, 'tokens' | 'offset'>, tokens: (string | null)[]): Promise<WorkerReport> {
  const per = Math.ceil(tokens.length / WORKERS);
  const children: ChildProcess[] = [];
  const reports = await Promise.all(Array.from({ length: WORKERS }, (_, w) => new Promise<WorkerReport>((resolve, reject) => {
    const child = fork(import.meta.filename, ['--worker'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    const slice = tokens.slice(w * per, (w + 1) * per);
    child.once('message', (m) => resolve(m as WorkerReport));
    child.once('exit', (code) => reject(new Error(`load worker exited with ${code}`)));
    child.send({ ...plan, tokens: slice, offset: w * per, editors: w === 0 ? plan.editors : 0, churnRooms: w === 0 ? plan.churnRooms : null });
  })));
  for (const child of children) child.kill();
  return {
    latencies: reports.flatMap((r) => r.latencies),
    presenceFrames: reports.flatMap((r) => r.presenceFrames),
    presenceEntries: reports.flatMap((r) => r.presenceEntries),
    connected: reports.reduce((s, r) => s + r.connected, 0),
    closed: reports.reduce((s, r) => s + r.closed, 0),
    cpu: reports.reduce((s, r) => s + r.cpu, 0),
  };
}

async function ladderRoom(server: LadderProcess, clients: number): Promise<{ roomId: string; tokens: string[] }> {
  const room = await createRoom(server.url, 'Big room');
  const tokens: string[] = [];
  for (let start = 0; start < clients; start += 20) {
    const batch = Array.from({ length: Math.min(20, clients - start) }, (_, k) => joinRoom(server.url, room.roomId, room.invites.product, `Client ${start + k}`));
    tokens.push(...(await Promise.all(batch)).map((p) => p.token));
  }
  return { roomId: room.roomId, tokens };
}

function loadRow(label: string, clients: number, seconds: number, moving: number, pid: number, cpuBefore: number, r: WorkerReport): Record<string, string | number> {
  const lat = summarise(r.latencies);
  const hz = r.presenceFrames.map((f) => f / seconds).sort((a, b) => a - b);
  const entries = r.presenceEntries.reduce((s, e) => s + e, 0) / Math.max(1, r.presenceEntries.length) / seconds;
  return {
    server: label, clients, 'moving cursors': Math.round(clients * moving), connected: r.connected,
    'edit p50 ms': fig(lat.p50), 'edit p99 ms': fig(lat.p99), 'edit deliveries': lat.count,
    'presence Hz min': fig(hz[0] ?? NaN), 'presence Hz p50': fig(hz[Math.floor(hz.length / 2)] ?? NaN),
    'cursor states/s per client': fig(entries),
    'server CPU %': fig(((cpuSeconds(pid) - cpuBefore) / seconds) * 100), 'load generator CPU %': fig((r.cpu / seconds) * 100), 'server RSS MiB': fig(rssMiB(pid)), 'peak RSS MiB': fig(peakRssMiB(pid)),
  };
}

async function bigRoomLoad(clients: number, seconds: number, moving: number): Promise<Record<string, string | number>> {
  const server = await startLadder({ env: { LOG_LEVEL: 'warn' } });
  try {
    const { roomId, tokens } = await ladderRoom(server, clients);
    const pid = server.child.pid as number;
    const cpu = cpuSeconds(pid);
    const report = await runLoad({ wsUrl: `${server.wsUrl}/sync`, roomId, editsPerSecond: 20, editors: 20, moving, seconds, churnRooms: null }, tokens);
    return loadRow('Ladder', clients, seconds, moving, pid, cpu, report);
  } finally {
    await server.stop();
    server.cleanup();
  }
}

async function referenceLoad(clients: number, seconds: number, moving: number): Promise<Record<string, string | number>> {
  const script = `${import.meta.dirname}/../node_modules/y-websocket-reference/bin/server.cjs`;
  const freePort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const child = fork(script, [], { env: { ...process.env, HOST: '127.0.0.1', PORT: String(freePort) }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`reference server did not start:\n${out}`)), 30_000);
      child.stdout?.on('data', (d: Buffer) => { out += d.toString(); const m = /on port (\d+)/.exec(out); if (m) { clearTimeout(timer); resolve(Number(m[1])); } });
    });
    const pid = child.pid as number;
    const cpu = cpuSeconds(pid);
    const report = await runLoad({ wsUrl: `ws://127.0.0.1:${port}`, roomId: 'big-room', editsPerSecond: 20, editors: 20, moving, seconds, churnRooms: null }, new Array<null>(clients).fill(null));
    return loadRow('y-websocket reference', clients, seconds, moving, pid, cpu, report);
  } finally {
    child.kill('SIGKILL');
  }
}

interface RestartPlan { wsUrl: string; roomId: string; tokens: string[] }

/** Child process side of the restart run: stock providers with the web client's jittered backoff. */
function runRestartWorker(plan: RestartPlan): void {
  process.setMaxListeners(0);
  const providers = plan.tokens.map((token) => {
    const provider = new WebsocketProvider(plan.wsUrl, plan.roomId, new Y.Doc(), {
      params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
    });
    provider.on('connection-close', (event) => {
      if (event?.code === 1012) provider.wsUnsuccessfulReconnects = Math.max(provider.wsUnsuccessfulReconnects, 3);
      const bound = Math.min(2 ** (provider.wsUnsuccessfulReconnects + 1) * 100, 5_000);
      provider.maxBackoffTime = Math.max(50, Math.round(Math.random() * bound));
    });
    return provider;
  });
  setInterval(() => process.send?.({ synced: providers.filter((p) => p.synced).length }), 50);
}

async function restartRun(clients: number): Promise<Record<string, string | number>> {
  let server = await startLadder({ env: { LOG_LEVEL: 'warn' } });
  const { dataDir, port } = server;
  const { roomId, tokens } = await ladderRoom(server, clients);
  const synced = new Array<number>(WORKERS).fill(0);
  const per = Math.ceil(clients / WORKERS);
  const children = Array.from({ length: WORKERS }, (_, w) => {
    const child = fork(import.meta.filename, ['--restart-worker'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m) => { synced[w] = (m as { synced: number }).synced; });
    child.send({ wsUrl: `${server.wsUrl}/sync`, roomId, tokens: tokens.slice(w * per, (w + 1) * per) });
    return child;
  });
  const total = () => synced.reduce((s, n) => s + n, 0);
  const waitAll = async (limitMs: number) => {
    const deadline = Date.now() + limitMs;
    while (total() < clients && Date.now() < deadline) await sleep(20);
    return total();
  };
  try {
    if ((await waitAll(120_000)) < clients) throw new Error(`only ${total()} of ${clients} clients synced before the restart`);
    const stopAt = now();
    await server.stop();
    await waitAll(0);
    const dropped = clients - total();
    server = await startLadder({ env: { LOG_LEVEL: 'warn' }, dataDir, port });
    const upAt = now();
    const back = await waitAll(120_000);
    const doneAt = now();
    const pid = server.child.pid as number;
    return {
      clients, 'dropped by 1012': dropped, 'back and synced': back, 'server down ms': fig(upAt - stopAt),
      'all synced after restart ms': fig(doneAt - upAt), 'total ms': fig(doneAt - stopAt), 'server RSS MiB': fig(rssMiB(pid)),
    };
  } finally {
    for (const child of children) child.kill();
    await server.stop();
    server.cleanup();
  }
}

async function soakRun(clients: number, seconds: number, rooms: number): Promise<Record<string, string | number>> {
  const server = await startLadder({ env: { LOG_LEVEL: 'warn' } });
  try {
    const { roomId, tokens } = await ladderRoom(server, clients);
    const pid = server.child.pid as number;
    const cpu = cpuSeconds(pid);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMiB(pid)), 1000);
    const report = await runLoad({ wsUrl: `${server.wsUrl}/sync`, roomId, editsPerSecond: 20, editors: 20, moving: 0.2, seconds, churnRooms: { httpUrl: server.url, count: rooms } }, tokens);
    clearInterval(sampler);
    const firstPart = samples[Math.floor(samples.length / 4)] ?? NaN;
    const last = samples.at(-1) ?? NaN;
    const row = loadRow('Ladder soak', clients, seconds, 0.2, pid, cpu, report);
    return { ...row, 'rooms opened and closed': rooms, 'RSS after first quarter MiB': fig(firstPart), 'RSS at end MiB': fig(last), 'RSS growth MiB': fig(last - firstPart) };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

export interface BigRoomOptions {
  clients: number;
  seconds: number;
  /** Share of clients moving their cursor at any moment. */
  moving: number[];
  restartClients: number;
  soakSeconds: number;
  soakRooms: number;
  reference: boolean;
}

export const DEFAULT_BIG_ROOM: BigRoomOptions = { clients: 1000, seconds: 30, moving: [0.05, 1], restartClients: 500, soakSeconds: 60, soakRooms: 1000, reference: true };

/** The big-room benchmark as one table (for `pnpm bench`): every row names its part. */
export async function benchBigRoom(options: Partial<BigRoomOptions> = {}): Promise<BigRoomTable> {
  const tables = await benchBigRoomTables(options);
  return { name: 'Big room: load, restart, soak', rows: tables.flatMap((t) => t.rows.map((row) => ({ part: t.name, ...row }))) };
}

/** The big-room benchmark: load, restart and soak tables (`tsx test/bench/bigroom.ts`). */
export async function benchBigRoomTables(options: Partial<BigRoomOptions> = {}): Promise<BigRoomTable[]> {
  const o = { ...DEFAULT_BIG_ROOM, ...options };
  const load: BigRoomTable = { name: `Big room: ${o.clients} clients, 20 edits/s, presence at ${PRESENCE_HZ} Hz per moving cursor, ${o.seconds} s`, rows: [] };
  for (const moving of o.moving) {
    log(`load: Ladder, ${o.clients} clients, ${moving * 100} % moving`);
    load.rows.push(await bigRoomLoad(o.clients, o.seconds, moving));
    if (o.reference && moving <= 0.1) {
      log(`load: y-websocket reference, ${o.clients} clients, ${moving * 100} % moving`);
      load.rows.push(await referenceLoad(o.clients, o.seconds, moving));
    }
  }
  const tables = [load];
  if (o.restartClients > 0) {
    log(`restart under ${o.restartClients} clients`);
    tables.push({ name: `Restart under ${o.restartClients} connected clients (SIGTERM, 1012, same port)`, rows: [await restartRun(o.restartClients)] });
  }
  if (o.soakSeconds > 0) {
    log(`soak: 300 clients, ${o.soakSeconds} s, ${o.soakRooms} rooms opened and closed`);
    tables.push({ name: `Soak: 300 clients, ${o.soakSeconds} s (10 min with --soak-seconds 600)`, rows: [await soakRun(300, o.soakSeconds, o.soakRooms)] });
  }
  return tables;
}

function parseCli(argv: readonly string[]): Partial<BigRoomOptions> {
  const o: Partial<BigRoomOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--clients': o.clients = Number(value); i++; break;
      case '--seconds': o.seconds = Number(value); i++; break;
      case '--moving': o.moving = String(value).split(',').map(Number); i++; break;
      case '--restart-clients': o.restartClients = Number(value); i++; break;
      case '--soak-seconds': o.soakSeconds = Number(value); i++; break;
      case '--soak-rooms': o.soakRooms = Number(value); i++; break;
      case '--no-reference': o.reference = false; break;
      default: break;
    }
  }
  return o;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain && process.argv.includes('--worker')) {
  process.once('message', (plan) => { void runWorker(plan as LoadPlan).then((report) => process.send?.(report, () => process.exit(0))); });
} else if (isMain && process.argv.includes('--restart-worker')) {
  process.once('message', (plan) => runRestartWorker(plan as RestartPlan));
} else if (isMain) {
  benchBigRoomTables(parseCli(process.argv.slice(2))).then((tables) => {
    for (const table of tables) {
      console.log(`\n${table.name}`);
      console.table(table.rows);
    }
    console.log(JSON.stringify(tables));
    process.exit(0);
  }, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
