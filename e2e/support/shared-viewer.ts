// Whoever receives a shared view-only ticket: a separate browser with its own profile (not logged
// in) running plain noVNC, with no credentials (the bridge authenticates with the VNC server). Its page is served at the host's own origin by request interception,
// since the bridge accepts viewers from that origin only (as through an SSH tunnel).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import type { Page } from '@playwright/test';
import { launchChromium } from './chromium';

// The package exports only core/rfb.js; its root is two levels up.
const NOVNC_ROOT = dirname(dirname(createRequire(import.meta.url).resolve('@novnc/novnc')));
const PREFIX = '/__shared-viewer/';

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>shared viewer</title>
<body style="margin:0"><div id="screen" style="width:800px;height:600px"></div>
<script type="module">
import RFB from './novnc/core/rfb.js';
window.openTicket = (url) => new Promise((resolve) => {
  const rfb = new RFB(document.getElementById('screen'), url, { wsProtocols: ['binary'] });
  rfb.viewOnly = true;
  rfb.addEventListener('connect', () => resolve('connected'), { once: true });
  rfb.addEventListener('disconnect', () => resolve('disconnected'), { once: true });
  rfb.addEventListener('credentialsrequired', () => rfb.disconnect(), { once: true });
});
window.viewerReady = true;
</script>`;

export interface SharedViewer {
  page: Page;
  /** Connects with a ticket alone: 'connected' once noVNC finished the handshake, else 'disconnected'. */
  open(url: string): Promise<'connected' | 'disconnected'>;
  close(): Promise<void>;
}

export async function openSharedViewer(origin: string): Promise<SharedViewer> {
  const browser = await launchChromium();
  // An intercepted page has no address, so Chromium's Local Network Access checks would count it
  // as public and block its ws://127.0.0.1; the real receiver's page is loopback like the host's.
  await browser.context.grantPermissions(['local-network-access'], { origin });
  await browser.context.route(`${origin}${PREFIX}**`, async (route) => {
    const path = new URL(route.request().url()).pathname.slice(PREFIX.length);
    if (path === '') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE });
    const file = normalize(join(NOVNC_ROOT, path.replace(/^novnc\//, '')));
    if (!path.startsWith('novnc/') || !file.startsWith(NOVNC_ROOT + sep)) return route.fulfill({ status: 404 });
    return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: await readFile(file) });
  });
  const page = await browser.context.newPage();
  await page.goto(`${origin}${PREFIX}`);
  await page.waitForFunction(() => (window as unknown as { viewerReady?: boolean }).viewerReady === true);
  return {
    page,
    open: (url) => page.evaluate((u) => (window as unknown as { openTicket(u: string): Promise<'connected' | 'disconnected'> }).openTicket(u), url),
    close: () => browser.close(),
  };
}
