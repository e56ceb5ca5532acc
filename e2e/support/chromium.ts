// The system's Chromium (see scripts/dev/find-browser.mjs), headless, with a fresh profile per test
// (Playwright's own browsers cannot be downloaded here).
import { chromium, type BrowserContext } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserScratchDir, requireBrowser } from '../../scripts/dev/find-browser.mjs';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  context: BrowserContext;
  /** Its profile directory, which every process of this browser names on its command line. */
  profile: string;
  close(): Promise<void>;
}

export async function launchChromium(options: { viewport?: { width: number; height: number } } = {}): Promise<Chromium> {
  const browser = requireBrowser();
  const profile = await mkdtemp(join(browserScratchDir(browser, tmpdir()), 'deck-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.path,
    headless: true,
    args: FLAGS,
    viewport: options.viewport ?? { width: 1280, height: 860 },
  });
  return {
    context,
    profile,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
