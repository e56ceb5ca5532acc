// The `deck` fixture of the browser specs: what a test starts through it (the headless host with the
// test's session types and the system's Chromium, or a whole DeckApp for the flows) is ended after
// the test whatever happened in it. The last page is kept as a picture (end.png, or failure.png
// with the host's output when the test failed), and a process of the test still running once
// everything is closed fails the test (and is killed), so a teardown that leaves one behind shows.
//
//   test('...', async ({ deck }) => {
//     const { host, browser } = await deck.start({ Desk: { script: 'xvnc', ... } }, { viewport });
import { expect, test as base, type TestInfo } from '@playwright/test';
import { findProcessEntries } from '../../electron/core/testing/fixtures';
import { launchChromium, type Chromium } from './chromium';
import { reportFailure, type DeckApp } from './deck-app';
import { startHost, type RunningHost } from './host-process';

export interface DeckOptions {
  /** Extra host arguments; gets the host's scratch directory first, for files it reads there (a kiosk profile, a script module). */
  hostArgs?: (dir: string) => Promise<string[]>;
  viewport?: { width: number; height: number };
}

export interface Deck {
  host: RunningHost;
  browser: Chromium;
}

export interface DeckFixture {
  /** Starts the host with these session types, then Chromium (no page yet); one deck per test. */
  start(sessionTypes: unknown, options?: DeckOptions): Promise<Deck>;
  /** The host alone, for a test that needs no browser (instead of start). */
  startHost(sessionTypes: unknown, options?: Pick<DeckOptions, 'hostArgs'>): Promise<RunningHost>;
  /** Launches a Session Deck with its page open (a flow's DeckApp, browser or Electron). */
  launch(launcher: (types: unknown, viewport?: DeckOptions['viewport']) => Promise<DeckApp>, types: unknown, viewport?: DeckOptions['viewport']): Promise<DeckApp>;
}

/** Something the test started: what to keep when it ends, how to end it, what its processes name. */
interface Started {
  keep(testInfo: TestInfo): Promise<void>;
  end(): Promise<void>;
  processMarkers(): string[];
}

const failed = (testInfo: TestInfo) => testInfo.status !== testInfo.expectedStatus;

function startedDeck(host: RunningHost, browser: Chromium | undefined): Started {
  return {
    async keep(testInfo) {
      const page = browser?.context.pages().at(-1);
      await page?.screenshot({ path: testInfo.outputPath(failed(testInfo) ? 'failure.png' : 'end.png') }).catch(() => undefined);
      if (failed(testInfo)) await testInfo.attach('host output', { body: host.output(), contentType: 'text/plain' });
    },
    async end() {
      try {
        await browser?.close();
      } finally {
        await host.stop();
      }
    },
    processMarkers: () => [host.dir, ...(browser ? [browser.profile] : [])],
  };
}

/** Waits for every process naming one of the markers to end; kills those that do not and fails. */
async function expectNoProcessLeft(markers: string[]): Promise<void> {
  const left = async () => (await Promise.all(markers.map((marker) => findProcessEntries(marker)))).flat();
  try {
    await expect.poll(async () => (await left()).map((entry) => entry.cmdline), { message: 'processes of the test outlived it', timeout: 30_000 }).toEqual([]);
  } catch (error) {
    for (const { pid } of await left()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Ended meanwhile.
      }
    }
    throw error;
  }
}

export const test = base.extend<{ deck: DeckFixture }>({
  deck: async ({}, use, testInfo) => {
    const started: Started[] = [];
    let hostStarted = false;
    const fixture: DeckFixture = {
      async startHost(sessionTypes, options = {}) {
        if (hostStarted) throw new Error('deck: one host per test (start or startHost was already called)');
        hostStarted = true;
        const host = await startHost(sessionTypes, options.hostArgs);
        started.push(startedDeck(host, undefined));
        return host;
      },
      async start(sessionTypes, options = {}) {
        // The host is registered before Chromium starts, so it is stopped even if Chromium fails to.
        const host = await fixture.startHost(sessionTypes, options);
        const browser = await launchChromium(options.viewport ? { viewport: options.viewport } : {});
        started[started.length - 1] = startedDeck(host, browser);
        return { host, browser };
      },
      async launch(launcher, types, viewport) {
        const app = await launcher(types, viewport);
        started.push({ keep: (info) => reportFailure(app, info), end: () => app.close(), processMarkers: () => app.processMarkers });
        return app;
      },
    };
    await use(fixture);
    const errors: unknown[] = [];
    for (const thing of started.reverse()) {
      await thing.keep(testInfo).catch((error: unknown) => errors.push(error));
      await thing.end().catch((error: unknown) => errors.push(error));
    }
    await expectNoProcessLeft(started.flatMap((thing) => thing.processMarkers())).catch((error: unknown) => errors.push(error));
    if (errors.length > 0) throw errors[0];
  },
});

export { expect };
