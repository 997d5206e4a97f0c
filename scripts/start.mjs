// `pnpm start`: builds the web client when its build is missing or stale, then runs the server in this process.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'apps', 'web');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

if (!existsSync(join(root, 'node_modules'))) {
  console.error('Dependencies are missing: run `pnpm install` first, then `pnpm start`.');
  process.exit(1);
}

const built = join(web, 'dist', 'index.html');
const sources = Math.max(
  newest(join(web, 'src')), newest(join(web, 'index.html')), newest(join(web, 'vite.config.ts')),
  newest(join(root, 'packages')),
);
if (existsSync(join(web, 'index.html')) && (!existsSync(built) || statSync(built).mtimeMs < sources)) {
  console.log('Building the web client (first start or sources changed)…');
  try {
    execFileSync('pnpm', ['--filter', '@ladder/web', 'build'], { cwd: root, stdio: 'inherit' });
  } catch {
    console.error('The web client did not build; see the errors above.');
    process.exit(1);
  }
}

const { register } = await import('tsx/esm/api');
register();
await import(join(root, 'apps', 'server', 'src', 'main.ts'));
