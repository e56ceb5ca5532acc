import { defineConfig } from 'vitest/config';

// Tests live beside the code they test, in two projects:
// - unit: `*.test.ts(x)`, fast, no real X or VNC server, no browser (`npm run test:unit`);
// - integration: `*.int.test.ts`, which start real Xvnc/Xvfb/x11vnc servers, Chromium or crashing
//   child processes (`npm run test:integration`). They get generous timeouts and reserve their own
//   free X displays, so files run in parallel, each in its own process.
const ALL = ['electron/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'];
const INTEGRATION = ['electron/**/*.int.test.ts', 'scripts/**/*.int.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ALL, exclude: INTEGRATION } },
      { extends: true, test: { name: 'integration', include: INTEGRATION } },
    ],
  },
});
