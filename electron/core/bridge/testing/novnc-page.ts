// A real noVNC in a real Chromium for bridge tests: a loopback static server (Chromium's Local
// Network Access checks let a 127.0.0.1 page open ws://127.0.0.1) serving noVNC's ESM sources and a
// page that exposes connect/disconnect to the test.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright';
import { browserScratchDir, requireBrowser } from '../../../../scripts/dev/find-browser.mjs';

// The package exports only core/rfb.js; its root is two levels up.
const NOVNC_ROOT = dirname(dirname(createRequire(import.meta.url).resolve('@novnc/novnc')));

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>bridge test viewer</title>
<body style="margin:0"><div id="screen" style="width:800px;height:600px"></div>
<script type="module">
import RFB from '/novnc/core/rfb.js';
// Records what each WebSocket offered and what the server chose.
const NativeWebSocket = window.WebSocket;
window.sockets = [];
// A plain function returning the native socket: noVNC checks the socket's own prototype's properties.
window.WebSocket = function WebSocket(url, protocols) {
  const socket = new NativeWebSocket(url, protocols);
  window.sockets.push({ offered: protocols ?? null, socket });
  return socket;
};
Object.setPrototypeOf(window.WebSocket, NativeWebSocket);
window.WebSocket.prototype = NativeWebSocket.prototype;
window.lastSocket = () => {
  const last = window.sockets[window.sockets.length - 1];
  return last ? { offered: last.offered, protocol: last.socket.protocol } : null;
};
window.pixelAt = (x, y) => Array.from(document.querySelector('#screen canvas').getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3));
let rfb = null;
// protocols null: noVNC's own default (it offers no subprotocol).
window.connectVnc = (url, protocols) => new Promise((resolve, reject) => {
  rfb = new RFB(document.getElementById('screen'), url, protocols === null ? {} : { wsProtocols: protocols });
  rfb.addEventListener('connect', () => resolve(true), { once: true });
  rfb.addEventListener('disconnect', (e) => reject(new Error('disconnected: ' + JSON.stringify(e.detail))), { once: true });
});
window.disconnectVnc = () => new Promise((resolve) => {
  rfb.addEventListener('disconnect', () => resolve(true), { once: true });
  rfb.disconnect();
});
window.pageReady = true;
</script>`;

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.json': 'application/json' };

export interface NoVncPage {
  origin: string;
  page: Page;
  close(): Promise<void>;
}

export async function openNoVncPage(): Promise<NoVncPage> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    const file = normalize(join(NOVNC_ROOT, path.replace(/^\/novnc\//, '')));
    if (!path.startsWith('/novnc/') || !file.startsWith(NOVNC_ROOT + sep)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const browser = requireBrowser();
  const profile = await mkdtemp(join(browserScratchDir(browser, tmpdir()), 'bridge-novnc-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: browser.path,
    headless: true,
    viewport: { width: 900, height: 700 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(origin);
  await page.waitForFunction(() => (globalThis as unknown as { pageReady?: boolean }).pageReady === true);
  return {
    origin,
    page,
    async close() {
      await context.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** `wsProtocols` null connects as stock noVNC does (no subprotocol offered). */
export const connectVnc = (page: Page, url: string, wsProtocols: string[] | null = ['binary']): Promise<unknown> =>
  page.evaluate(
    ([u, p]) => (globalThis as unknown as { connectVnc(u: string, p: string[] | null): Promise<boolean> }).connectVnc(u, p),
    [url, wsProtocols] as const,
  );

/** What the page's last WebSocket offered (null: nothing given) and the subprotocol the server chose. */
export const lastSocket = (page: Page): Promise<{ offered: string[] | null; protocol: string } | null> =>
  page.evaluate(() => (globalThis as unknown as { lastSocket(): { offered: string[] | null; protocol: string } | null }).lastSocket());

/** The RGB of one pixel of noVNC's canvas. */
export const pixelAt = (page: Page, x: number, y: number): Promise<number[]> =>
  page.evaluate(([px, py]) => (globalThis as unknown as { pixelAt(x: number, y: number): number[] }).pixelAt(px, py), [x, y] as const);

export const disconnectVnc = (page: Page): Promise<unknown> =>
  page.evaluate(() => (globalThis as unknown as { disconnectVnc(): Promise<boolean> }).disconnectVnc());
