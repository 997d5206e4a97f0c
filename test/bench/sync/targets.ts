import { spawn, type ChildProcess } from 'node:child_process';
import { confine, type Confinement } from '../confine';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as Y from 'yjs';
import { createRoom, joinRoom, repoRoot } from '../../support/server';
import { connectClient, type BenchClient, type RoomSpec } from './client';

export const SERVER_NAMES = ['ladder', 'y-websocket', 'hocuspocus', 'relay'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

export const SERVER_LABELS: Record<ServerName, string> = {
  ladder: 'Ladder (SQLite, durable log + history)',
  'y-websocket': 'y-websocket 2.1.0 reference server (in memory)',
  hocuspocus: 'Hocuspocus 3 (no extensions, in memory)',
  relay: 'floor: relay, no document',
};

/** A room on a target: its name, what a load process needs to connect its clients, and a way to connect one here. */
export interface BenchRoom {
  name: string;
  spec: RoomSpec;
  connect(index: number, doc?: Y.Doc): BenchClient;
}

/** A room whose clients connect through `spec`. */
export function roomOf(spec: RoomSpec): BenchRoom {
  return { name: spec.room, spec, connect: (index, doc) => connectClient(spec, index, doc) };
}

/** A running server under test, in its own child process. */
export interface Target {
  name: ServerName | 'ladder-cluster';
  pid: number;
  /** Every server process of the target (several for a cluster); defaults to `[pid]`. */
  pids?: number[];
  /** False for the relay: new clients get no document from it. */
  keepsDocument: boolean;
  /** How its processes are held to their CPU allowance (`confine.ts`), as the tables print it. */
  confinement?: string;
  /** Prepares a room for `clients` connections (Ladder: creates it and joins one participant per client). */
  openRoom(clients: number): Promise<BenchRoom>;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();

/** SIGKILLs every server child still running (for SIGINT and crashes). */
export function killAllServers(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function spawnServer(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; port: number }> {
  // DATABASE_URL and REDIS_URL are for the multi-node part: every server here runs alone, on its own storage.
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start within 30 s:\n${out}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = ready.exec(out);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}`)); });
  });
  return { child, port };
}

/** The CPU allowance of each server process under test: `BENCH_SERVER_CPUS` (default 1 CPU). */
export function serverCpus(): number {
  const value = Number(process.env.BENCH_SERVER_CPUS ?? '1');
  return Number.isFinite(value) && value > 0 ? value : 1;
}

/** The allowance the next targets start with (`startTarget`'s `cpus`, else `serverCpus()`). */
let allowanceCpus: number | null = null;

/** Holds a just-started server to its allowance; the target's `stop` releases it. */
function confined(child: ChildProcess, name: string): Confinement {
  return confine(child.pid as number, { cpus: allowanceCpus ?? serverCpus(), name });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

const BENCH_SECRET = 'ladder-bench-secret-0123456789abcdef';

let roomCounter = 0;
const nextRoomName = () => `bench-${process.pid}-${++roomCounter}`;

async function startLadderTarget(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ladder-bench-'));
  // BENCH_LADDER_CPU_PROF=<dir> writes a V8 CPU profile of each Ladder run there (node --cpu-prof).
  const profileDir = process.env.BENCH_LADDER_CPU_PROF;
  const { child, port } = await spawnServer(
    [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx', join(repoRoot, 'apps', 'server', 'src', 'main.ts')],
    { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LADDER_SECRET: BENCH_SECRET, LOG_LEVEL: 'warn' },
    /Ladder is running at http:\/\/[^:/\s]+:(\d+)/,
  );
  const ladder = { url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` };
  const allowance = confined(child, 'ladder');
  return {
    name: 'ladder',
    pid: child.pid as number,
    keepsDocument: true,
    confinement: allowance.label,
    async openRoom(clients) {
      const room = await createRoom(ladder.url, 'Benchmark room');
      const tokens: string[] = new Array<string>(clients);
      const batch = 20;
      for (let start = 0; start < clients; start += batch) {
        const joins = [];
        for (let i = start; i < Math.min(clients, start + batch); i++) {
          joins.push(joinRoom(ladder.url, room.roomId, room.invites.product, `client ${i}`).then((p) => { tokens[i] = p.token; }));
        }
        await Promise.all(joins);
      }
      return roomOf({ provider: 'y-websocket', urls: [`${ladder.wsUrl}/sync`], room: room.roomId, tokens });
    },
    async stop() {
      await stopChild(child);
      allowance.release();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startReference(): Promise<Target> {
  const script = join(repoRoot, 'test', 'node_modules', 'y-websocket-reference', 'bin', 'server.cjs');
  const port = await freePort();
  const { child } = await spawnServer([script], { HOST: '127.0.0.1', PORT: String(port) }, /on port (\d+)/);
  const url = `ws://127.0.0.1:${port}`;
  const allowance = confined(child, 'y-websocket');
  return {
    name: 'y-websocket',
    pid: child.pid as number,
    keepsDocument: true,
    confinement: allowance.label,
    openRoom: async () => {
      return roomOf({ provider: 'y-websocket', urls: [url], room: nextRoomName(), tokens: null });
    },
    stop: async () => { await stopChild(child); allowance.release(); },
  };
}

async function startOwn(name: 'hocuspocus' | 'relay'): Promise<Target> {
  const script = join(repoRoot, 'test', 'bench', 'servers', `${name}.ts`);
  const { child, port } = await spawnServer(['--import', 'tsx', script], { HOST: '127.0.0.1', PORT: '0' }, /listening on (\d+)/);
  const url = `ws://127.0.0.1:${port}`;
  const allowance = confined(child, name);
  return {
    name,
    pid: child.pid as number,
    keepsDocument: name === 'hocuspocus',
    confinement: allowance.label,
    openRoom: async () => {
      return roomOf({ provider: name === 'hocuspocus' ? 'hocuspocus' : 'y-websocket', urls: [url], room: nextRoomName(), tokens: null });
    },
    stop: async () => { await stopChild(child); allowance.release(); },
  };
}

/** Starts a server as a target, held to `cpus` CPUs (default `serverCpus()`). */
export async function startTarget(name: ServerName, cpus?: number): Promise<Target> {
  allowanceCpus = cpus ?? null;
  try {
    switch (name) {
      case 'ladder': return await startLadderTarget();
      case 'y-websocket': return await startReference();
      case 'hocuspocus': return await startOwn('hocuspocus');
      case 'relay': return await startOwn('relay');
    }
  } finally {
    allowanceCpus = null;
  }
}
