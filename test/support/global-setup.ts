import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

/** Builds the web client once before the tests when needed. */
export default function setup(): void {
  buildWebClientIfStale();
}
