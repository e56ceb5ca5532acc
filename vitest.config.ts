import { defineConfig } from 'vitest/config';

// Tests live beside the code they test, in two projects:
// - unit: `*.test.ts(x)`, fast, no real X or VNC server, no browser (`npm run test:unit`);
// - integration: `*.int.test.ts`, which start real Xvnc/Xvfb/x11vnc servers, Chromium or crashing
//   child processes (`npm run test:integration`). They get generous timeouts and reserve their own
//   free X displays, so files run in parallel, each in its own process.
const ALL = ['electron/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'];
const INTEGRATION = ['electron/**/*.int.test.ts', 'scripts/**/*.int.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      // Unit tests share threads and module state across files: 2-3x faster here, and they hold no
      // process-wide state of their own (servers, displays, signal handlers) that would collide.
      { extends: true, test: { name: 'unit', include: ALL, exclude: INTEGRATION, pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'integration', include: INTEGRATION } },
    ],
  },
});
