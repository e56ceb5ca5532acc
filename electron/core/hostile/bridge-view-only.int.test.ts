// View-only used to end at the bridge: a view-only ticket came with the session's full VNC password,
// which worked directly on the server's port (typed text arrived), and an external session's viewers
// were handed the user's saved server password. Now the bridge authenticates with the server itself
// and a viewer is given a ticket URL and nothing else. With the real engine, real Xvnc servers.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningAddresses } from '../../../scripts/testing/script-session';
import * as rfb from '../bridge/testing/rfb-bytes';
import { RfbClient } from '../bridge/testing/rfb-client';
import { connectViewer } from '../bridge/testing/viewer-client';
import { pointerPosition, startXvnc, type TestXvnc } from '../bridge/testing/xvnc';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { reserveDisplays } from '../testing/free-display';
import { probeRfbServer } from '../vnc/rfb-client';
import { readVncPasswordFile } from '../vnc/vnc-auth';
import { withoutLeaks } from './leak-check';

const DISPLAY_BASE = await reserveDisplays(1);
const SAVED_PASSWORD = 'saved-pw';
let harness: EngineHarness;
/** A foreign server without VNC authentication, and one with its own password (saved in the app). */
let openServer: TestXvnc;
let lockedServer: TestXvnc;

beforeAll(async () => {
  openServer = await startXvnc('640x480');
  lockedServer = await startXvnc('640x480', { password: SAVED_PASSWORD });
  harness = await startEngine({
    Desk: { script: 'xvnc', count: 1, options: { sizes: ['800x600'], display_base: DISPLAY_BASE } },
    Open: { script: 'external', count: 1, options: { sizes: ['640x480'], port: openServer.rfbPort } },
    Locked: { script: 'external', count: 1, options: { sizes: ['640x480'], port: lockedServer.rfbPort, password_secret: 'locked' } },
  });
  await harness.engine.setSecret('locked', SAVED_PASSWORD);
});

afterAll(async () => {
  await harness?.close();
  await openServer?.stop();
  await lockedServer?.stop();
});

/** Connects with what openViewer gave, nothing else, and reads one whole frame. */
async function watch(url: string): Promise<RfbClient> {
  const client = new RfbClient(await connectViewer(url));
  await client.handshake(true);
  const { width, height, bytesPerPixel } = client.serverInit ?? { width: 0, height: 0, bytesPerPixel: 0 };
  expect(await client.frame()).toBe(width * height * bytesPerPixel);
  return client;
}

async function leave(client: RfbClient): Promise<void> {
  const closed = new Promise((resolve) => client.ws.once('close', resolve));
  client.ws.close(1000);
  await closed;
}

describe('view-only past the bridge (hostile)', () => {
  it('gives a view-only viewer a ticket URL only, and nothing it is given opens the server\'s port', async () => {
    const { engine, dir } = harness;
    const session = await engine.startSession({ type: 'Desk', size: '800x600' });
    try {
      await withoutLeaks(async () => {
        const password = await readVncPasswordFile(join(dir, 'data', 'sessions', session.id, 'passwd'));
        const access = await engine.openViewer(session.id, { viewOnly: true });
        expect(Object.keys(access).sort()).toEqual(['url', 'viewOnly']);
        expect(access.viewOnly).toBe(true);
        expect(JSON.stringify(access)).not.toContain(password);
        // Nor a full-control viewer's, nor the HTTP answer's shape.
        expect(JSON.stringify(await engine.openViewer(session.id))).not.toContain(password);

        // Everything the viewer holds, tried on the server's own port: VncAuth uses 8 bytes of a
        // password, so the URL's and the ticket's first 8 count; and no security at all.
        const port = 5900 + DISPLAY_BASE + session.index;
        if ((await listeningAddresses(port)).length > 0) {
          const ticket = access.url.slice(access.url.lastIndexOf('/') + 1);
          for (const candidate of [access.url, ticket]) {
            await expect(probeRfbServer('127.0.0.1', port, candidate)).rejects.toThrow(/authentication failed/i);
          }
          await expect(probeRfbServer('127.0.0.1', port, undefined)).rejects.toThrow(/no supported security type/);
          // While the session's own password, which only the bridge holds, does open it.
          expect(await probeRfbServer('127.0.0.1', port, password)).toMatchObject({ width: 800, height: 600 });
        }
        // (A server on a Unix socket in the session's private directory has no port to try at all.)

        // The view-only viewer watches: it gets frames, and its input does not reach X.
        const display = DISPLAY_BASE + session.index;
        const xauthority = { XAUTHORITY: join(dir, 'data', 'sessions', session.id, 'Xauthority') };
        const before = await pointerPosition(display, xauthority);
        const watcher = await watch(access.url);
        watcher.send(rfb.pointerEvent(0, before.x === 11 ? 12 : 11, 13));
        await watcher.sync();
        expect(await pointerPosition(display, xauthority)).toEqual(before);
        // The full-control viewer gets frames too, and its pointer does arrive.
        const controller = await watch((await engine.openViewer(session.id)).url);
        controller.send(rfb.pointerEvent(0, 21, 23));
        await controller.sync();
        expect(await pointerPosition(display, xauthority)).toEqual({ x: 21, y: 23 });
        await leave(watcher);
        await leave(controller);
      });
    } finally {
      await engine.stopSession(session.id);
    }
  });

  it('authenticates an external session with its saved password, which no viewer is given', async () => {
    const { engine } = harness;
    const session = await engine.startSession({ type: 'Locked', size: '640x480' });
    try {
      await withoutLeaks(async () => {
        for (const viewOnly of [true, false]) {
          const access = await engine.openViewer(session.id, { viewOnly });
          expect(JSON.stringify(access)).not.toContain(SAVED_PASSWORD);
          await leave(await watch(access.url));
        }
      });
    } finally {
      await engine.stopSession(session.id);
    }
    expect(lockedServer.running()).toBe(true);
  });

  it('still serves an external server without VNC authentication, to full and view-only viewers', async () => {
    const { engine } = harness;
    const session = await engine.startSession({ type: 'Open', size: '640x480' });
    try {
      await withoutLeaks(async () => {
        for (const viewOnly of [true, false]) {
          const client = await watch((await engine.openViewer(session.id, { viewOnly })).url);
          expect(client.serverInit).toMatchObject({ width: 640, height: 480 });
          await leave(client);
        }
      });
    } finally {
      await engine.stopSession(session.id);
    }
  });
});
