// The skeleton's user flow, shared by the browser and the Electron specs: start a session from the
// UI, see its pixels, type into its xterm, stop it and see the slot free. Returns the session id.
import { expect, type Page, type TestInfo } from '@playwright/test';
import { access, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { distinctCanvasColours } from './canvas';

export async function startSeeTypeStop(page: Page, typeName: string, size: string, testInfo: TestInfo): Promise<string> {
  const slots = page.getByRole('list', { name: `Slots of ${typeName}` });
  await expect(slots).toContainText('free');

  await page.getByLabel(`Size for ${typeName}`).selectOption(size);
  await page.getByRole('button', { name: `Start ${typeName}` }).click();

  const viewer = page.getByTestId('viewer');
  await expect(viewer).toHaveAttribute('data-state', 'connected');
  await expect.poll(() => distinctCanvasColours(viewer)).toBeGreaterThan(1);
  await page.screenshot({ path: testInfo.outputPath('connected.png') });

  // Keys typed in the page reach the xterm inside the session: it creates a marker file.
  const marker = `/tmp/deck-e2e-${randomBytes(6).toString('hex')}`;
  const canvas = viewer.locator('canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the noVNC canvas has no box');
  await canvas.click({ position: { x: box.width * 0.1, y: box.height * 0.1 } });
  await page.keyboard.type(`touch ${marker}`);
  await page.keyboard.press('Enter');
  await expect.poll(() => access(marker).then(() => true, () => false)).toBe(true);
  await rm(marker, { force: true });

  const stop = page.getByRole('button', { name: /^Stop / });
  await expect(stop).toHaveCount(1);
  const id = ((await stop.getAttribute('aria-label')) ?? '').replace(/^Stop /, '');
  await stop.click();
  await expect(slots.getByRole('listitem').first()).toContainText('free');
  await expect(page.getByRole('button', { name: `Stop ${id}` })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('stopped.png') });
  return id;
}
