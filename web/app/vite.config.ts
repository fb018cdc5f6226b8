import { defineConfig } from 'vite';
import { fileURLToPath, URL } from 'node:url';

// The kernel serves dist/ at "/" (SPA fallback for /r/{code}); in development Vite serves the app
// and forwards the API (REST and the room WebSocket) to a local kernel.
const kernel = process.env.STREAMIT_KERNEL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Keep Vite's and Vitest's caches in the workspace's (git-ignored) node_modules.
  cacheDir: '../node_modules/.vite/app',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: {
    alias: {
      // Build against the client library's sources so the app does not depend on its dist/.
      '@streamit/client': fileURLToPath(new URL('../client/src/index.ts', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // hls.js (~520 kB) is its own chunk, loaded only when an HLS source plays without native HLS.
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: kernel, changeOrigin: false, ws: true },
      '/healthz': { target: kernel },
    },
  },
  preview: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: kernel, changeOrigin: false, ws: true },
    },
  },
});
