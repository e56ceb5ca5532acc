// View-only is the bridge's job, not the client's: raw RFB key and pointer events written into the
// page's own noVNC socket reach the desktop through a full-control ticket and are dropped through
// a view-only one, although noVNC's own viewOnly flag plays no part in either.
import { join } from 'node:path';
import { reserveDisplay } from '../../electron/core/testing/free-display';
import type { Chromium } from '../support/chromium';
import { fileAppears, fileExists, freshMarker, oneDesk, removeQuietly, startFromUi, viewerOf, waitConnected } from '../support/desktop';
import { expect, test } from '../support/deck-fixture';
import type { RunningHost } from '../support/host-process';
import { pointerTo, recordWebSockets, sendRaw, sessionPointer, typed } from '../support/raw-rfb';

const DISPLAY = await reserveDisplay();

let host: RunningHost;
let browser: Chromium;

test.beforeEach(async ({ deck }) => {
  ({ host, browser } = await deck.start(oneDesk(DISPLAY)));
  await recordWebSockets(browser.context);
});

test('the bridge drops keys and pointer that a view-only client sends anyway', async () => {
  const page = await browser.context.newPage();
  await page.goto(host.loginUrl);
  const id = await startFromUi(page, 'Desk', '800x600');
  const pointer = () => sessionPointer(join(host.dir, 'data'), id, DISPLAY);
  const viewOnly = page.getByRole('toolbar', { name: 'Viewer controls' }).getByRole('button', { name: 'View only' });

  // Full control: the pointer goes onto the xterm (no window manager: keys follow the pointer).
  await sendRaw(page, pointerTo(40, 40));
  await expect.poll(pointer).toEqual({ x: 40, y: 40 });

  await viewOnly.click();
  await expect(viewerOf(page)).toHaveAttribute('data-view-only', 'true');
  await waitConnected(page);
  const blocked = freshMarker('bridge-viewonly');
  await sendRaw(page, pointerTo(300, 250));
  await sendRaw(page, typed(`touch ${blocked}`));

  await viewOnly.click();
  await expect(viewerOf(page)).toHaveAttribute('data-view-only', 'false');
  await waitConnected(page);
  const allowed = freshMarker('bridge-full');
  await sendRaw(page, typed(`touch ${allowed}`));
  await fileAppears(allowed); // X handled everything sent before, the view-only input included
  try {
    expect(await fileExists(blocked)).toBe(false);
    expect(await pointer()).toEqual({ x: 40, y: 40 });
  } finally {
    await removeQuietly(allowed);
    await removeQuietly(blocked);
  }
});
