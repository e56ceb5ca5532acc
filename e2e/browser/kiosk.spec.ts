// The headless kiosk in Debian's Chromium: `session-deck-host --kiosk FILE` and a browser on
// /kiosk, as `chromium --kiosk --app=http://127.0.0.1:PORT/kiosk` would open it. The page starts
// its session by itself and shows it edge to edge; a killed VNC server leads to the status screen
// and then to a new session; the admin chord asks for the PIN; a wrong PIN is refused and audited,
// the right one leaves for the normal UI. The kiosk page reaches nothing but the kiosk.
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashPin } from '../../electron/core/kiosk/pin-hash';
import { reserveDisplay } from '../../electron/core/testing/free-display';
import { distinctCanvasColours } from '../support/canvas';
import type { Chromium } from '../support/chromium';
import { expect, test } from '../support/deck-fixture';
import type { RunningHost } from '../support/host-process';
import { oneDesk } from '../support/desktop';

const DISPLAY = await reserveDisplay();
const PIN = '2468';

let host: RunningHost;
let browser: Chromium;

test.beforeEach(async ({ deck }) => {
  const pinHash = await hashPin(PIN, { ln: 12, r: 8, p: 1 });
  const hostArgs = async (dir: string) => {
    const profile = join(dir, 'kiosk.json');
    await writeFile(profile, JSON.stringify({ type: 'Desk', size: 'screen', restart: 'always', pinHash }));
    return ['--kiosk', profile];
  };
  ({ host, browser } = await deck.start(oneDesk(DISPLAY), { hostArgs }));
});

const viewer = (page: Page) => page.locator('.kiosk-viewer');

async function waitForDesktop(page: Page): Promise<void> {
  await expect(viewer(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await expect.poll(() => distinctCanvasColours(viewer(page)), { timeout: 10_000 }).toBeGreaterThan(1);
}

const audit = async (kind: string) => {
  const response = await fetch(`${host.url}api/audit?kind=${kind}`, { headers: { Authorization: `Bearer ${host.token}` } });
  return ((await response.json()) as { items: { kind: string; details: Record<string, unknown> }[] }).items;
};

test('opening /kiosk shows the kiosk session by itself, edge to edge, and after its server died a new one', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${host.url}kiosk`);
  await waitForDesktop(page);
  // "screen": the desktop was resized to the window, so it fills it.
  const viewport = page.viewportSize()!;
  await expect
    .poll(async () => {
      const box = await viewer(page).locator('canvas').boundingBox();
      return box ? (box.width * box.height) / (viewport.width * viewport.height) : 0;
    })
    .toBeGreaterThanOrEqual(0.95);

  const pid = execFileSync('pgrep', ['-f', `Xvnc :${DISPLAY} `]).toString().trim().split('\n')[0];
  process.kill(Number(pid), 'SIGKILL');
  await expect(page.locator('.kiosk-status[data-kiosk-phase="ended"]')).toContainText('The session has ended');
  await expect(page.getByText('The session ended because its desktop stopped.')).toBeVisible();
  await waitForDesktop(page);
  expect((await audit('kiosk_restarted')).map((record) => record.details)).toEqual([{ reason: 'ended' }]);
});

test('the kiosk page reaches only the kiosk; a wrong PIN is refused and audited, the right one leaves kiosk mode', async () => {
  const page = await browser.context.newPage();
  // Nothing without the kiosk page's cookie, and that cookie opens nothing else.
  expect((await page.request.get(`${host.url}api/kiosk`)).status()).toBe(401);
  await page.goto(`${host.url}kiosk`);
  await waitForDesktop(page);
  expect((await page.request.get(`${host.url}api/sessions`)).status()).toBe(403);
  expect((await page.request.get(`${host.url}api/kiosk`)).status()).toBe(200);
  await page.goto(host.url);
  await expect(page).toHaveURL(`${host.url}kiosk`);
  await waitForDesktop(page);

  await page.locator('.kiosk-desktop canvas').click();
  await page.keyboard.press('Control+Alt+Shift+F12');
  const dialog = page.getByRole('dialog', { name: 'Leave kiosk mode' });
  await dialog.getByLabel('Admin PIN').fill('0000');
  await dialog.getByRole('button', { name: 'Leave kiosk mode' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Wrong PIN. 4 more tries before the kiosk waits.');
  expect((await audit('kiosk_unlock_refused')).map((record) => record.details)).toEqual([{ reason: 'wrong_pin' }]);
  expect(await audit('kiosk_unlocked')).toEqual([]);

  await dialog.getByLabel('Admin PIN').fill(PIN);
  await dialog.getByRole('button', { name: 'Leave kiosk mode' }).click();
  await expect(page).toHaveURL(host.url);
  await expect(page.getByRole('button', { name: 'Start Desk' })).toBeVisible();
  expect((await page.request.get(`${host.url}api/sessions`)).status()).toBe(200);
  expect(await audit('kiosk_unlocked')).toHaveLength(1);
});
