// The Electron window is hardened: the page sees no Node, only the contract's named methods, and
// cannot navigate away or open windows.
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METHOD_NAMES } from '../../electron/shared/api';
import { reserveDisplay } from '../../electron/core/testing/free-display';
import { electronBinary, ELECTRON_SKIP_REASON } from '../support/electron-app';

const binary = electronBinary();
if (!binary) console.log(ELECTRON_SKIP_REASON);
test.skip(!binary, ELECTRON_SKIP_REASON);

let app: ElectronApplication | undefined;
let dir: string;

test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deck-electron-'));
  const config = join(dir, 'sessions.json');
  await writeFile(config, JSON.stringify({ Desk: { script: 'xvnc', count: 1, options: { sizes: ['800x600'], display_base: await reserveDisplay() } } }));
  app = await electron.launch({ executablePath: binary!, args: ['dist/main/index.js', '--config', config, '--data-dir', join(dir, 'data'), '--no-sandbox'] });
});

test.afterEach(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

test('the page sees no Node and only the named methods; navigation and pop-ups are blocked', async () => {
  const page = await app!.firstWindow();
  const exposure = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    api: Object.keys((globalThis as { sessionDeck?: object }).sessionDeck ?? {}).sort(),
    clipboard: Object.keys((globalThis as { sessionDeckClipboard?: object }).sessionDeckClipboard ?? {}).sort(),
  }));
  expect(exposure).toEqual({ require: 'undefined', process: 'undefined', api: [...METHOD_NAMES, 'onEvent'].sort(), clipboard: ['readText', 'writeText'] });
  const before = page.url();
  await page.evaluate(() => {
    window.location.href = 'https://example.invalid/';
  });
  await expect.poll(() => page.url()).toBe(before);
  expect(await page.evaluate(() => window.open('https://example.invalid/') === null)).toBe(true);
  expect(app!.windows()).toHaveLength(1);
});
