// Builds the share page (/share/<id>, served by the host without a login) on its own, into
// dist/renderer/share/: the host serves that folder, and only it, to anyone with a link.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: fromHere('./renderer'),
  // Relative asset URLs: share.html is served at /share/<id>, so ./assets/ is /share/assets/.
  base: './',
  publicDir: false,
  build: {
    outDir: fromHere('./dist/renderer/share'),
    emptyOutDir: true,
    // noVNC 1.7 is ESM-only with a top-level await.
    target: 'esnext',
    sourcemap: true,
    rolldownOptions: { input: fromHere('./renderer/share.html') },
  },
  optimizeDeps: { exclude: ['@novnc/novnc'] },
});
