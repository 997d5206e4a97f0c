import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { loadConfig, scaleOutOptionsFromEnv, startServer } from '@ladder/server';

/** Repository root, for spawning the real server from its source. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');
const mainScript = join(repoRoot, 'apps', 'server', 'src', 'main.ts');

/** A running Ladder server of a test, in this process or in a child process. */
export interface LadderServer {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  /** What the server logged so far (its last 256 KiB), for failure messages. */
  output(): string;
  /** Shuts down as on SIGTERM (sockets closed with 1012, storage flushed); returns the exit code (0 in process). */
  stop(): Promise<number | null>;
  /** Removes the data directory (after stop). */
  cleanup(): void;
}

/** A server in a child process: for the tests that kill it, send it a signal or read its exit code. */
export interface LadderProcess extends LadderServer {
  child: ChildProcess;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** The server's environment variables on top of the tests' defaults (CONTRACT.md, "Server configuration"). */
  env?: Record<string, string>;
  /** Reuse a data directory, e.g. to restart after a stop or a kill. */
  dataDir?: string;
  /** Fixed port, e.g. to restart on the same address. 0 picks a free one. */
  port?: number;
  timeoutMs?: number;
  /** Node's own flags before the server's script, e.g. `--cpu-prof` for a benchmark's profile. */
  nodeArgs?: string[];
}

export const TEST_SECRET = 'ladder-test-secret-0123456789abcdef';
const KEPT_OUTPUT = 256 * 1024;

function environment(options: StartOptions, dataDir: string): Record<string, string> {
  return {
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LADDER_SECRET: TEST_SECRET,
    LOG_LEVEL: process.env.LADDER_TEST_LOG_LEVEL ?? 'warn',
    ...options.env,
  };
}

/** Keeps the tail of a log, so a long test cannot grow it without bound. */
function logTail(): { write(text: string): void; text(): string } {
  let out = '';
  return {
    write(text) {
      out += text;
      if (out.length > 2 * KEPT_OUTPUT) out = out.slice(-KEPT_OUTPUT);
    },
    text: () => out.slice(-KEPT_OUTPUT),
  };
}

/**
 * Starts the real server (`startServer`, configured from the same environment variables as `pnpm start`) in this
 * process on port 0. The default for every test that does not kill the server or read its exit code.
 */
export async function startLadder(options: StartOptions = {}): Promise<LadderServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ladder-test-'));
  const env = environment(options, dataDir);
  const config = loadConfig(env);
  const log = logTail();
  const logger = pino({ level: config.logLevel, base: { service: 'ladder' } }, { write: (line: string) => log.write(line) });
  const server = await startServer({ ...config, ...scaleOutOptionsFromEnv(env), logger });
  let stopped: Promise<number | null> | null = null;
  return {
    url: server.url,
    wsUrl: server.url.replace(/^http/, 'ws'),
    port: server.port,
    dataDir,
    output: log.text,
    stop() {
      stopped ??= server.close().then(() => 0);
      return stopped;
    },
    cleanup() { rmSync(dataDir, { recursive: true, force: true }); },
  };
}

/** Starts the real server (`apps/server/src/main.ts`) as a child process and waits for its ready line. */
export async function spawnLadder(options: StartOptions = {}): Promise<LadderProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ladder-test-'));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', mainScript], {
    cwd: repoRoot,
    env: { ...process.env, ...environment(options, dataDir) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = logTail();
  child.stdout?.on('data', (d: Buffer) => log.write(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log.write(d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));

  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start within ${options.timeoutMs ?? 30_000} ms:\n${log.text()}`)), options.timeoutMs ?? 30_000);
    const onData = () => {
      const m = /Ladder is running at http:\/\/[^:/\s]+:(\d+)/.exec(log.text());
      if (m) { clearTimeout(timer); child.stdout?.off('data', onData); res(Number(m[1])); }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => { clearTimeout(timer); rej(new Error(`server exited with ${code} before it was ready:\n${log.text()}`)); });
  });

  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    child,
    output: log.text,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    cleanup() { rmSync(dataDir, { recursive: true, force: true }); },
  };
}

export type Role = 'facilitator' | 'product' | 'portfolio' | 'observer';

export interface CreatedRoom {
  roomId: string;
  links: Record<Role, string>;
  invites: Record<Role, string>;
}

/** `POST /api/rooms`, returning the links and the invite tokens they carry. */
export async function createRoom(url: string, title = 'PI 26.1 planning'): Promise<CreatedRoom> {
  const res = await fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`POST /api/rooms answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { roomId: string; links: Record<Role, string> };
  const invites = Object.fromEntries(
    Object.entries(body.links).map(([role, link]) => [role, new URL(link).searchParams.get('invite') ?? '']),
  ) as Record<Role, string>;
  return { roomId: body.roomId, links: body.links, invites };
}

export interface Participant { participantId: string; role: Role; token: string }

/** `POST /api/rooms/:roomId/join` with an invite token. */
export async function joinRoom(url: string, roomId: string, invite: string, name: string): Promise<Participant> {
  const res = await fetch(`${url}/api/rooms/${roomId}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ invite, name }),
  });
  if (res.status !== 200) throw new Error(`join answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Participant;
}
