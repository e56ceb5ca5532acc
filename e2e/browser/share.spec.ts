// Share links in Chromium against the headless host with a real Xvnc: the link opens in a second
// browser with no cookie and shows the desktop; what that browser types, clicks or writes straight
// into its socket never reaches the session even with the page's own viewOnly flag turned off
// (the bridge drops it); Stop sharing cuts it off; and the audit log has it all.
import { join } from 'node:path';
import { reserveDisplay } from '../../electron/core/testing/free-display';
import type { Chromium } from '../support/chromium';
import { clickRemote, fileAppears, fileExists, freshMarker, oneDesk, removeQuietly, startFromUi } from '../support/desktop';
import { expect, test } from '../support/deck-fixture';
import type { RunningHost } from '../support/host-process';
import { pointerTo, sendRaw, sessionPointer, typed } from '../support/raw-rfb';
import { createShareLink, watchShareLink } from '../support/share-link';

const DISPLAY = await reserveDisplay();

let host: RunningHost;
let browser: Chromium;

test.beforeEach(async ({ deck }) => {
  ({ host, browser } = await deck.start(oneDesk(DISPLAY)));
});

test('a share link shows the desktop in a browser with no login, drops all its input, and stops on Stop sharing', async ({}, testInfo) => {
  const page = await browser.context.newPage();
  await page.goto(host.loginUrl);
  const id = await startFromUi(page, 'Desk', '800x600');
  const url = await createShareLink(page, 'Desk', '1 hour', testInfo);
  const pointer = () => sessionPointer(join(host.dir, 'data'), id, DISPLAY);
  // The owner puts the pointer on the xterm (no window manager: keys follow the pointer).
  await clickRemote(page, 40, 40);
  await expect.poll(async () => (await pointer()).x < 50).toBe(true); // scaled: 39 or 40
  const ownerPointer = await pointer();

  const watcher = await watchShareLink(url, 'Desk');
  const blockedTyped = freshMarker('share-typed');
  const blockedRaw = freshMarker('share-raw');
  const allowed = freshMarker('owner');
  try {
    expect(await watcher.page.context().cookies()).toEqual([]);
    await watcher.page.screenshot({ path: testInfo.outputPath('share-watching.png') });
    // The page's own flag off: noVNC now sends keys and pointer, as a modified page would.
    await watcher.page.evaluate(() => {
      const viewer = (window as unknown as { sessionDeckShareViewer: { viewOnly: boolean; focus(): void } }).sessionDeckShareViewer;
      viewer.viewOnly = false;
      viewer.focus();
    });
    await watcher.page.mouse.click(400, 300);
    await watcher.page.keyboard.type(`touch ${blockedTyped}`);
    await watcher.page.keyboard.press('Enter');
    await sendRaw(watcher.page, pointerTo(300, 250));
    await sendRaw(watcher.page, typed(`touch ${blockedRaw}`));

    // The owner's keys reach the xterm; X handles them after whatever reached it before.
    await page.keyboard.type(`touch ${allowed}`);
    await page.keyboard.press('Enter');
    await fileAppears(allowed);
    expect(await fileExists(blockedTyped)).toBe(false);
    expect(await fileExists(blockedRaw)).toBe(false);
    expect(await pointer()).toEqual(ownerPointer);

    const shares = page.getByRole('list', { name: 'Share links' });
    await expect(shares).toContainText('1 watching');
    await page.screenshot({ path: testInfo.outputPath('share-card.png') });
    await shares.getByRole('button', { name: 'Stop sharing' }).click();
    await expect(watcher.page.locator('#share-status')).toHaveText('The person who shared this desktop has stopped sharing it.');
    await watcher.page.screenshot({ path: testInfo.outputPath('share-stopped.png') });
    await expect(shares).toHaveCount(0);

    // Opened again after that, the link says so at once.
    const late = await watcher.page.context().newPage();
    await late.goto(url);
    await expect(late.locator('#share-status')).toHaveText('The person who shared this desktop has stopped sharing it.');
  } finally {
    await watcher.close();
    for (const file of [allowed, blockedTyped, blockedRaw]) await removeQuietly(file);
  }

  const audit = await fetch(`${host.url}api/audit?sessionId=${id}`, { headers: { Authorization: `Bearer ${host.token}` } });
  const kinds = ((await audit.json()) as { items: { kind: string }[] }).items.map((record) => record.kind);
  expect(kinds).toEqual(expect.arrayContaining(['share_created', 'share_used', 'share_revoked']));
  // The key never reached the host in a URL: its output has the share's id at most.
  expect(host.output()).not.toContain(new URL(url).hash.slice(1));
});
