// The proof that a session started from the UI is a desktop to work in: the viewer shows its
// pixels, and a command typed into its xterm runs inside it (it creates a marker file).
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { distinctCanvasColours } from './canvas';
import { fileAppears, freshMarker, removeQuietly, typeInXterm, viewerOf } from './desktop';

export async function seeAndType(page: Page, label: string): Promise<void> {
  // x11vnc polls its screen and TightVNC waits a second before it serves: both are slow to their first frame.
  await expect.poll(() => distinctCanvasColours(viewerOf(page)), { timeout: 60_000 }).toBeGreaterThan(1);
  const marker = freshMarker(label);
  try {
    await typeInXterm(page, `touch ${marker}`);
    await fileAppears(marker);
  } finally {
    await removeQuietly(marker);
  }
}

/** A new page of the browser, logged in with the host's login link. */
export async function openDeck(context: BrowserContext, loginUrl: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(loginUrl);
  return page;
}
