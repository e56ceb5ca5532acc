import { defineConfig } from '@playwright/test';

// End-to-end specs: browser specs drive the system's Chromium (scripts/dev/find-browser.mjs) against
// the headless host with real VNC servers; Electron specs run wherever an Electron binary exists and
// say SKIPPED elsewhere.
// One worker: the specs start real X servers and the machines have 2 cores.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  // The specs launch that Chromium or Electron themselves (no built-in page fixture) and keep
  // their own screenshots as artifacts under test-results/e2e.
  projects: [
    { name: 'browser', testMatch: /browser\/.*\.spec\.ts$/ },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts$/ },
  ],
});
