// Never losing work, and a desktop to work in, in Debian's Chromium against the headless host with
// real Xvnc servers: Disconnect and reload keep the sessions and their tabs; a killed WebSocket
// comes back by itself; a timer warning shows over the desktop (full screen too) and Extend says
// the new deadline; at 1024x600 the desktop gets at least 85% of the window and nothing scrolls.
import type { Page } from '@playwright/test';
import { reserveDisplays } from '../../electron/core/testing/free-display';
import { distinctCanvasColours } from '../support/canvas';
import { launchBrowserDeck } from '../support/deck-app';
import { expect, test } from '../support/deck-fixture';
import { startFromUi, viewerOf, waitConnected } from '../support/desktop';

const DISPLAY_BASE = await reserveDisplays(2);
const TYPES = {
  Desk: { script: 'xvnc', count: 2, options: { sizes: ['800x600', '1024x768'], display_base: DISPLAY_BASE, command: 'xterm -geometry 80x24+0+0' } },
};

const tabs = (page: Page) => page.getByRole('tablist', { name: 'Open desktops' }).getByRole('tab');
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Viewer controls' });
const canvasHasFocus = (page: Page) => page.evaluate(() => document.activeElement instanceof HTMLCanvasElement);

test('Disconnect says what happens next; a reload brings back every tab, the one shown, the scaling and the size', async ({ deck }, testInfo) => {
  const app = await deck.launch(launchBrowserDeck, TYPES);
  const { page } = app;
  const first = await startFromUi(page, 'Desk', '800x600');
  const second = await startFromUi(page, 'Desk', '1024x768');
  await expect(tabs(page)).toHaveCount(2);
  await page.getByRole('tab', { name: new RegExp(first) }).click();
  await expect(viewerOf(page)).toHaveAttribute('data-session-id', first);
  await toolbar(page).getByLabel('Scaling').selectOption('actual');

  await page.reload();
  await expect(tabs(page)).toHaveCount(2);
  await waitConnected(page);
  await expect(viewerOf(page)).toHaveAttribute('data-session-id', first);
  await expect(page.getByRole('tab', { name: new RegExp(first) })).toHaveAttribute('aria-selected', 'true');
  await expect(toolbar(page).getByLabel('Scaling')).toHaveValue('actual');
  await expect(page.getByLabel('Size for Desk')).toHaveValue('1024x768');
  // On load the keyboard stays with the page until the user clicks the desktop.
  expect(await canvasHasFocus(page)).toBe(false);
  await page.keyboard.press('End');
  expect(await page.evaluate(() => [window.scrollY, document.scrollingElement?.scrollTop ?? 0])).toEqual([0, 0]);
  await page.screenshot({ path: testInfo.outputPath('reloaded.png') });

  await toolbar(page).getByRole('button', { name: 'Disconnect' }).click();
  const note = page.getByRole('note', { name: `Disconnected from ${first}` });
  await expect(note).toContainText('The session keeps running.');
  await expect(note).toContainText(/(stops|closes) at \d\d:\d\d \(in \d\d:\d\d\)/);
  await page.screenshot({ path: testInfo.outputPath('disconnected.png') });
  const states = async () => Object.fromEntries((await app.call<{ id: string; state: string }[]>('listSessions')).map((s) => [s.id, s.state]));
  await expect.poll(async () => (await states())[first]).toBe('idle');

  // Disconnected stays disconnected across a reload; the other tab comes back.
  await page.reload();
  await expect(tabs(page)).toHaveCount(1);
  await expect(viewerOf(page)).toHaveAttribute('data-session-id', second);
  expect((await states())[first]).toBe('idle');
});

test('Stop waits a few seconds with Undo before it really stops', async ({ deck }, testInfo) => {
  const app = await deck.launch(launchBrowserDeck, TYPES);
  const { page } = app;
  const id = await startFromUi(page, 'Desk', '800x600');
  await page.getByRole('button', { name: `Stop ${id}` }).click();
  const toast = page.getByRole('status').filter({ hasText: /Stopping Desk #\d in \d s/ });
  await expect(toast).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('stop-undo.png') });
  await page.getByRole('button', { name: `Undo stop of ${id}` }).click();
  await expect(toast).toHaveCount(0);
  const state = async () => (await app.call<{ id: string; state: string }[]>('listSessions')).find((s) => s.id === id)?.state;
  expect(await state()).toBe('connected');
  await page.getByRole('button', { name: `Stop ${id}` }).click();
  await page.getByRole('button', { name: `Stop now: ${id}` }).click();
  await expect.poll(state).toBe('terminated');
});

