import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../server';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(webDir: string): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ladder-static-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, webDir, logLevel: 'silent' });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }), () => server.close());
  return server;
}

describe('the web client', () => {
  test('served from the web build, with /r/:roomId falling back to index.html', async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'ladder-web-'));
    cleanups.push(() => rmSync(webDir, { recursive: true, force: true }));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Ladder board</title>');
    writeFileSync(join(webDir, 'assets', 'app.js'), 'console.log("app")');
    const server = await serve(webDir);
    const home = await fetch(`${server.url}/`);
    expect(await home.text()).toContain('Ladder board');
    const page = await fetch(`${server.url}/r/abcdefghijklmnopqrstuv?invite=x`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Ladder board');
    // The page is checked for a new build on every visit, as `/` and as the room fallback alike.
    expect(home.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await (await fetch(`${server.url}/assets/app.js`)).text()).toContain('app');
    const missing = await fetch(`${server.url}/assets/missing.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not_found' });
    // A browser asking for a page that does not exist gets a page saying so, with the way home; an API client, JSON.
    const lost = await fetch(`${server.url}/no/such/page`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(lost.status).toBe(404);
    expect(lost.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await lost.text()).toContain('<a href="/">create a room</a>');
    const lostApi = await fetch(`${server.url}/api/no-such-route`, { headers: { accept: 'text/html' } });
    expect(lostApi.status).toBe(404);
    expect(await lostApi.json()).toMatchObject({ error: 'not_found' });
    const traversal = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`);
    expect([400, 403, 404]).toContain(traversal.status);
  });

  test('the service worker (sw.js) is JavaScript that browsers check for a new build on every visit; assets are not', async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'ladder-web-'));
    cleanups.push(() => rmSync(webDir, { recursive: true, force: true }));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Ladder board</title>');
    writeFileSync(join(webDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(webDir, 'assets', 'sw.js'), 'console.log("not the worker")');
    const server = await serve(webDir);
    const worker = await fetch(`${server.url}/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toMatch(/^(application|text)\/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(await worker.text()).toContain('addEventListener');
    const other = await fetch(`${server.url}/assets/sw.js`);
    expect(other.status).toBe(200);
    expect(other.headers.get('cache-control')).not.toBe('no-cache');
  });

  test('without a build, / says how to build it', async () => {
    const server = await serve(join(tmpdir(), 'ladder-no-such-build-dir'));
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('pnpm build');
  });
});
