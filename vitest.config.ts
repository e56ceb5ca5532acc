import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code they test. Integration tests start real VNC
// servers, so they get generous timeouts and run file-by-file in separate processes.
export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
