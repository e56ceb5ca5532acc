// One running Session Deck with a page on it, whichever way it runs: the headless host in Debian's
// Chromium, or the Electron app. The flows in e2e/flows/ drive a DeckApp and so run in both.
import type { Page, TestInfo } from '@playwright/test';
import { _electron as electron } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './chromium';
import { electronBinary } from './electron-app';
import { startHost } from './host-process';

export interface DeckApp {
  page: Page;
  /** Rewrites the sessions file (the app watches it). */
  writeTypes(types: unknown): Promise<void>;
  /** Calls the API from the page itself, through whichever transport the page uses. */
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  /** Output of the app, for failure reports. */
  output(): string;
  /** Fragments of the command line of every process it starts (its scratch directories), to find leftovers. */
  processMarkers: string[];
  close(): Promise<void>;
}

/** In the page: the contract through the preload (Electron) or the HTTP routes (browser). */
async function callInPage<T>(page: Page, method: string, args: unknown[]): Promise<T> {
  return page.evaluate(
    async ({ method, args }) => {
      const preload = (window as unknown as { sessionDeck?: Record<string, (...a: unknown[]) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>> }).sessionDeck;
      if (preload) {
        const result = await preload[method]!(...args);
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        return result.value;
      }
      const routes: Record<string, [string, string]> = {
        updateSettings: ['PUT', '/api/settings'],
        listSessions: ['GET', '/api/sessions'],
        listTypes: ['GET', '/api/types'],
        startSession: ['POST', '/api/sessions'],
      };
      const route = routes[method];
      if (!route) throw new Error(`no route for ${method} in the e2e helper`);
      const response = await fetch(route[1], {
        method: route[0],
        headers: { 'Content-Type': 'application/json' },
        ...(route[0] === 'GET' ? {} : { body: JSON.stringify(args[0]) }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(JSON.stringify(body));
      return body;
    },
    { method, args },
  ) as Promise<T>;
}

export async function launchBrowserDeck(types: unknown, viewport?: { width: number; height: number }): Promise<DeckApp> {
  const host = await startHost(types);
  const browser = await launchChromium(viewport ? { viewport } : {});
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });
  const page = await browser.context.newPage();
  await page.goto(host.loginUrl);
  return {
    page,
    writeTypes: (next) => writeFile(join(host.dir, 'sessions.json'), JSON.stringify(next, null, 2)),
    call: (method, ...args) => callInPage(page, method, args),
    output: host.output,
    processMarkers: [host.dir, browser.profile],
    async close() {
      await browser.close();
      await host.stop();
    },
  };
}

export async function launchElectronDeck(types: unknown): Promise<DeckApp> {
  const binary = electronBinary();
  if (!binary) throw new Error('no Electron binary');
  const dir = await mkdtemp(join(tmpdir(), 'deck-electron-'));
  const config = join(dir, 'sessions.json');
  await writeFile(config, JSON.stringify(types, null, 2));
  const app = await electron.launch({ executablePath: binary, args: ['dist/main/index.js', '--config', config, '--data-dir', join(dir, 'data'), '--no-sandbox'] });
  let output = '';
  app.process().stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const page = await app.firstWindow();
  return {
    page,
    writeTypes: (next) => writeFile(config, JSON.stringify(next, null, 2)),
    call: (method, ...args) => callInPage(page, method, args),
    output: () => output,
    processMarkers: [dir],
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Keeps a screenshot and the app's output when a test failed. */
export async function reportFailure(app: DeckApp | undefined, testInfo: TestInfo): Promise<void> {
  if (!app || testInfo.status === testInfo.expectedStatus) return;
  await app.page.screenshot({ path: testInfo.outputPath('failure.png') }).catch(() => undefined);
  await testInfo.attach('app output', { body: app.output(), contentType: 'text/plain' });
}