test('a killed WebSocket: the viewer reconnects by itself with a fresh ticket', async ({ deck }, testInfo) => {
  const app = await deck.launch(launchBrowserDeck, TYPES);
  const { page } = app;
  // The page's WebSockets, to kill the viewer's from the page as a dropped network would.
  await page.addInitScript(() => {
    const sockets: WebSocket[] = [];
    (window as unknown as { deckSockets: WebSocket[] }).deckSockets = sockets;
    const Native = window.WebSocket;
    // The page gets native sockets (noVNC checks them), only counted.
    const Counting = function (url: string | URL, protocols?: string | string[]) {
      const socket = new Native(url, protocols);
      sockets.push(socket);
      return socket;
    } as unknown as typeof WebSocket;
    Object.assign(Counting, { prototype: Native.prototype, CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
    window.WebSocket = Counting;
  });
  await page.reload();
  await startFromUi(page, 'Desk', '800x600');
  const phases: string[] = [];
  await page.exposeFunction('deckPhase', (phase: string) => phases.push(phase));
  await page.evaluate(() => {
    const viewer = document.querySelector('[data-testid="viewer"]')!;
    new MutationObserver(() => void (window as unknown as { deckPhase(p: string): void }).deckPhase(viewer.getAttribute('data-phase') ?? '')).observe(viewer, {
      attributes: true,
      attributeFilter: ['data-phase'],
    });
    const open = (window as unknown as { deckSockets: WebSocket[] }).deckSockets.filter((socket) => socket.readyState === WebSocket.OPEN);
    if (open.length !== 1) throw new Error(`expected one open viewer socket, found ${open.length}`);
    open[0]!.close(4000, 'killed by the test');
  });
  await expect.poll(() => phases.includes('retry_wait')).toBe(true);
  await waitConnected(page);
  await expect.poll(() => distinctCanvasColours(viewerOf(page))).toBeGreaterThan(1);
  expect(await page.evaluate(() => (window as unknown as { deckSockets: WebSocket[] }).deckSockets.length)).toBe(2);
  await page.screenshot({ path: testInfo.outputPath('reconnected.png') });
});

test('a timer warning over the desktop, in full screen too; Extend says the new deadline', async ({ deck }, testInfo) => {
  const app = await deck.launch(launchBrowserDeck, TYPES);
  const { page } = app;
  await app.call('updateSettings', { inactivityTimeoutMinutes: 1 });
  await startFromUi(page, 'Desk', '800x600');
  const warning = page.getByTestId('viewer-warning');
  await expect(warning).toContainText('will close soon because nothing was typed or clicked for a while');
  await expect(warning).toContainText(/Time left: \d\d:\d\d/);

  await toolbar(page).getByRole('button', { name: 'Full screen' }).click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement?.querySelector('[data-testid="viewer-warning"]') !== null && document.fullscreenElement !== null)).toBe(true);
  // Edge to edge, the controls out of sight, the keyboard with the desktop.
  await expect.poll(() => canvasHasFocus(page)).toBe(true);
  const head = page.locator('.viewer-head');
  await expect.poll(async () => ((await head.boundingBox())?.y ?? 0) + ((await head.boundingBox())?.height ?? 0)).toBeLessThanOrEqual(1);
  await page.screenshot({ path: testInfo.outputPath('warning-fullscreen.png') });
  // F8 brings the controls back (the keys menu opens in them).
  await page.keyboard.press('F8');
  await expect(page.getByRole('menu', { name: 'Keys to send' })).toBeVisible();
  await expect.poll(async () => (await head.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
  await page.keyboard.press('Escape');

  await warning.getByRole('button', { name: 'Extend the session' }).click();
  await expect(warning.getByRole('status')).toContainText(/Extended: it now closes after inactivity at \d\d:\d\d at the earliest, and ends by .+ at the latest\./);
  await page.screenshot({ path: testInfo.outputPath('extended.png') });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`1024x600 (${scheme}): the desktop gets at least 85% of the window, nothing scrolls, the sidebar folds`, async ({ deck }, testInfo) => {
    const app = await deck.launch(launchBrowserDeck, TYPES, { width: 1024, height: 600 });
    const { page } = app;
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`1024x600-${scheme}-start.png`) });
    await startFromUi(page, 'Desk', '800x600');
    const frame = page.locator('.viewer-panel:not([hidden]) .viewer-frame');
    const share = async () => {
      const box = await frame.boundingBox();
      return box ? (box.width * box.height) / (1024 * 600) : 0;
    };
    await expect.poll(share).toBeGreaterThanOrEqual(0.85);
    testInfo.annotations.push({ type: 'viewer share at 1024x600', description: (await share()).toFixed(3) });
    await page.screenshot({ path: testInfo.outputPath(`1024x600-${scheme}.png`) });

    // Keys typed into a view-only desktop scroll nothing, nor do End and Space on the page.
    await toolbar(page).getByLabel('Scaling').selectOption('actual');
    await toolbar(page).getByRole('button', { name: 'View only' }).click();
    await waitConnected(page);
    await viewerOf(page).locator('canvas').click({ position: { x: 5, y: 5 } });
    for (const key of ['End', 'Space', 'PageDown', 'ArrowDown']) await page.keyboard.press(key);
    const scrolled = () =>
      page.evaluate(() => [document.scrollingElement, ...document.querySelectorAll('*')].filter((element) => element && element.scrollTop > 0).length);
    expect(await scrolled()).toBe(0);

    // The sidebar comes back with its shortcut, and goes again.
    const sidebar = page.getByRole('complementary', { name: 'Running sessions and session types' });
    await expect(sidebar).toHaveCount(0);
    await page.keyboard.press('Control+Shift+S');
    await expect(sidebar).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`1024x600-${scheme}-sidebar.png`) });
    await page.keyboard.press('Control+Shift+S');
    await expect(sidebar).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sidebar' })).toHaveAttribute('aria-expanded', 'false');
  });
}

for (const [width, height] of [
  [1280, 800],
  [1920, 1080],
] as const) {
  test(`${width}x${height}: sidebar beside the desktop, light and dark`, async ({ deck }, testInfo) => {
    const app = await deck.launch(launchBrowserDeck, TYPES, { width, height });
    const { page } = app;
    await startFromUi(page, 'Desk', '1024x768');
    await expect(page.getByRole('complementary', { name: 'Running sessions and session types' })).toBeVisible();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: testInfo.outputPath(`${width}x${height}-${scheme}.png`) });
    }
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
  });
}
