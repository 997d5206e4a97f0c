import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Repository root, for spawning the real server from its source. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');
const mainScript = join(repoRoot, 'apps', 'server', 'src', 'main.ts');

export interface LadderProcess {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Output the server wrote so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
  /** Remove the data directory (after stop or kill). */
  cleanup(): void;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse a data directory, e.g. to restart after a kill. */
  dataDir?: string;
  /** Fixed port, e.g. to restart on the same address. 0 picks a free one. */
  port?: number;
  timeoutMs?: number;
}

export const TEST_SECRET = 'ladder-test-secret-0123456789abcdef';

/** Starts the real server (`apps/server/src/main.ts`) as a child process and waits for its ready line. */
export async function startLadder(options: StartOptions = {}): Promise<LadderProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ladder-test-'));
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LADDER_SECRET: TEST_SECRET,
      LOG_LEVEL: process.env.LADDER_TEST_LOG_LEVEL ?? 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));

  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start within ${options.timeoutMs ?? 30_000} ms:\n${out}`)), options.timeoutMs ?? 30_000);
    const onData = () => {
      const m = /Ladder is running at http:\/\/[^:/\s]+:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); child.stdout?.off('data', onData); res(Number(m[1])); }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => { clearTimeout(timer); rej(new Error(`server exited with ${code} before it was ready:\n${out}`)); });
  });

  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    child,
    output: () => out,
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
