// The same flow in the Electron app: main + preload + IPC + the file:// renderer.
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary, ELECTRON_SKIP_REASON } from '../support/electron-app';
import { startSeeTypeStop } from '../support/session-flow';

const binary = electronBinary();
if (!binary) console.log(ELECTRON_SKIP_REASON);
test.skip(!binary, ELECTRON_SKIP_REASON);

const TYPE = 'Electron Desktop';
let app: ElectronApplication | undefined;
let dir: string;

test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deck-electron-'));
  const config = join(dir, 'sessions.json');
  await writeFile(config, JSON.stringify({ [TYPE]: { script: 'xvnc', count: 1, options: { sizes: ['800x600'], display_base: 135, command: 'xterm -geometry 80x24+0+0' } } }));
  app = await electron.launch({
    executablePath: binary!,
    args: ['dist/main/index.js', '--config', config, '--data-dir', join(dir, 'data'), '--no-sandbox'],
  });
});

test.afterEach(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

test('start a session, see it, type into it, stop it (Electron)', async ({}, testInfo) => {
  const page = await app!.firstWindow();
  // Hardened: the page sees no Node and only the contract's named methods.
  const exposure = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    api: Object.keys((globalThis as { sessionDeck?: object }).sessionDeck ?? {}).sort(),
  }));
  expect(exposure).toEqual({
    require: 'undefined',
    process: 'undefined',
    api: ['getSession', 'listSessions', 'listTypes', 'onEvent', 'openViewer', 'startSession', 'stopSession'],
  });
  await startSeeTypeStop(page, TYPE, '800x600', testInfo);
});
