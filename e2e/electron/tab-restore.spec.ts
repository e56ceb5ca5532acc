// The app remembers its window across runs, though its page's origin (a loopback port) changes at
// every start and with it the page's own storage: the tabs of the sessions it re-adopts after a
// crash, the one shown, the scaling and the size last picked come back from electron-store in the
// data directory; after a clean quit (its sessions stopped) the choices still do.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reserveDisplays } from '../../electron/core/testing/free-display';
import { distinctCanvasColours } from '../support/canvas';
import { startFromUi, viewerOf, waitConnected } from '../support/desktop';
import { electronBinary, ELECTRON_SKIP_REASON } from '../support/electron-app';

const binary = electronBinary();
if (!binary) console.log(ELECTRON_SKIP_REASON);
test.skip(!binary, ELECTRON_SKIP_REASON);

const DISPLAY_BASE = binary ? await reserveDisplays(2) : 0;
const TYPES = { Desk: { script: 'xvnc', count: 2, options: { sizes: ['800x600', '1024x768'], display_base: DISPLAY_BASE, command: 'xterm -geometry 80x24+0+0' } } };

let dir: string;
let app: ElectronApplication | undefined;
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deck-electron-restore-'));
  await writeFile(join(dir, 'sessions.json'), JSON.stringify(TYPES));
});
test.afterEach(async () => {
  await app?.close().catch(() => undefined);
  app = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function run(): Promise<Page> {
  app = await electron.launch({ executablePath: binary!, args: ['dist/main/index.js', '--config', join(dir, 'sessions.json'), '--data-dir', join(dir, 'data'), '--no-sandbox'] });
  const page = await app.firstWindow();
  await expect(page.getByRole('button', { name: 'Start Desk' })).toBeVisible();
  return page;
}

const tabs = (page: Page) => page.getByRole('tablist', { name: 'Open desktops' }).getByRole('tab');
const scaling = (page: Page) => page.getByRole('toolbar', { name: 'Viewer controls' }).getByLabel('Scaling');

test('tabs, the one shown, scaling and size come back in the next run; choices outlive a clean quit', async ({}, testInfo) => {
  let page = await run();
  const firstOrigin = new URL(page.url()).origin;
  const first = await startFromUi(page, 'Desk', '800x600');
  const second = await startFromUi(page, 'Desk', '1024x768');
  await page.getByRole('tab', { name: new RegExp(first) }).click();
  await scaling(page).selectOption('actual');
  await expect.poll(() => stat(join(dir, 'data', 'ui-memory.json')).then((file) => file.mode & 0o777, () => 0)).toBe(0o600);

  // A crash: the sessions keep running and the next run re-adopts them.
  app!.process().kill('SIGKILL');
  await new Promise((resolve) => app!.process().once('exit', resolve));
  app = undefined;
  page = await run();
  expect(new URL(page.url()).origin).not.toBe(firstOrigin);
  await expect(tabs(page)).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByRole('tab', { name: new RegExp(first) })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: new RegExp(second) })).toBeVisible();
  await waitConnected(page);
  await expect.poll(() => distinctCanvasColours(viewerOf(page))).toBeGreaterThan(1);
  await expect(scaling(page)).toHaveValue('actual');
  await expect(page.getByLabel('Size for Desk')).toHaveValue('1024x768');
  await page.screenshot({ path: testInfo.outputPath('electron-tabs-after-crash.png') });

  // Stopped, then a clean quit: no tab to bring back, the choices stay.
  for (const id of [first, second]) {
    await page.getByRole('button', { name: `Stop ${id}` }).click();
    await page.getByRole('button', { name: `Stop now: ${id}` }).click();
  }
  await expect(tabs(page)).toHaveCount(0);
  await app!.close();
  app = undefined;
  page = await run();
  await expect(page.getByLabel('Size for Desk')).toHaveValue('1024x768');
  await expect(tabs(page)).toHaveCount(0);
  await startFromUi(page, 'Desk');
  await expect(scaling(page)).toHaveValue('actual');
});
