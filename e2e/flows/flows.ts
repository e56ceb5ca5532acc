// The end-to-end user flows, each against a fresh Session Deck with its own sessions file.
// The same list runs in Debian's Chromium against the headless host and, where an Electron binary
// exists, in the Electron app.
import { expect, type TestInfo } from '@playwright/test';
import { reserveDisplays } from '../../electron/core/testing/free-display';
import { canvasFingerprint, distinctCanvasColours } from '../support/canvas';
import type { DeckApp } from '../support/deck-app';
import { TEST_XTERM, clickRemote, fileAppears, fileExists, freshMarker, removeQuietly, startFromUi, typeInXterm, viewerOf, waitConnected } from '../support/desktop';
import { startSeeTypeStop } from '../support/session-flow';
import { createShareLink, watchShareLink } from '../support/share-link';

export interface Flow {
  name: string;
  types: unknown;
  run(app: DeckApp, testInfo: TestInfo): Promise<void>;
}

const DISPLAY_BASE = await reserveDisplays(3); // types use base..base+2
const desktop = (count = 1, base = DISPLAY_BASE, extra: Record<string, unknown> = {}) => ({
  script: 'xvnc',
  count,
  options: { sizes: ['800x600', '1024x768'], display_base: base, command: TEST_XTERM, ...extra },
});

const BYTE_UNITS: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };
/** The bytes a session card shows after an arrow (↓ to the viewers, ↑ from them), as a number. */
const shownBytes = (text: string | null, arrow: '↓' | '↑'): number => {
  const match = new RegExp(`${arrow}\\s*([0-9.]+)\\s*(B|KiB|MiB|GiB|TiB)`).exec(text ?? '');
  if (!match) throw new Error(`no ${arrow} figure in ${JSON.stringify(text)}`);
  return Number(match[1]) * BYTE_UNITS[match[2]!]!;
};

