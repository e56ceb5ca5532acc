// Stock noVNC (no wsProtocols: it offers no subprotocol, as 1.7 does by default) in a real Chromium
// connects through the bridge to a real Xvnc with VncAuth and draws the desktop's pixels; told to
// offer websockify's base64 text framing only, it is refused before the VNC server is contacted.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridge } from './bridge';
import { connectVnc, disconnectVnc, lastSocket, openNoVncPage, pixelAt, type NoVncPage } from './testing/novnc-page';
import { startXvnc, type TestXvnc } from './testing/xvnc';
import type { Bridge, BridgeActivity } from './types';

const PASSWORD = 'stocknovnc';
/** An xterm with this background fills the top-left corner of the desktop (no window manager). */
const PAINT = { css: '#ff8000', rgb: [0xff, 0x80, 0x00] };

let xvnc: TestXvnc;
let painter: ChildProcess;
let bridge: Bridge;
let browser: NoVncPage;
const events: BridgeActivity[] = [];
const target = () => ({ host: '127.0.0.1', port: xvnc.rfbPort });

/** How a connect attempt ended, as text (an error thrown inside the page carries page URLs in its stack). */
const outcome = (attempt: Promise<unknown>): Promise<string> =>
  attempt.then(
    () => 'connected',
    (error: unknown) => (error instanceof Error ? error.message.split('\n')[0]! : String(error)),
  );

beforeAll(async () => {
  xvnc = await startXvnc('800x600', { password: PASSWORD });
  painter = spawn('xterm', ['-display', `:${xvnc.display}`, '-geometry', '40x10+0+0', '-bg', PAINT.css, '-fg', PAINT.css], { stdio: 'ignore' });
  browser = await openNoVncPage();
  bridge = createBridge({ allowedOrigins: [browser.origin] });
  await bridge.start();
  bridge.onActivity((event) => events.push(event));
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  if (painter?.exitCode === null) {
    painter.kill('SIGTERM');
    await new Promise((resolve) => painter.once('exit', resolve));
  }
  await xvnc?.stop();
});

describe('stock noVNC through the bridge', () => {
  it('connects without a subprotocol and shows the desktop', async () => {
    const { page } = browser;
    expect(await outcome(connectVnc(page, bridge.issueTicket('stock', target(), { password: PASSWORD }).url, null))).toBe('connected');
    expect(await lastSocket(page)).toEqual({ offered: [], protocol: '' });
    await expect.poll(() => pixelAt(page, 10, 10), { timeout: 15_000 }).toEqual(PAINT.rgb);
    await disconnectVnc(page);
  });

  it('is refused when it offers only base64 text framing', async () => {
    const { page } = browser;
    expect(await outcome(connectVnc(page, bridge.issueTicket('base64', target(), { password: PASSWORD }).url, ['base64']))).toMatch(/disconnected/);
    expect(events.filter((event) => event.kind === 'ticket_rejected')).toMatchObject([{ reason: 'subprotocol_unsupported' }]);
    expect(events.some((event) => event.kind === 'viewer_connected' && event.sessionId === 'base64')).toBe(false);
  });
});
