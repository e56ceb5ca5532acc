// View-only enforced by the bridge against a real TigerVNC Xvnc: input on a view-only connection
// never reaches X, the same input on a full-control connection does.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgedXvnc, type BridgedXvnc } from './testing/bridged-xvnc';
import * as rfb from './testing/rfb-bytes';
import type { RfbClient } from './testing/rfb-client';
import { lockFileOf, pointerPosition } from './testing/xvnc';

let server: BridgedXvnc;

beforeAll(async () => {
  server = await startBridgedXvnc({ password: 'viewonly', sessionId: 'xvnc' });
});

afterAll(async () => {
  await server?.close();
  if (server) expect(existsSync(lockFileOf(server.xvnc.display))).toBe(false);
});

const viewer = (viewOnly: boolean, shared = true) => server.viewer({ viewOnly, shared });
const closeViewer = (client: RfbClient) => server.leave(client);

describe('view-only against a real Xvnc', () => {
  it('drops pointer, key and clipboard input from a view-only viewer and passes it from a full one', async () => {
    const start = await pointerPosition(server.xvnc.display);
    const watcher = await viewer(true);
    expect(watcher.serverInit).toMatchObject({ width: 800, height: 600 });
    const target = { x: start.x === 37 ? 38 : 37, y: start.y === 41 ? 42 : 41 };

    watcher.send(rfb.pointerEvent(0, target.x, target.y));
    watcher.send(rfb.keyEvent(true, 0xffe5)); // Caps_Lock
    watcher.send(rfb.keyEvent(false, 0xffe5));
    watcher.send(rfb.clientCutText('from a view-only viewer'));
    await watcher.sync();
    expect(await pointerPosition(server.xvnc.display)).toEqual(start);
    expect(watcher.ws.readyState).toBe(watcher.ws.OPEN); // dropped, not disconnected

    const controller = await viewer(false);
    controller.send(rfb.pointerEvent(0, target.x, target.y));
    await controller.sync();
    expect(await pointerPosition(server.xvnc.display)).toEqual(target);

    // And the view-only viewer still cannot move it back.
    watcher.send(rfb.pointerEvent(0, start.x, start.y));
    await watcher.sync();
    expect(await pointerPosition(server.xvnc.display)).toEqual(target);

    await closeViewer(watcher);
    await closeViewer(controller);
    expect(server.bridge.sessionTraffic('xvnc')?.lastInputAt).not.toBeNull();
  });

  it('keeps other viewers connected when a view-only viewer asks for exclusive access', async () => {
    const controller = await viewer(false);
    const watcher = await viewer(true, false); // ClientInit shared=0: the bridge rewrites it to shared
    await watcher.sync();
    await controller.sync();
    expect(controller.ws.readyState).toBe(controller.ws.OPEN);
    await closeViewer(watcher);
    await closeViewer(controller);
  });
});
