import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { closeProvider } from '@ladder/testing';

const script = join(import.meta.dirname, 'relay.ts');
let child: ChildProcess | null = null;
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) closeProvider(provider);
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  child = null;
});

async function startRelay(): Promise<number> {
  child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, HOST: '127.0.0.1', PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child?.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening on (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child?.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
  });
}

function client(port: number, room: string): { doc: Y.Doc; synced: Promise<void> } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  providers.push(provider);
  return { doc, synced: new Promise((resolve) => provider.once('sync', () => resolve())) };
}

describe('the floor relay', () => {
  it('answers sync step 1 itself and forwards updates to the other sockets of the room only', async () => {
    const port = await startRelay();
    const a = client(port, 'room-1');
    const b = client(port, 'room-1');
    const other = client(port, 'room-2');
    await Promise.all([a.synced, b.synced, other.synced]);

    const received = new Promise<string>((resolve) => {
      b.doc.getMap('m').observe(() => resolve(String(b.doc.getMap('m').get('a'))));
    });
    a.doc.getMap('m').set('a', 'from a');
    expect(await received).toBe('from a');
    // A later update in room-2 arrives there, so room-1's update would have arrived before it if it leaked.
    const otherSeen = new Promise<void>((resolve) => other.doc.getMap('m').observe(() => resolve()));
    const c = client(port, 'room-2');
    await c.synced;
    c.doc.getMap('m').set('k', 'from c');
    await otherSeen;
    expect(other.doc.getMap('m').get('k')).toBe('from c');
    expect(other.doc.getMap('m').has('a')).toBe(false);
  });
});
