// A real noVNC in Chromium tries to type and point through a view-only ticket against a real Xvnc:
// nothing reaches X. The same noVNC with a full-control ticket does reach X, so the test can fail.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridge } from './bridge';
import * as rfb from './testing/rfb-bytes';
import { RfbClient } from './testing/rfb-client';
import { connectVnc, disconnectVnc, openNoVncPage, type NoVncPage } from './testing/novnc-page';
import { connectViewer } from './testing/viewer-client';
import { KeyWatcher } from './testing/xev-keys';
import { lockFileOf, pointerPosition, startXvnc, type TestXvnc } from './testing/xvnc';
import type { Bridge, BridgeActivity } from './types';

/** The test Xvnc asks for VncAuth: the bridge answers it, its viewers get in with security None. */
const PASSWORD = 'viewonly';

const KEY_A = 0x61;
const KEY_B = 0x62;
const KEY_Q = 0x71;
const KEY_Z = 0x7a;

let xvnc: TestXvnc;
let bridge: Bridge;
let browser: NoVncPage;
let keys: KeyWatcher;
/** A full-control Node client used to put markers into X's event stream. */
let marker: RfbClient;

const target = () => ({ host: '127.0.0.1', port: xvnc.rfbPort });

async function markKey(keysym: number): Promise<void> {
  const from = keys.mark;
  marker.send(rfb.keyEvent(true, keysym));
  marker.send(rfb.keyEvent(false, keysym));
  await keys.next(keysym, from);
}

function disconnected(sessionId: string): Promise<BridgeActivity> {
  return new Promise((resolve) => {
    const off = bridge.onActivity((event) => {
      if (event.kind === 'viewer_disconnected' && event.sessionId === sessionId) {
        off();
        resolve(event);
      }
    });
  });
}

beforeAll(async () => {
  xvnc = await startXvnc('800x600', { password: PASSWORD });
  browser = await openNoVncPage();
  bridge = createBridge({ allowedOrigins: [browser.origin], allowMissingOrigin: true });
  await bridge.start();
  keys = new KeyWatcher(xvnc.display);
  marker = new RfbClient(await connectViewer(bridge.issueTicket('marker', target(), { shared: true, password: PASSWORD }).url));
  await marker.handshake(true);
  // xev prints nothing when it starts: it is ready once it reports a key we send.
  for (let attempt = 0; ; attempt += 1) {
    const from = keys.mark;
    marker.send(rfb.keyEvent(true, KEY_A));
    marker.send(rfb.keyEvent(false, KEY_A));
    const seen = await Promise.race([keys.next(KEY_A, from).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 250))]);
    if (seen) break;
    if (attempt > 40) throw new Error('xev never reported a key');
  }
});

afterAll(async () => {
  marker?.ws.terminate();
  await keys?.stop();
  await browser?.close();
  await bridge?.close();
  await xvnc?.stop();
  if (xvnc) expect(existsSync(lockFileOf(xvnc.display))).toBe(false);
});

describe('view-only with a real noVNC in Chromium against a real Xvnc', () => {
  it('full control: noVNC moves the pointer and types', async () => {
    const { page } = browser;
    await connectVnc(page, bridge.issueTicket('novnc-full', target(), { shared: true, password: PASSWORD }).url);
    const canvas = (await page.locator('#screen canvas').boundingBox())!;
    const from = keys.mark;
    await page.mouse.move(canvas.x + 123, canvas.y + 45);
    await page.mouse.click(canvas.x + 123, canvas.y + 45);
    await page.keyboard.type('q');
    await expect.poll(() => keys.seen(KEY_Q, from), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => pointerPosition(xvnc.display), { timeout: 10_000 }).toEqual({ x: 123, y: 45 });
    const gone = disconnected('novnc-full');
    await disconnectVnc(page);
    expect(await gone).toMatchObject({ kind: 'viewer_disconnected', sessionId: 'novnc-full', viewers: 0 });
  });

  it('view-only: noVNC typing and pointing reach nothing', async () => {
    const { page } = browser;
    const before = await pointerPosition(xvnc.display);
    const from = keys.mark;
    await connectVnc(page, bridge.issueTicket('novnc-watch', target(), { shared: true, viewOnly: true, password: PASSWORD }).url);
    const canvas = (await page.locator('#screen canvas').boundingBox())!;
    await page.mouse.move(canvas.x + 400, canvas.y + 300);
    await page.mouse.click(canvas.x + 400, canvas.y + 300);
    await page.keyboard.type('zzz');
    // Disconnecting after the input means the bridge has seen (and dropped) all of it...
    const gone = disconnected('novnc-watch');
    await disconnectVnc(page);
    expect(await gone).toMatchObject({ kind: 'viewer_disconnected' });
    // ...and a key sent afterwards on another connection marks the end of what X could have got.
    await markKey(KEY_B);
    expect(keys.seen(KEY_Z, from)).toBe(false);
    expect(await pointerPosition(xvnc.display)).toEqual(before);
  });
});
