// The offline app shell: once the board has been opened in a browser, it opens again there without a network
// (the room itself comes from IndexedDB and merges when the sync socket is back).
//
// This file is a template: the web build (vite.config.ts, `offlineShell`) writes it to dist/sw.js with the line
// below replaced by the build's hashed files and a version derived from them. It is never imported by the app.
//
// - Pages (`/`, `/r/<room>`): network first; without a network, the index.html cached with this build.
// - Built files under /assets/ (hashed, tldraw's fonts, icons and translations included): cache first, all of
//   them cached at install, so a reload offline right after the first visit has everything the board needs.
// - Everything else (/api/, /sync/, /metrics, /healthz, …) is left to the network and never cached.
// - A new build is a new cache: it takes over at once and the old caches are deleted.

const BUILD = { version: 'dev', files: [] };

const PREFIX = 'ladder-shell-';
const CACHE = PREFIX + BUILD.version;
const SHELL = '/index.html';
const PAGE = /^\/(r\/[^/]+\/?)?$/;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `reload`: the files themselves, not an older copy from the HTTP cache.
    await cache.addAll([SHELL, ...BUILD.files].map((url) => new Request(url, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && PAGE.test(url.pathname)) {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  }
});

async function page(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.open(CACHE).then((cache) => cache.match(SHELL));
    if (shell) return shell;
    throw error;
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  // A file this build did not list (none should be missing) is kept once it was served whole.
  if (response.ok && response.status === 200 && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}
