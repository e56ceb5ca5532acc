// Send keys, in Debian's Chromium against the headless host with a real Xvnc: Ctrl+Alt+Del, which
// the local system would keep for itself, is chosen from the viewer's menu and reaches the
// session's X server as one chord. The session's program is xev, which writes down every key event
// its window gets, with the modifiers held at the time.
import { readFile } from 'node:fs/promises';
import { reserveDisplay } from '../../electron/core/testing/free-display';
import { distinctCanvasColours } from '../support/canvas';
import { clickRemote, freshMarker, removeQuietly, startFromUi, viewerOf } from '../support/desktop';
import { expect, test } from '../support/deck-fixture';
import { openDeck } from '../support/see-and-type';

const DISPLAY = await reserveDisplay();

let keyLog: string | undefined;

test.afterEach(async () => {
  if (keyLog) await removeQuietly(keyLog);
});

const read = (path: string) => readFile(path, 'utf8').catch(() => '');
/** xev's line for a key press: `state 0xc, keycode 119 (keysym 0xffff, Delete)`; 0xc is Control + Mod1 (Alt). */
const pressesOf = (log: string, keysym: string) => log.split('\n\n').filter((event) => event.startsWith('KeyPress') && event.includes(`(keysym ${keysym},`));

test('Send keys > Ctrl+Alt+Del reaches the desktop as Delete pressed with Control and Alt held', async ({ deck }, testInfo) => {
  keyLog = freshMarker('xev');
  const { host, browser } = await deck.start({
    Desk: { script: 'xvnc', count: 1, options: { sizes: ['800x600'], display_base: DISPLAY, command: `exec xev -geometry 800x600+0+0 -event keyboard > ${keyLog}` } },
  });
  const page = await openDeck(browser.context, host.loginUrl);
  await startFromUi(page, 'Desk', '800x600');
  await expect.poll(() => read(keyLog!), { timeout: 30_000 }).toContain('Outer window is'); // xev has its window
  await expect.poll(() => distinctCanvasColours(viewerOf(page)), { timeout: 30_000 }).toBeGreaterThan(1);
  await clickRemote(page, 400, 300); // no window manager: keys go to the window under the pointer
  expect(pressesOf(await read(keyLog), '0xffff')).toEqual([]);

  await page.getByRole('toolbar', { name: 'Viewer controls' }).getByRole('button', { name: 'Send keys' }).click();
  await page.getByRole('menu', { name: 'Keys to send' }).getByRole('menuitem', { name: 'Send Ctrl+Alt+Del' }).click();

  await expect.poll(async () => pressesOf(await read(keyLog!), '0xffff').length, { timeout: 30_000 }).toBe(1);
  const log = await read(keyLog);
  expect(pressesOf(log, '0xffff')[0]).toMatch(/state 0xc, keycode \d+ \(keysym 0xffff, Delete\)/);
  expect(pressesOf(log, '0xffe3')).toHaveLength(1); // Control_L
  expect(pressesOf(log, '0xffe9')).toHaveLength(1); // Alt_L
  // All three let go again, so nothing stays held in the session.
  const releases = log.split('\n\n').filter((event) => event.startsWith('KeyRelease'));
  for (const keysym of ['0xffe3', '0xffe9', '0xffff']) expect(releases.filter((event) => event.includes(`(keysym ${keysym},`))).toHaveLength(1);
  await page.screenshot({ path: testInfo.outputPath('ctrl-alt-del-sent.png') });
});
