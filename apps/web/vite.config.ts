import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the API and the sync socket are served by the Ladder server on :8080.
const target = process.env.LADDER_DEV_SERVER ?? 'http://localhost:8080';

export default defineConfig(({ command }) => {
  // A build is always the production bundle, even when started from a test run (vitest sets NODE_ENV=test,
  // which would otherwise ship React's development build).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    plugins: [react()],
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
