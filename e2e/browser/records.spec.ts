// The records a user looks back at, in Debian's Chromium against the headless host with real Xvnc
// servers and a script module that cannot start: the history paged and filtered by type, cause and
// day; the audit log filtered by event and session (a rename made in the UI shows there with the
// label before and after); the metrics exported as CSV and read back from the downloaded file.
import type { Page } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reserveDisplays } from '../../electron/core/testing/free-display';
import { startFromUi } from '../support/desktop';
import { expect, test, type DeckFixture } from '../support/deck-fixture';
import type { RunningHost } from '../support/host-process';

const DISPLAY_BASE = await reserveDisplays(1);
/** A comma in the name: the CSV has to quote it. */
const FAILING = 'Licensed, old';
const TYPES = {
  Desk: { script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: DISPLAY_BASE } },
  [FAILING]: { script: './no-licence.mjs', count: 1, options: { sizes: ['640x480'] } },
};
/** A script module whose every start fails, as one whose licence server is down would. */
const FAILING_MODULE = `export function realizeService() {
  return {
    async start() { throw new Error('the licence server does not answer'); },
    async stop() {},
  };
}
`;
const ENDED_DESKS = 11;
const FAILED_STARTS = 2;

/** The host's API with its token, for the set-up only: what the user does below goes through the UI. */
async function api(host: RunningHost, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${host.url}${path.slice(1)}`, {
    method,
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

/** Ended sessions to look back at: Desk sessions started and stopped one after the other, and failed starts. */
async function makeHistory(host: RunningHost): Promise<void> {
  for (let i = 0; i < ENDED_DESKS; i++) {
    const started = await api(host, 'POST', '/api/sessions', { type: 'Desk', size: '640x480' });
    expect(started.status).toBe(201);
    expect((await api(host, 'DELETE', `/api/sessions/${(started.json as { id: string }).id}`)).status).toBe(200);
  }
  for (let i = 0; i < FAILED_STARTS; i++) expect((await api(host, 'POST', '/api/sessions', { type: FAILING, size: '640x480' })).status).toBe(500);
}

/** The host with these types, its history made, and a logged-in page on it. */
async function openDeckWithHistory(deck: DeckFixture): Promise<Page> {
  const hostArgs = async (dir: string) => {
    await writeFile(join(dir, 'no-licence.mjs'), FAILING_MODULE);
    return [];
  };
  const { host, browser } = await deck.start(TYPES, { hostArgs, viewport: { width: 1600, height: 1000 } });
  const page = await browser.context.newPage();
  await page.goto(host.loginUrl);
  await expect(page.getByRole('button', { name: 'Start Desk' })).toBeVisible();
  await makeHistory(host);
  return page;
}

const view = (page: Page, name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
const rows = (page: Page) => page.locator('.data-table tbody tr');
const footer = (page: Page) => page.locator('.paged-footer').getByRole('status');
const localDay = (offsetDays: number) => {
  const day = new Date(Date.now() + offsetDays * 86_400_000);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
};

test('history: paged with Per page and Load more, filtered by type, cause and day', async ({ deck }, testInfo) => {
  const page = await openDeckWithHistory(deck);
  await view(page, 'History');
  const filters = page.getByRole('form', { name: 'History filters' });
  await expect(footer(page)).toHaveText(`${ENDED_DESKS + FAILED_STARTS} sessions shown, all loaded.`);

  await filters.getByLabel('Per page').selectOption('10');
  await expect(footer(page)).toHaveText('10 sessions shown, more available.');
  await expect(rows(page)).toHaveCount(10);
  // Newest first: the failed starts came last.
  await expect(rows(page).first()).toContainText('failed: start failed');
  await page.screenshot({ path: testInfo.outputPath('history-first-page.png') });
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(footer(page)).toHaveText(`${ENDED_DESKS + FAILED_STARTS} sessions shown, all loaded.`);
  await expect(rows(page)).toHaveCount(ENDED_DESKS + FAILED_STARTS);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
  const ids = await rows(page).locator('td.mono').allTextContents();
  expect(new Set(ids).size).toBe(ENDED_DESKS + FAILED_STARTS);

  await filters.getByRole('combobox', { name: 'Type', exact: true }).fill(FAILING);
  await expect(footer(page)).toHaveText(`${FAILED_STARTS} sessions shown, all loaded.`);
  for (const row of await rows(page).all()) await expect(row).toContainText('the licence server does not answer');
  await page.screenshot({ path: testInfo.outputPath('history-type-filter.png') });

  await filters.getByRole('combobox', { name: 'Type', exact: true }).fill('');
  await filters.getByLabel('Cause').selectOption({ label: 'stopped by the user' });
  await expect(footer(page)).toHaveText('10 sessions shown, more available.');
  for (const row of await rows(page).all()) await expect(row).toContainText('stopped by the user');
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(footer(page)).toHaveText(`${ENDED_DESKS} sessions shown, all loaded.`);

  await filters.getByLabel('Ended from').fill(localDay(1));
  await expect(footer(page)).toHaveText('No ended session matches these filters.');
  await expect(rows(page)).toHaveCount(0);
  await filters.getByLabel('Ended from').fill(localDay(0));
  await filters.getByLabel('Ended until').fill(localDay(0));
  await expect(footer(page)).toHaveText('10 sessions shown, more available.');
  await page.screenshot({ path: testInfo.outputPath('history-cause-and-day.png') });
});

test('audit log: a rename made on the card shows with the label before and after; filtered by event, session and day', async ({ deck }, testInfo) => {
  const page = await openDeckWithHistory(deck);
  const id = await startFromUi(page, 'Desk', '640x480');
  for (const label of ['Draft figures', 'Final figures']) {
    await page.getByRole('button', { name: `Rename ${id}` }).click();
    await page.getByLabel(`Label of ${id}`).fill(label);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('button', { name: `Rename ${id}` })).toBeVisible();
  }

  await view(page, 'Audit log');
  const filters = page.getByRole('form', { name: 'Audit filters' });
  await filters.getByLabel('Event').selectOption({ label: 'label changed' });
  // The engine writes the record after the rename answered: Refresh until both are there.
  await expect(async () => {
    await filters.getByRole('button', { name: 'Refresh' }).click();
    await expect(rows(page)).toHaveCount(2, { timeout: 1_000 });
  }).toPass();
  await expect(rows(page).nth(0)).toContainText('from: Draft figures · to: Final figures');
  await expect(rows(page).nth(1)).toContainText('to: Draft figures');
  await expect(rows(page).nth(1)).not.toContainText('from:');
  await page.screenshot({ path: testInfo.outputPath('audit-renames.png') });

  // The session's own records, from the link on its id.
  await rows(page).nth(0).getByRole('button', { name: `Only session ${id}` }).click();
  await expect(filters.getByRole('textbox', { name: 'Session', exact: true })).toHaveValue(id);
  await filters.getByLabel('Event').selectOption({ label: 'any' });
  await expect(rows(page).filter({ hasText: 'session created' })).toHaveCount(1);
  await expect(rows(page).filter({ hasText: 'session started' })).toHaveCount(1);
  for (const row of await rows(page).all()) await expect(row).toContainText(id);
  await page.screenshot({ path: testInfo.outputPath('audit-one-session.png') });

  // Every session's failed starts, paged.
  await filters.getByRole('textbox', { name: 'Session', exact: true }).fill('');
  await filters.getByLabel('Event').selectOption({ label: 'start failed' });
  await expect(footer(page)).toHaveText(`${FAILED_STARTS} records shown, all loaded.`);
  await filters.getByLabel('Event').selectOption({ label: 'session completed' });
  await filters.getByLabel('Per page').selectOption('10');
  await expect(footer(page)).toHaveText('10 records shown, more available.');
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(footer(page)).toHaveText(`${ENDED_DESKS + FAILED_STARTS} records shown, all loaded.`);

  await filters.getByLabel('Until').fill(localDay(-1));
  await expect(footer(page)).toHaveText('No audit record matches these filters.');
  await page.screenshot({ path: testInfo.outputPath('audit-day-filter.png') });
});

test('metrics: Export CSV downloads the rows shown, per type, quoted where needed', async ({ deck }, testInfo) => {
  const page = await openDeckWithHistory(deck);
  await view(page, 'Metrics');
  await expect(page.getByRole('status').filter({ hasText: /rows?\.$/ })).toHaveText('2 rows.');
  await page.screenshot({ path: testInfo.outputPath('metrics.png') });

  const csvOf = async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('session-deck-metrics.csv');
    const path = testInfo.outputPath(`metrics-${Date.now()}.csv`);
    await download.saveAs(path);
    return readFile(path, 'utf8');
  };
  const today = new Date().toISOString().slice(0, 10);
  const lines = (await csvOf()).split('\r\n');
  expect(lines[0]).toBe('day,type,started,failed,refused,totalDurationMs,meanDurationMs,peakConcurrent,bytesToViewer,bytesFromViewer,host,meanQueueWaitMs,maxQueueWaitMs');
  expect(lines.at(-1)).toBe('');
  const byType = Object.fromEntries(lines.slice(1, -1).map((line) => [line.split(',')[1], line]));
  expect(Object.keys(byType).sort()).toEqual(['"Licensed', 'Desk'].sort());
  expect(byType.Desk).toMatch(new RegExp(`^${today},Desk,${ENDED_DESKS},0,0,\\d+,\\d+,1,\\d+,\\d+,,,$`));
  expect(byType['"Licensed']).toMatch(new RegExp(`^${today},"Licensed, old",0,${FAILED_STARTS},0,\\d+,\\d+,\\d+,0,0,,,$`));

  // Filtered to one type, the download has that type only.
  await page.getByRole('form', { name: 'Metrics filters' }).getByLabel('Type').selectOption('Desk');
  await expect(page.getByRole('status').filter({ hasText: /rows?\.$/ })).toHaveText('1 row.');
  const filtered = (await csvOf()).split('\r\n');
  expect(filtered.slice(1, -1)).toEqual([byType.Desk]);
});
