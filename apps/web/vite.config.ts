import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the API and the sync socket are served by the Ladder server on :8080.
const target = process.env.LADDER_DEV_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target, changeOrigin: true },
      '/sync': { target, ws: true, changeOrigin: true },
    },
  },
  build: { chunkSizeWarningLimit: 4000, sourcemap: false },
});
