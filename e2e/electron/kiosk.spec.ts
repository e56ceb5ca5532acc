// The Electron kiosk (`session-deck --kiosk FILE`): one full-screen window with only the kiosk's
// desktop; shortcuts that would leave it do not; a crashed page gets a new window; the admin chord
// and the right PIN turn it into the ordinary window with the normal UI.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPin } from '../../electron/core/kiosk/pin-hash';
import { reserveDisplay } from '../../electron/core/testing/free-display';
import { electronBinary, ELECTRON_SKIP_REASON } from '../support/electron-app';

const binary = electronBinary();
if (!binary) console.log(ELECTRON_SKIP_REASON);
test.skip(!binary, ELECTRON_SKIP_REASON);

const PIN = '8642';
let app: ElectronApplication | undefined;
let dir: string;

test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deck-electron-kiosk-'));
  const config = join(dir, 'sessions.json');
  await writeFile(config, JSON.stringify({ Desk: { script: 'xvnc', count: 1, options: { sizes: ['800x600'], display_base: await reserveDisplay(), command: 'xterm' } } }));
  const kiosk = join(dir, 'kiosk.json');
  await writeFile(kiosk, JSON.stringify({ type: 'Desk', pinHash: await hashPin(PIN, { ln: 12, r: 8, p: 1 }) }));
  app = await electron.launch({ executablePath: binary!, args: ['dist/main/index.js', '--config', config, '--data-dir', join(dir, 'data'), '--kiosk', kiosk, '--no-sandbox'] });
});

test.afterEach(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

const isKiosk = () => app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((window) => window.isKiosk()));
const connected = (page: Page) => expect(page.locator('.kiosk-viewer')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });

test('shows only the kiosk desktop, keeps its window through shortcuts and a crash, and leaves kiosk mode with the PIN', async () => {
  const page = await app!.firstWindow();
  await expect(page).toHaveURL(/\/kiosk$/);
  await connected(page);
  expect(await isKiosk()).toEqual([true]);

  for (const keys of ['F11', 'Control+Shift+I', 'F12', 'Control+w', 'Control+q', 'Control+r', 'Alt+F4']) await page.keyboard.press(keys);
  expect(await isKiosk()).toEqual([true]);
  expect(await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.isDevToolsOpened())).toBe(false);
  // Closing is refused while in kiosk mode.
  await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
  expect(await isKiosk()).toEqual([true]);

  const replaced = app!.waitForEvent('window');
  await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer());
  const fresh = await replaced;
  await expect(fresh).toHaveURL(/\/kiosk$/);
  await connected(fresh);
  expect(await isKiosk()).toEqual([true]);

  await fresh.keyboard.press('Control+Alt+Shift+F12');
  const dialog = fresh.getByRole('dialog', { name: 'Leave kiosk mode' });
  await dialog.getByLabel('Admin PIN').fill('1111');
  await dialog.getByRole('button', { name: 'Leave kiosk mode' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Wrong PIN.');
  await dialog.getByLabel('Admin PIN').fill(PIN);
  await dialog.getByRole('button', { name: 'Leave kiosk mode' }).click();
  await expect(fresh).toHaveURL(/\/$/);
  await expect(fresh.getByRole('button', { name: 'Start Desk' })).toBeVisible();
  expect(await isKiosk()).toEqual([false]);
});
