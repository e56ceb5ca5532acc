// Every kind of VNC server the built-in scripts run, started from the UI in Debian's Chromium
// against the headless host: x11vnc on a fresh Xvfb, TigerVNC's and TightVNC's vncserver, and an
// external server the test runs itself whose password the user saves under Settings > Saved
// secrets. Each shows its desktop and takes typed text; Stop ends what the session started.
import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { findProcesses } from '../../electron/core/testing/fixtures';
import { reserveDisplay } from '../../electron/core/testing/free-display';
import { TEST_XTERM, startFromUi } from '../support/desktop';
import { expect, test } from '../support/deck-fixture';
import { openDeck, seeAndType } from '../support/see-and-type';
import { startForeignDesktop, type ForeignDesktop } from '../support/foreign-desktop';

const X11VNC = await reserveDisplay();
const TIGER = await reserveDisplay();
const TIGHT = await reserveDisplay();
const FOREIGN = await reserveDisplay();

let foreign: ForeignDesktop | undefined;

test.afterEach(async () => {
  await foreign?.stop();
  foreign = undefined;
});

const desk = (script: string, display: number, extra: Record<string, unknown> = {}) => ({
  script,
  count: 1,
  options: { sizes: ['800x600'], display_base: display, command: TEST_XTERM, ...extra },
});

/** Starts the one type from the UI, checks its desktop, keeps a picture, and stops it from the UI. */
async function startWorkStop(page: Page, type: string, label: string, picture: string): Promise<string> {
  const id = await startFromUi(page, type, '800x600');
  await seeAndType(page, label);
  await page.screenshot({ path: picture });
  return id;
}

async function stopFromUi(page: Page, id: string): Promise<void> {
  await page.getByRole('button', { name: `Stop ${id}` }).click();
  await page.getByRole('button', { name: `Stop now: ${id}` }).click();
  await expect(page.getByRole('button', { name: `Stop ${id}` })).toHaveCount(0);
}

test('x11vnc on a fresh Xvfb: desktop shown, typed text arrives, Stop ends both servers', async ({ deck }, testInfo) => {
  const { host, browser } = await deck.start({ Mirror: desk('x11vnc', X11VNC) });
  const page = await openDeck(browser.context, host.loginUrl);
  const id = await startWorkStop(page, 'Mirror', 'x11vnc', testInfo.outputPath('x11vnc.png'));
  expect(await findProcesses('Xvfb', `:${X11VNC} `)).toHaveLength(1);
  expect(await findProcesses('x11vnc', `-display :${X11VNC} `)).toHaveLength(1);
  await stopFromUi(page, id);
  await expect.poll(() => findProcesses('Xvfb', `:${X11VNC} `)).toEqual([]);
  await expect.poll(() => findProcesses('x11vnc', `-display :${X11VNC} `)).toEqual([]);
});

// Debian's `vncserver` is an alternatives link, to TigerVNC's here: without options.flavour that
// is what runs; `"flavour": "tightvnc"` picks tightvncserver.
for (const { flavour, display, server, options } of [
  { flavour: 'TigerVNC', display: TIGER, server: 'Xtigervnc', options: {} },
  { flavour: 'TightVNC', display: TIGHT, server: 'Xtightvnc', options: { flavour: 'tightvnc' } },
]) {
  test(`vncserver (${flavour}): desktop shown, typed text arrives, Stop ends its server`, async ({ deck }, testInfo) => {
    const { host, browser } = await deck.start({ Wrapped: desk('vncserver', display, options) });
    const page = await openDeck(browser.context, host.loginUrl);
    const id = await startWorkStop(page, 'Wrapped', `vncserver-${flavour}`, testInfo.outputPath(`vncserver-${flavour}.png`));
    expect(await findProcesses(server, `:${display} `)).toHaveLength(1);
    await stopFromUi(page, id);
    await expect.poll(() => findProcesses(server, `:${display} `)).toEqual([]);
  });
}

/** A port nothing listens on right now, for the foreign server (bound by the kernel, then freed). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('external server: refused until its password is saved under Saved secrets, then desktop shown, typed text arrives, the server outlives Stop', async ({ deck }, testInfo) => {
  const password = randomBytes(6).toString('base64url').slice(0, 8);
  const port = await freePort();
  const { host, browser } = await deck.start({ Lab: { script: 'external', count: 1, options: { sizes: ['800x600'], port, password_secret: 'lab-desk' } } });
  foreign = await startForeignDesktop({ display: FOREIGN, port, password });
  const page = await openDeck(browser.context, host.loginUrl);

  // Before its password is saved, the start says where to save it.
  await page.getByRole('button', { name: 'Start Lab' }).click();
  const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Lab' }) });
  await expect(card.getByRole('alert')).toContainText('no saved password named "lab-desk" (save it in Settings > Saved secrets)', { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('secret-missing.png') });
  await card.getByRole('alert').getByRole('button', { name: /^Dismiss/ }).click();

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Save a secret' });
  await form.getByLabel('Secret name').fill('lab-desk');
  await form.getByLabel('Secret value').fill(password);
  await form.getByRole('button', { name: 'Save secret' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved lab-desk.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Saved secrets' })).toContainText('lab-desk');
  await expect(form.getByLabel('Secret value')).toHaveValue('');
  await page.screenshot({ path: testInfo.outputPath('secret-saved.png') });

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Sessions' }).click();
  const id = await startWorkStop(page, 'Lab', 'external', testInfo.outputPath('external.png'));
  await stopFromUi(page, id);
  expect(foreign.running()).toBe(true); // Session Deck never stops a server it did not start
  // Session Deck never wrote the password in clear text: not in its output, nor in any of its files.
  expect(host.output()).not.toContain(password);
  const files = await readdir(join(host.dir, 'data'), { recursive: true, withFileTypes: true });
  for (const file of files.filter((entry) => entry.isFile())) {
    // Atomic writes leave short-lived temporary files that may be gone by now.
    const text = await readFile(join(file.parentPath, file.name), 'latin1').catch(() => '');
    expect(text, file.name).not.toContain(password);
  }
});
