// A desktop on another machine, started from the UI in Chromium: the headless host's sessions file
// puts an xvnc type on a private sshd "host" (n1 on 127.0.0.2, reached through the ssh_config the
// fixture writes, with its own known_hosts and client key). Its desktop's pixels show, typed keys
// reach its xterm, the card names the host, and after Stop nothing is left on the "remote" side.
// A second type's host is down: its card says why before anyone presses Start.
import { readdir } from 'node:fs/promises';
import { displayTraces, findProcesses } from '../../electron/core/testing/fixtures';
import { freeDisplays, reserveDisplays } from '../../electron/core/testing/free-display';
import { startSshHosts, type SshHosts } from '../../electron/core/testing/sshd';
import { distinctCanvasColours } from '../support/canvas';
import { TEST_XTERM, startFromUi, viewerOf } from '../support/desktop';
import { seeAndType } from '../support/see-and-type';
import { expect, test } from '../support/deck-fixture';

let sshHosts: SshHosts;
let displayBase: number;

test.beforeAll(async () => {
  sshHosts = await startSshHosts(2, { prefix: 'deck-e2e-remote' });
  // n2 is down for the whole spec.
  await sshHosts.host('n2').stop();
  displayBase = await reserveDisplays(1);
});

test.afterAll(async () => {
  await sshHosts?.close();
  if (displayBase !== undefined) freeDisplays(displayBase, 1);
});

/** The remote Xvnc of a session: its display, read from its command line on the host. */
async function remoteDisplayOf(sessionId: string): Promise<number> {
  const [cmdline] = await findProcesses('Xvnc :', `/tmp/session-deck-${sessionId}-`);
  const display = Number(/^Xvnc :(\d+) /.exec(cmdline ?? '')?.[1]);
  if (!Number.isInteger(display)) throw new Error(`no Xvnc of session ${sessionId} on n1`);
  return display;
}

test('a desktop on another machine: started from the UI, seen and typed into, its host on the card, nothing left there after Stop; a host that is down says why', async ({ deck }) => {
  const remote = { ssh_config: sshHosts.configFile, display_base: displayBase, sizes: ['800x600'] };
  const { host, browser } = await deck.start({
    'Cluster Node': { script: 'xvnc', count: 1, options: { ...remote, host: 'n1', command: TEST_XTERM } },
    'Offline Node': { script: 'xvnc', count: 1, options: { ...remote, host: 'n2' } },
  });
  const page = await browser.context.newPage();
  await page.goto(host.loginUrl);

  // Before any start, the card of the type whose host is down says why.
  await expect(page.getByRole('list', { name: 'Machines of Offline Node' })).toContainText(/n2: 0 running · cannot be used now: "n2" refused the connection: is sshd running there/, { timeout: 30_000 });
  await expect(page.getByRole('list', { name: 'Machines of Cluster Node' })).toHaveText('n1: 0 running');

  const id = await startFromUi(page, 'Cluster Node');
  const viewer = viewerOf(page);
  await expect.poll(() => distinctCanvasColours(viewer)).toBeGreaterThan(1);
  const session = page.getByRole('region', { name: 'Running sessions' }).getByRole('listitem').filter({ hasText: id });
  await expect(session).toContainText('Cluster Node slot 0 on n1');
  await expect(page.getByRole('list', { name: 'Machines of Cluster Node' })).toHaveText('n1: 1 running');
  const display = await remoteDisplayOf(id);

  // Keys typed in the page reach the xterm on n1 (this machine, as the test's "host").
  await seeAndType(page, 'remote');
  await page.screenshot({ path: test.info().outputPath('remote-desktop.png') });

  await page.getByRole('button', { name: `Stop ${id}` }).click();
  await expect(page.getByRole('button', { name: `Stop ${id}` })).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Slots of Cluster Node' }).getByRole('listitem').first()).toContainText('free');
  await page.screenshot({ path: test.info().outputPath('remote-stopped.png') });

  // Nothing of the session is left on n1: no process, no private directory, no display lock; and
  // no ssh connection of it here.
  await expect.poll(() => findProcesses(`/tmp/session-deck-${id}-`)).toEqual([]);
  await expect.poll(() => findProcesses('ssh', `/${id}/`)).toEqual([]);
  expect((await readdir('/tmp')).filter((entry) => entry.startsWith(`session-deck-${id}-`))).toEqual([]);
  expect(await displayTraces(display)).toEqual([]);
});