export const FLOWS: Flow[] = [
  {
    name: 'start from the UI, see the desktop, type into it, stop it',
    types: { Desk: desktop() },
    run: async ({ page }, testInfo) => {
      await startSeeTypeStop(page, 'Desk', '800x600', testInfo);
    },
  },
  {
    name: 'the session card counts the bytes as the user types, with nothing else changing',
    types: { Desk: desktop() },
    run: async ({ page }) => {
      const id = await startFromUi(page, 'Desk', '800x600');
      await waitConnected(page);
      const traffic = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: `View ${id}` }) }).locator('.traffic');
      const figure = async (arrow: '↓' | '↑') => shownBytes(await traffic.textContent(), arrow);
      await expect.poll(() => figure('↓'), { timeout: 20_000 }).toBeGreaterThan(0);
      const [received, sent] = [await figure('↓'), await figure('↑')];
      await typeInXterm(page, 'echo the card counts these keys and what they draw');
      // Keys go to the desktop, its echo comes back: both figures grow, though no session event is due.
      await expect.poll(() => figure('↑'), { timeout: 20_000 }).toBeGreaterThan(sent);
      await expect.poll(() => figure('↓'), { timeout: 20_000 }).toBeGreaterThan(received);
    },
  },
  {
    name: 'scaling: 1:1 shows the remote size, fit scales it, remote resize changes the desktop',
    types: { Desk: desktop() },
    run: async ({ page }, testInfo) => {
      await startFromUi(page, 'Desk', '800x600');
      const canvas = viewerOf(page).locator('canvas');
      const scaling = page.getByRole('toolbar', { name: 'Viewer controls' }).getByLabel('Scaling');
      await scaling.selectOption('actual');
      await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => [c.width, c.height, Math.round(c.getBoundingClientRect().width)])).toEqual([800, 600, 800]);
      await scaling.selectOption('fit');
      await expect.poll(async () => Math.round((await canvas.boundingBox())?.width ?? 0)).not.toBe(800);
      await scaling.selectOption('remote');
      await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.width), { timeout: 20_000 }).not.toBe(800);
      await page.screenshot({ path: testInfo.outputPath('remote-resize.png') });
    },
  },
  {
    name: 'clipboard both ways without a side panel',
    types: { Desk: desktop() },
    run: async ({ page }) => {
      await startFromUi(page, 'Desk', '800x600');
      await page.getByRole('toolbar', { name: 'Viewer controls' }).getByLabel('Scaling').selectOption('actual');
      // Local -> desktop: Paste to desktop sets the X selection; a middle click pastes it into xterm.
      const marker = freshMarker('clip');
      const command = `touch ${marker}`;
      await page.evaluate((text) => navigator.clipboard.writeText(text), command);
      await page.getByRole('button', { name: 'Paste to desktop' }).click();
      await expect(page.getByText(`Sent ${command.length} characters to the desktop clipboard.`)).toBeVisible();
      const before = await canvasFingerprint(viewerOf(page));
      await clickRemote(page, 40, 100, { button: 'middle' });
      await expect.poll(() => canvasFingerprint(viewerOf(page))).not.toBe(before); // the pasted text is drawn
      await page.keyboard.press('Enter'); // bash's bracketed paste waits for Enter
      await fileAppears(marker);
      await removeQuietly(marker);
      // Desktop -> local: a word selected in xterm reaches the local clipboard.
      await typeInXterm(page, "clear; printf 'clipword42\\n'");
      await expect.poll(() => distinctCanvasColours(viewerOf(page))).toBeGreaterThan(1);
      // Not a readiness wait: X counts clicks within xterm's multi-click time (250 ms) as one
      // gesture, and the click typeInXterm made would turn this double-click into a line selection.
      await page.waitForTimeout(400);
      await clickRemote(page, 20, 6, { clickCount: 2 });
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 15_000 }).toBe('clipword42');
    },
  },
  {
    name: 'disconnect keeps the session, reconnect shows it again',
    types: { Desk: desktop() },
    run: async (app) => {
      const { page } = app;
      const id = await startFromUi(page, 'Desk', '800x600');
      await page.getByRole('toolbar', { name: 'Viewer controls' }).getByRole('button', { name: 'Disconnect' }).click();
      await expect(viewerOf(page)).toHaveCount(0);
      // The session keeps running without a viewer: no last-viewer timer, only its inactivity timeout.
      await expect.poll(async () => (await app.call<{ id: string; state: string }[]>('listSessions')).find((s) => s.id === id)?.state).toBe('idle');
      const [idle] = await app.call<{ nextTimer?: { kind: string }; lastViewerGraceMs?: number }[]>('listSessions');
      expect(idle?.nextTimer?.kind).toBe('inactivity');
      expect(idle?.lastViewerGraceMs).toBeUndefined();
      await expect(page.getByText(/Closes after inactivity in \d\d:\d\d/)).toBeVisible();
      await page.getByRole('button', { name: `View ${id}` }).click();
      await waitConnected(page);
      await expect(viewerOf(page)).toHaveAttribute('data-session-id', id);
      await expect.poll(async () => (await app.call<{ id: string; state: string }[]>('listSessions')).find((s) => s.id === id)?.state).toBe('connected');
      await expect(page.getByRole('button', { name: `Stop ${id}` })).toBeVisible();
    },
  },
  {
    name: 'view only: keys do not reach the desktop until it is turned off again',
    types: { Desk: desktop() },
    run: async ({ page }) => {
      await startFromUi(page, 'Desk', '800x600');
      const viewOnly = page.getByRole('toolbar', { name: 'Viewer controls' }).getByRole('button', { name: 'View only' });
      await viewOnly.click();
      await expect(viewerOf(page)).toHaveAttribute('data-view-only', 'true');
      await waitConnected(page);
      const blocked = freshMarker('viewonly');
      await typeInXterm(page, `touch ${blocked}`);
      await viewOnly.click();
      await expect(viewerOf(page)).toHaveAttribute('data-view-only', 'false');
      await waitConnected(page);
      const allowed = freshMarker('full');
      await typeInXterm(page, `touch ${allowed}`);
      await fileAppears(allowed); // keys are handled in order: the blocked ones would have come first
      expect(await fileExists(blocked)).toBe(false);
      await removeQuietly(allowed);
    },
  },
  {
    name: 'share a view-only link: another browser with no login sees the desktop until the link is stopped',
    types: { Desk: desktop() },
    run: async ({ page }, testInfo) => {
      await startFromUi(page, 'Desk', '800x600');
      const url = await createShareLink(page, 'Desk', '15 minutes', testInfo);
      const watcher = await watchShareLink(url, 'Desk');
      try {
        await watcher.page.screenshot({ path: testInfo.outputPath('share-watching.png') });
        const shares = page.getByRole('list', { name: 'Share links' });
        await expect(shares).toContainText('1 watching');
        await shares.getByRole('button', { name: 'Stop sharing' }).click();
        await expect(watcher.page.locator('#share-status')).toHaveText('The person who shared this desktop has stopped sharing it.');
        await expect(shares).toHaveCount(0);
      } finally {
        await watcher.close();
      }
    },
  },
  {
    name: 'at capacity: a full type and the user limit disable Start and say why',
    types: { Solo: desktop(1), Other: desktop(1, DISPLAY_BASE + 1) },
    run: async (app) => {
      const { page } = app;
      await startFromUi(page, 'Solo', '800x600');
      const solo = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Solo' }) });
      await expect(page.getByRole('button', { name: 'Start Solo' })).toBeDisabled();
      await expect(solo).toContainText('At capacity: all 1 slots of this type are in use.');
      await app.call('updateSettings', { userLimit: 1 });
      const other = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Other' }) });
      await expect(page.getByRole('button', { name: 'Start Other' })).toBeDisabled();
      await expect(other).toContainText('At your limit: 1 of 1 sessions running');
      await expect(app.call('startSession', { type: 'Other', size: '800x600' })).rejects.toThrow(/at_capacity.*user limit/);
    },
  },
  {
    name: 'not authorized: a type for another group is shown, not startable, and says why',
    types: { Desk: desktop(), Admins: desktop(1, DISPLAY_BASE + 1, { group: 'deck-e2e-nobody' }) },
    run: async ({ page }) => {
      const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Admins' }) });
      await expect(page.getByRole('button', { name: 'Start Admins' })).toBeDisabled();
      await expect(card).toContainText('only members of the group "deck-e2e-nobody" may start "Admins"');
      await expect(page.getByRole('button', { name: 'Start Desk' })).toBeEnabled();
    },
  },
  {
    name: 'a broken sessions file is shown to the user and fixed live',
    types: { Desk: desktop() },
    run: async (app, testInfo) => {
      const { page } = app;
      await expect(page.getByRole('button', { name: 'Start Desk' })).toBeEnabled();
      await app.writeTypes({ Desk: { script: 'xvnc', count: 'two' } });
      const banner = page.getByRole('alert').filter({ hasText: 'The sessions file has an error.' });
      await expect(banner).toContainText('sessions.json: /Desk/count: expected an integer from 1 to 64, found "two"');
      await page.screenshot({ path: testInfo.outputPath('config-error.png') });
      await expect(page.getByRole('button', { name: 'Start Desk' })).toBeEnabled(); // the last good config runs on
      await app.writeTypes({ Desk: desktop(), 'New Type': desktop(1, DISPLAY_BASE + 2) });
      await expect(banner).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Start New Type' })).toBeEnabled();
    },
  },
  {
    name: 'settings: inline validation, then applied without a restart',
    types: { Desk: desktop(2) },
    run: async (app) => {
      const { page } = app;
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
      const field = page.getByRole('spinbutton', { name: 'Inactivity timeout' });
      await field.fill('99');
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByText(/Inactivity timeout: expected an integer from 1 to 60/)).toBeVisible();
      await field.fill('5');
      await expect(field).not.toHaveAttribute('aria-invalid', 'true');
      await page.getByRole('spinbutton', { name: 'User limit' }).fill('1');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
      // The engine acts on both at once: a 5-minute inactivity timer (not the default 15), and a
      // second start refused although the type has a free slot.
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Sessions' }).click();
      const id = await startFromUi(page, 'Desk', '800x600');
      const [session] = await app.call<{ id: string; nextTimer?: { kind: string; at: number } }[]>('listSessions');
      expect(session).toMatchObject({ id, nextTimer: { kind: 'inactivity' } });
      const left = (session?.nextTimer?.at ?? 0) - Date.now();
      expect(left).toBeGreaterThan(4 * 60_000);
      expect(left).toBeLessThanOrEqual(5 * 60_000);
      await expect(page.getByText(/Closes after inactivity in 0[45]:\d\d/)).toBeVisible();
      await expect(page.getByRole('button', { name: 'Start Desk' })).toBeDisabled();
      await expect(app.call('startSession', { type: 'Desk', size: '800x600' })).rejects.toThrow(/at_capacity.*user limit/);
    },
  },
  {
    name: 'a timer warning before it fires, and Extend',
    types: { Desk: desktop() },
    run: async (app) => {
      const { page } = app;
      await app.call('updateSettings', { inactivityTimeoutMinutes: 1 });
      const id = await startFromUi(page, 'Desk', '800x600');
      await expect(page.getByRole('alert').filter({ hasText: `Session ${id} (Desk) ends in less than 2 minutes` })).toBeVisible();
      const timer = page.getByText(/Closes after inactivity in \d\d:\d\d/);
      const seconds = async () => {
        const [, mm, ss] = /(\d\d):(\d\d)/.exec((await timer.textContent()) ?? '') ?? [];
        return Number(mm) * 60 + Number(ss);
      };
      const first = await seconds();
      await expect.poll(seconds, { timeout: 20_000 }).toBeLessThan(first - 2);
      await page.getByRole('button', { name: `Extend ${id}` }).click();
      await expect.poll(seconds).toBeGreaterThanOrEqual(first - 1);
    },
  },
  {
    name: 'the history shows a session after it stopped',
    types: { Desk: desktop() },
    run: async ({ page }) => {
      const id = await startFromUi(page, 'Desk', '800x600');
      await page.getByRole('button', { name: `Stop ${id}` }).click();
      await expect(page.getByRole('button', { name: `Stop ${id}` })).toHaveCount(0);
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'History' }).click();
      const row = page.getByRole('row').filter({ hasText: id });
      await expect(row).toBeVisible();
      await expect(row).toContainText('Desk');
    },
  },
];
