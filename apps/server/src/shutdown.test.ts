import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { eventually } from '@ladder/testing';
import { startServer, type RunningServer } from './server';

// `close()` (what SIGTERM runs): stop accepting, close every socket with 1012, flush, resolve.

const dataDir = mkdtempSync(join(tmpdir(), 'ladder-shutdown-'));
let server: RunningServer | null = null;

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Watched { frames: number; opened: boolean; close: Promise<number> }

/** A raw socket on `/sync/<roomId>`: how many frames it got, and the close code it ended with (1006 when dropped or refused). */
function watch(url: string): Watched {
  const ws = new WebSocket(url);
  const watched: Watched = { frames: 0, opened: false, close: Promise.resolve(0) };
  ws.on('open', () => { watched.opened = true; });
  ws.on('message', () => { watched.frames++; });
  ws.on('error', () => undefined);
  watched.close = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  return watched;
}

describe('shutdown', () => {
  test('once close() has begun, no new socket is admitted and no new request served; open sockets get 1012', async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', secret: 'shutdown-test-secret-0123456789abcdef' });
    const created = await fetch(`${server.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Shutdown"}' });
    const { roomId, links } = (await created.json()) as { roomId: string; links: Record<string, string> };
    const invite = new URL(links.product as string).searchParams.get('invite');
    const joined = await fetch(`${server.url}/api/rooms/${roomId}/join`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite, name: 'Pat' }),
    });
    const { token } = (await joined.json()) as { token: string };
    const syncUrl = `${server.url.replace('http', 'ws')}/sync/${roomId}?token=${encodeURIComponent(token)}`;
    const open = watch(syncUrl);
    await eventually(() => open.frames > 0, 'the first socket is admitted (it gets sync step 1)');

    const closing = server.close();
    const late = watch(syncUrl);
    const request = fetch(`${server.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Too late"}' })
      .then((res) => res.status, () => 'refused');

    expect(await open.close).toBe(1012);
    expect([1012, 1006], 'a socket opened after close() began is refused or told to come back').toContain(await late.close);
    expect(late.frames, 'a socket opened after close() began was admitted to the room').toBe(0);
    expect(['refused', 503], 'a request sent after close() began was served').toContain(await request);
    await closing;
    server = null;
  });
});
