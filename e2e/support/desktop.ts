// Working with the desktop inside noVNC's canvas: where to point, what to type, what arrived.
import { expect, type Locator, type Page } from '@playwright/test';
import { access, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

export const viewerOf = (page: Page): Locator => page.getByTestId('viewer');

export const fileAppears = (path: string) => expect.poll(() => access(path).then(() => true, () => false), { timeout: 20_000 }).toBe(true);
export const fileExists = (path: string) => access(path).then(() => true, () => false);

/**
 * The desktop's terminal for tests that type into it: top-left, 80x24, with a shell that reads no
 * start-up files, so a developer's own (a slow or locked `pyenv rehash`, a prompt that waits) cannot
 * hold back the keys the test types.
 */
export const TEST_XTERM = 'xterm -geometry 80x24+0+0 -e bash --norc --noprofile';

/** Session types with one type, Desk: one Xvnc slot on `display`, 800x600, running TEST_XTERM. */
export const oneDesk = (display: number) => ({ Desk: { script: 'xvnc', count: 1, options: { sizes: ['800x600'], display_base: display, command: TEST_XTERM } } });

export const freshMarker = (label: string): string => `/tmp/deck-e2e-${label}-${randomBytes(5).toString('hex')}`;

/** Clicks a point of the remote desktop, given in remote pixels, whatever the scaling. */
export async function clickRemote(page: Page, x: number, y: number, options: { button?: 'left' | 'middle'; clickCount?: number } = {}): Promise<void> {
  const canvas = viewerOf(page).locator('canvas');
  const geometry = await canvas.evaluate((element: HTMLCanvasElement) => {
    const box = element.getBoundingClientRect();
    return { left: box.left, top: box.top, scaleX: box.width / element.width, scaleY: box.height / element.height };
  });
  await page.mouse.click(geometry.left + x * geometry.scaleX, geometry.top + y * geometry.scaleY, options);
}

/** Types a shell command into the session's xterm (top-left, 80x24) and presses Enter. */
export async function typeInXterm(page: Page, command: string): Promise<void> {
  await clickRemote(page, 40, 40); // no window manager: keys go where the pointer is
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

export async function waitConnected(page: Page): Promise<void> {
  await expect(viewerOf(page)).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
}

/** Starts a session of the type and waits until the viewer shows it connected (not the one shown before). */
export async function startFromUi(page: Page, typeName: string, size?: string): Promise<string> {
  const shown = (await viewerOf(page).count()) > 0 ? await viewerOf(page).getAttribute('data-session-id') : null;
  if (size) await page.getByLabel(`Size for ${typeName}`).selectOption(size);
  await page.getByRole('button', { name: `Start ${typeName}` }).click();
  if (shown) await expect(viewerOf(page)).not.toHaveAttribute('data-session-id', shown, { timeout: 30_000 });
  await waitConnected(page);
  return (await viewerOf(page).getAttribute('data-session-id')) ?? '';
}

export const removeQuietly = (path: string) => rm(path, { force: true });
