// Builds the renderer once for both of its homes: Electron loads dist/renderer/index.html from file://,
// the headless host serves the same files from http://127.0.0.1:PORT/. Hence relative asset URLs.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The dev server injects an inline script (React refresh) and talks to its own WebSocket, which the
 * production CSP in index.html rightly forbids; drop that meta tag when serving, never when building.
 */
function devServerCsp(): Plugin {
  return {
    name: 'session-deck:dev-server-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''),
  };
}

export default defineConfig({
  root: fromHere('./renderer'),
  base: './',
  plugins: [react(), devServerCsp()],
  build: {
    outDir: fromHere('./dist/renderer'),
    emptyOutDir: true,
    // noVNC 1.7 is ESM-only with a top-level await.
    target: 'esnext',
    sourcemap: true,
  },
  // Keep noVNC out of dependency pre-bundling; it is already ESM and uses top-level await.
  optimizeDeps: { exclude: ['@novnc/novnc'] },
  server: { host: '127.0.0.1' },
});
