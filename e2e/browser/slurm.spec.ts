// A cluster desktop in the browser, against a real one-node Slurm started here: the first session's
// desktop takes the node; the second waits, and its card says it is queued, why (Slurm's reason)
// and where it stands; once the first stops, the second's desktop comes up and takes typed text.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { freeDisplays, reserveDisplays } from '../../electron/core/testing/free-display';
import { startSlurmCluster, type SlurmCluster } from '../../electron/core/testing/slurm-cluster';
import { slurmType } from '../../scripts/testing/slurm-type';
import { viewerOf, waitConnected } from '../support/desktop';
import { seeAndType } from '../support/see-and-type';
import { expect, test } from '../support/deck-fixture';

const DISPLAYS = 2;

let cluster: SlurmCluster;
let displayBase: number;
let workDir: string;

test.beforeAll(async () => {
  cluster = await startSlurmCluster();
  displayBase = await reserveDisplays(DISPLAYS);
  workDir = join(cluster.dir, 'work');
  await mkdir(workDir, { mode: 0o700 });
});

test.afterAll(async () => {
  await cluster?.stop();
  if (displayBase !== undefined) freeDisplays(displayBase, DISPLAYS);
});

// The deck fixture keeps the page and the host's output of a failed test; the cluster's logs too.
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('cluster', { body: await cluster.logs() });
});

test('a second cluster desktop waits in the queue with its reason, then starts when the first stops', async ({ deck }) => {
  // A plain sh: the test does not depend on the user's shell start-up files.
  const options = { command: 'exec xterm -geometry 80x24+0+0 -e /bin/sh' };
  const { host, browser } = await deck.start({ Cluster: slurmType({ cluster, displayBase, displayCount: DISPLAYS, workDir, options, count: 2 }) });
  const page = await browser.context.newPage();
  await page.goto(host.loginUrl);
  await page.getByRole('button', { name: 'Start Cluster' }).click();
  await waitConnected(page);
  const first = (await viewerOf(page).getAttribute('data-session-id')) ?? '';
  await expect(page.getByText(/Cluster job \d+ on node decknode/)).toBeVisible();

  await page.getByRole('button', { name: 'Start Cluster' }).click();
  const queued = page.getByText(/Waiting in the cluster queue \((Resources|Priority): .*\) · 1st in line/).first();
  await expect(queued).toBeVisible();
  await expect(page.getByText('It holds its slot while it waits and counts toward your session limit.').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('queued.png') });

  await page.getByRole('button', { name: `Stop ${first}` }).click();
  await expect(queued).toHaveCount(0, { timeout: 30_000 });
  await expect.poll(async () => viewerOf(page).getAttribute('data-session-id'), { timeout: 30_000 }).not.toBe(first);
  await waitConnected(page);
  const second = (await viewerOf(page).getAttribute('data-session-id')) ?? '';

  // Keys typed in the page reach the xterm the second job started on its node.
  await seeAndType(page, 'slurm');
  await page.screenshot({ path: test.info().outputPath('second-desktop.png') });

  await page.getByRole('button', { name: `Stop ${second}` }).click();
  await expect(page.getByRole('button', { name: `Stop ${second}` })).toHaveCount(0);
  await expect.poll(() => cluster.activeJobs()).toEqual([]);
});
