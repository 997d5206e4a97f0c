import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// In development the API and the sync socket are served by the Ladder server on :8080.
const target = process.env.LADDER_DEV_SERVER ?? 'http://localhost:8080';

const SW_TEMPLATE = new URL('./src/offline/sw.js', import.meta.url);
const SW_BUILD_LINE = "const BUILD = { version: 'dev', files: [] };";

/**
 * Writes dist/sw.js, the offline app shell, from src/offline/sw.js: it precaches every file this build puts under
 * assets/ (hashed: scripts, styles and tldraw's fonts, icons and translations) plus index.html, in a cache named
 * after a hash of those files, so each build gets its own cache and replaces the previous one.
 */
function offlineShell(): Plugin {
  return {
    name: 'ladder-offline-shell',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => name.startsWith('assets/')).sort().map((name) => `/${name}`);
      const html = bundle['index.html'];
      if (files.length === 0 || !html || html.type !== 'asset') throw new Error('offline shell: the build has no index.html or assets/');
      const template = readFileSync(SW_TEMPLATE, 'utf8');
      if (!template.includes(SW_BUILD_LINE)) throw new Error(`offline shell: src/offline/sw.js must contain ${SW_BUILD_LINE}`);
      const version = createHash('sha256').update(template).update(String(html.source)).update(files.join('\n')).digest('hex').slice(0, 16);
      const source = template.replace(SW_BUILD_LINE, `const BUILD = ${JSON.stringify({ version, files })};`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig(({ command }) => {
  // A build is always the production bundle, even when started from a test run (vitest sets NODE_ENV=test,
  // which would otherwise ship React's development build).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    plugins: [react(), offlineShell()],
    define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
    server: {
      proxy: {
        '/api': { target, changeOrigin: true },
        '/sync': { target, ws: true, changeOrigin: true },
      },
    },
    build: { chunkSizeWarningLimit: 4000, sourcemap: false },
  };
});
