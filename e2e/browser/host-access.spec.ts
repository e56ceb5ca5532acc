// The headless host's access: the printed login link works once and leaves the address bar; the
// access token logs in through the form, never in a link; the API checks every session; and the
// flow's end state is visible through the API too.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium, type Chromium } from '../support/chromium';
import { expect, test } from '../support/deck-fixture';
import type { RunningHost } from '../support/host-process';
import { startSeeTypeStop } from '../support/session-flow';
import { findProcesses } from '../../electron/core/testing/fixtures';
import { reserveDisplay } from '../../electron/core/testing/free-display';
import { TEST_XTERM } from '../support/desktop';

const DISPLAY_BASE = await reserveDisplay();
const TYPE = 'E2E Desktop';

let host: RunningHost;
let browser: Chromium;

test.beforeEach(async ({ deck }) => {
  ({ host, browser } = await deck.start({
    [TYPE]: { script: 'xvnc', count: 1, options: { sizes: ['1024x768', '800x600'], display_base: DISPLAY_BASE, command: TEST_XTERM } },
  }));
});

test('log in with the printed link, run a session, and read its end through the API', async ({}, testInfo) => {
  expect(host.output()).toContain('log in (it works once, within 5 minutes)');
  expect(host.loginUrl).not.toContain(host.token);
  const page = await browser.context.newPage();
  await page.goto(host.loginUrl);
  await expect(page).toHaveURL(host.url); // the single-use login code left the address bar

  const id = await startSeeTypeStop(page, TYPE, '800x600', testInfo);

  const response = await fetch(`${host.url}api/sessions/${id}`, { headers: { Authorization: `Bearer ${host.token}` } });
  expect(await response.json()).toMatchObject({ id, state: 'terminated', cause: 'user_stopped', size: '800x600' });
  expect(await findProcesses('Xvnc', `:${DISPLAY_BASE} `)).toEqual([]);
});

test('the access token never works in a link, only in the login form', async () => {
  const page = await browser.context.newPage();
  const response = await page.goto(`${host.url}login?code=${encodeURIComponent(host.token)}`);
  expect(response?.status()).toBe(401);
  await expect(page.getByRole('alert')).toContainText('does not work in a link');
  await page.getByLabel('Access token').fill(host.token);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(host.url);
  await expect(page.getByRole('button', { name: `Start ${TYPE}` })).toBeVisible();
});

test('a used login link does not log in again', async () => {
  const page = await browser.context.newPage();
  await page.goto(host.loginUrl);
  await expect(page.getByRole('button', { name: `Start ${TYPE}` })).toBeVisible();
  const other = await launchChromium();
  try {
    const stranger = await other.context.newPage();
    const response = await stranger.goto(host.loginUrl);
    expect(response?.status()).toBe(401);
    await expect(stranger.getByRole('alert')).toContainText('already used');
  } finally {
    await other.close();
  }
});

test('a browser stays logged in when the host restarts, with the key kept 0600 in the data directory', async ({}, testInfo) => {
  const page = await browser.context.newPage();
  await page.goto(host.loginUrl);
  await expect(page.getByRole('button', { name: `Start ${TYPE}` })).toBeVisible();
  const keyFile = join(host.dir, 'data', 'login-key');
  const key = await readFile(keyFile, 'utf8');
  expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

  await host.restart();
  expect(await readFile(keyFile, 'utf8')).toBe(key);
  const response = await page.reload();
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('button', { name: `Start ${TYPE}` })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('logged-in-after-restart.png') });

  // A browser that never logged in is still asked to, and the restarted host's new link works.
  const other = await launchChromium();
  try {
    const stranger = await other.context.newPage();
    expect((await stranger.goto(`${host.url}`))?.status()).toBe(401);
    await stranger.goto(host.loginUrl);
    await expect(stranger).toHaveURL(host.url);
  } finally {
    await other.close();
  }
});
