// A host that goes down and comes back (killed, as a crash or an OOM kill would, then started again on
// the same port and data directory) re-adopts the sessions still running: in Debian's Chromium the
// open page gets its tabs, the one shown and the pictures back by itself, and a page loaded afresh
// does too, both without logging in again.
import type { Page } from '@playwright/test';
import { reserveDisplays } from '../../electron/core/testing/free-display';
import { distinctCanvasColours } from '../support/canvas';
import { startFromUi, viewerOf } from '../support/desktop';
import { expect, test } from '../support/deck-fixture';

const DISPLAY_BASE = await reserveDisplays(2);
const TYPES = {
  Desk: { script: 'xvnc', count: 2, options: { sizes: ['800x600', '1024x768'], display_base: DISPLAY_BASE, command: 'xterm -geometry 80x24+0+0' } },
};

const tabs = (page: Page) => page.getByRole('tablist', { name: 'Open desktops' }).getByRole('tab');

interface ListedSession {
  id: string;
  state: string;
}

/** The sessions as the page's own origin lists them, with the page's cookie (no token). */
const listed = (page: Page) =>
  page.evaluate(async () => {
    const response = await fetch('/api/sessions', { headers: { Accept: 'application/json' } });
    return { status: response.status, sessions: response.ok ? ((await response.json()) as ListedSession[]) : [] };
  });

/** Both tabs are there, the first is shown, connected, and its desktop shows more than one colour. */
async function expectTabsBack(page: Page, first: string, second: string): Promise<void> {
  await expect(tabs(page)).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByRole('tab', { name: new RegExp(second) })).toBeVisible();
  await expect(page.getByRole('tab', { name: new RegExp(first) })).toHaveAttribute('aria-selected', 'true');
  await expect(viewerOf(page)).toHaveAttribute('data-session-id', first);
  await expect(viewerOf(page)).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  await expect.poll(() => distinctCanvasColours(viewerOf(page)), { timeout: 30_000 }).toBeGreaterThan(1);
}

test('after the host is killed and started again, its sessions are re-adopted and their tabs come back without a new login', async ({ deck }, testInfo) => {
  const { host, browser } = await deck.start(TYPES);
  const page = await browser.context.newPage();
  await page.goto(host.loginUrl);
  const first = await startFromUi(page, 'Desk', '800x600');
  const second = await startFromUi(page, 'Desk', '1024x768');
  await page.getByRole('tab', { name: new RegExp(first) }).click();
  await expectTabsBack(page, first, second);
  await page.screenshot({ path: testInfo.outputPath('before-restart.png') });

  await host.restart('SIGKILL');
  for (const id of [first, second]) expect(host.output()).toContain(`re-adopted session ${id}`);

  // The page that stayed open: it reconnects by itself.
  await expectTabsBack(page, first, second);
  await page.screenshot({ path: testInfo.outputPath('open-page-after-restart.png') });

  // The same sessions, still running, answered to the cookie of the login before the restart.
  const after = await listed(page);
  expect(after.status).toBe(200);
  expect(Object.fromEntries(after.sessions.map((session) => [session.id, session.state]))).toMatchObject({ [first]: 'connected', [second]: expect.stringMatching(/^(connected|idle)$/) });

  // A page loaded afresh (the host's address, not the login link) brings them back as well.
  const response = await page.goto(host.url);
  expect(response?.status()).toBe(200);
  await expectTabsBack(page, first, second);
  await page.screenshot({ path: testInfo.outputPath('reloaded-after-restart.png') });
});
