// Share links as their users see them: made in the viewer's share dialog, opened by someone else in
// a browser of their own (its own profile: no cookie, no login), on the page the host serves.
import { expect, type Page, type TestInfo } from '@playwright/test';
import { distinctCanvasColours } from './canvas';
import { launchChromium } from './chromium';
import { recordWebSockets } from './raw-rfb';

export const SHARE_LINK = /^http:\/\/127\.0\.0\.1:\d+\/share\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/;

/** Makes a share link in the dialog of the shown viewer and closes the dialog; returns the link. */
export async function createShareLink(page: Page, typeName: string, lifetime: string, testInfo: TestInfo): Promise<string> {
  await page.getByRole('toolbar', { name: 'Viewer controls' }).getByRole('button', { name: 'Share view-only…' }).click();
  const dialog = page.getByRole('dialog', { name: `Share this ${typeName} desktop, view only` });
  await dialog.getByLabel('Link works for').selectOption({ label: lifetime });
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const link = dialog.getByLabel('Share link');
  await expect(link).toHaveValue(SHARE_LINK);
  await expect(dialog.getByRole('note')).toContainText('Anyone with this link can watch until');
  await page.screenshot({ path: testInfo.outputPath('share-dialog.png') });
  const url = await link.inputValue();
  await dialog.getByRole('button', { name: 'Done' }).click();
  return url;
}

export interface ShareWatcher {
  page: Page;
  status(): Promise<string>;
  close(): Promise<void>;
}

/** Opens the link in a fresh browser profile and waits for the desktop's first frame. */
export async function watchShareLink(url: string, typeName: string): Promise<ShareWatcher> {
  const browser = await launchChromium();
  await recordWebSockets(browser.context);
  const page = await browser.context.newPage();
  await page.goto(url);
  const status = page.locator('#share-status');
  await expect(status).toContainText(`You are watching a ${typeName} desktop. You cannot control it.`);
  await expect.poll(() => distinctCanvasColours(page.locator('#share-screen'))).toBeGreaterThan(1);
  return { page, status: () => status.innerText(), close: () => browser.close() };
}
