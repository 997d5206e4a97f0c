import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchBrowserServer } from './browser';

const root = join(import.meta.dirname, '..', '..');

/** Newest modification time of any file under dir (node_modules and dist excluded). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

/** Builds the web client when its build is missing or older than its sources (tests and the web benchmark need it). */
export function buildWebClientIfStale(): void {
  const web = join(root, 'apps', 'web');
  if (!existsSync(join(web, 'package.json')) || !existsSync(join(web, 'index.html'))) return;
  const built = join(web, 'dist', 'index.html');
  const sources = Math.max(newest(join(web, 'src')), newest(join(root, 'packages')), statSync(join(web, 'index.html')).mtimeMs, statSync(join(web, 'vite.config.ts')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log('Building the web client (its build is missing or older than its sources)…');
  execFileSync('pnpm', ['--filter', '@ladder/web', 'build'], { cwd: root, stdio: 'inherit' });
}

/**
 * The browser project's setup: builds the web client when needed, and starts one headless Chromium per worker; each
 * test file connects to its worker's (`chromiumEndpoint`) and opens a fresh context per person it plays.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildWebClientIfStale();
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  const servers = await Promise.all(Array.from({ length: workers }, () => launchBrowserServer()));
  project.provide('chromiumEndpoints', servers.map((server) => server.wsEndpoint()));
  return async () => {
    await Promise.all(servers.map((server) => server.close()));
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** One Chromium's address for each worker of the browser project. */
    chromiumEndpoints: string[];
  }
}
