// A user's own script module, as the README tells one to make it: the example module copied next
// to the sessions file and named there by path. Started from the UI in Debian's Chromium against
// the headless host, its Xvnc shows the desktop and takes typed text; Stop runs its stop().
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findProcesses } from '../../electron/core/testing/fixtures';
import { reserveDisplay } from '../../electron/core/testing/free-display';
import { TEST_XTERM, startFromUi } from '../support/desktop';
import { expect, test } from '../support/deck-fixture';
import { openDeck, seeAndType } from '../support/see-and-type';

const DISPLAY = await reserveDisplay();

test('a script module next to the sessions file: started from the UI, desktop shown, typed text arrives, stopped', async ({ deck }, testInfo) => {
  const { host, browser } = await deck.start(
    { 'My Desktop': { script: './my-desktop.mjs', count: 1, options: { sizes: ['800x600'], display_base: DISPLAY, program: TEST_XTERM } } },
    {
      hostArgs: async (dir) => {
        await copyFile('resources/example-script.mjs', join(dir, 'my-desktop.mjs'));
        return [];
      },
    },
  );
  const page = await openDeck(browser.context, host.loginUrl);
  const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'My Desktop' }) });
  await expect(card).toContainText('script: ./my-desktop.mjs');

  const id = await startFromUi(page, 'My Desktop', '800x600');
  await seeAndType(page, 'script-module');
  await page.screenshot({ path: testInfo.outputPath('script-module.png') });
  // The module's own Xvnc, on the display it picked from display_base and the slot.
  expect(await findProcesses('Xvnc', `:${DISPLAY} `, '-desktop My Desktop')).toHaveLength(1);

  await page.getByRole('button', { name: `Stop ${id}` }).click();
  await page.getByRole('button', { name: `Stop now: ${id}` }).click();
  await expect(page.getByRole('list', { name: 'Slots of My Desktop' })).toContainText('free');
  await expect.poll(() => findProcesses('Xvnc', `:${DISPLAY} `)).toEqual([]);
});
