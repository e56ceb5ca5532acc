// When a desktop goes away or never comes, in Debian's Chromium against the headless host with real
// servers: `exit` typed into the session's own terminal ends the session, and the viewer says its
// program exited and offers Start again; a type whose script module fails shows the error and the
// tail of the session log in its card, and its slot is free again.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findProcesses } from '../../electron/core/testing/fixtures';
import { reserveDisplay } from '../../electron/core/testing/free-display';
import { oneDesk, startFromUi, typeInXterm, viewerOf, waitConnected } from '../support/desktop';
import { expect, test } from '../support/deck-fixture';
import { openDeck, seeAndType } from '../support/see-and-type';

const [DESK, BROKEN] = [await reserveDisplay(), await reserveDisplay()];

test('exit typed in the terminal ends the session: the viewer says its program exited, and Start again starts a new one', async ({ deck }, testInfo) => {
  const { host, browser } = await deck.start(oneDesk(DESK));
  const page = await openDeck(browser.context, host.loginUrl);
  const id = await startFromUi(page, 'Desk', '800x600');
  await seeAndType(page, 'before-exit');

  await typeInXterm(page, 'exit');
  const notice = page.getByRole('alert').filter({ hasText: `Session ${id} (Desk, slot 0) ended: its program exited` });
  await expect(notice).toBeVisible({ timeout: 30_000 });
  await expect(viewerOf(page)).toHaveCount(0);
  const ended = await fetch(`${host.url}api/sessions/${id}`, { headers: { Authorization: `Bearer ${host.token}` } });
  expect(await ended.json()).toMatchObject({ id, state: 'terminated', cause: 'command_exited' });
  expect(await findProcesses('Xvnc', `:${DESK} `)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('program-exited.png') });

  await notice.getByRole('button', { name: 'Start again' }).click();
  await waitConnected(page);
  const again = (await viewerOf(page).getAttribute('data-session-id')) ?? '';
  expect(again).not.toBe(id);
  await expect(notice).toHaveCount(0);
  await seeAndType(page, 'started-again');
  await page.screenshot({ path: testInfo.outputPath('started-again.png') });
});

// A user's own module with a mistake in it: Xvnc is given an option it does not know, prints why
// and exits, before it ever serves. That is all in the session log the card shows.
const BROKEN_MODULE = `
export function realizeService({ index, commonOptions, setHostPort }) {
  const display = commonOptions.display_base + index;
  let server;
  return {
    async start(token, timestamp, { size, session }) {
      session.log('broken-desk: starting Xvnc on :' + display);
      server = session.spawn('Xvnc', [':' + display, '-geometry', size, '-no-such-option', '-rfbauth', session.passwordFile]);
      await session.waitForRfb('127.0.0.1', 5900 + display);
      setHostPort('127.0.0.1', 5900 + display);
      return true;
    },
    async stop() {
      await server?.terminate();
    },
  };
}
`;

test('a script that fails: its card shows the error and the tail of the session log, and the slot is free again', async ({ deck }, testInfo) => {
  const { host, browser } = await deck.start(
    { Broken: { script: './broken-desk.mjs', count: 1, options: { sizes: ['800x600'], display_base: BROKEN } } },
    {
      hostArgs: async (dir) => {
        await writeFile(join(dir, 'broken-desk.mjs'), BROKEN_MODULE);
        return [];
      },
    },
  );
  const page = await openDeck(browser.context, host.loginUrl);
  await page.getByRole('button', { name: 'Start Broken' }).click();

  const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Broken' }) });
  const report = card.getByRole('alert');
  await expect(report).toContainText(/Session \S+ \(slot 0\) failed \(start failed\): the server exited during start: Xvnc exited with code 1/, { timeout: 60_000 });
  const tail = report.locator('pre.log-tail');
  // The end of the log, where Xvnc said why it stopped (its usage text comes first).
  await expect(tail).toContainText('Fatal server error:');
  await expect(tail).toContainText('Unrecognized option: -no-such-option');
  await expect(tail).toContainText('Xvnc exited with code 1');
  // Shown from its last line, so the reason is what the user sees first.
  const unseenBelow = () => tail.evaluate((pre) => pre.scrollHeight - pre.clientHeight - pre.scrollTop);
  expect(await tail.evaluate((pre) => pre.scrollHeight > pre.clientHeight)).toBe(true);
  await expect.poll(unseenBelow).toBeLessThanOrEqual(1);
  await page.screenshot({ path: testInfo.outputPath('failed-start.png') });

  await expect(page.getByRole('list', { name: 'Slots of Broken' })).toContainText('free');
  await expect(page.getByRole('button', { name: 'Start Broken' })).toBeEnabled();
  expect(await findProcesses('Xvnc', `:${BROKEN} `)).toEqual([]);
});
