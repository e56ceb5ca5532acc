// One client message used to kill TigerVNC 1.12's Xvnc: a SetDesktopSize (251) sent before the client
// announced the ExtendedDesktopSize pseudo-encoding (-308) aborts it (segfault, session lost). The
// bridge now drops SetDesktopSize until the viewer's current SetEncodings has -308; after that a
// resize still works. Against a real Xvnc with VncAuth, through the bridge as every viewer reaches it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as rfb from '../bridge/testing/rfb-bytes';
import { startBridgedXvnc, type BridgedXvnc } from '../bridge/testing/bridged-xvnc';
import type { RfbClient } from '../bridge/testing/rfb-client';
import { withoutLeaks } from './leak-check';

let server: BridgedXvnc;

beforeAll(async () => {
  server = await startBridgedXvnc({ password: 'resize12', sessionId: 'resize' });
});

afterAll(async () => {
  await server?.close();
});

const viewer = (viewOnly = false) => server.viewer({ viewOnly });
const leave = (client: RfbClient) => server.leave(client);

describe('SetDesktopSize before ExtendedDesktopSize (hostile)', () => {
  it('no longer kills Xvnc: an early SetDesktopSize is dropped, whether or not other encodings were announced', async () => {
    await withoutLeaks(async () => {
      const early = await viewer();
      early.send(rfb.setDesktopSize(640, 480)); // nothing announced yet
      early.send(rfb.setEncodings([0, -223])); // DesktopSize, but not ExtendedDesktopSize
      early.send(rfb.setDesktopSize(1024, 768));
      await early.sync(); // answered: the server handled every message before it, and lives
      expect(server.xvnc.running()).toBe(true);
      await leave(early);
      const next = await viewer();
      expect(next.serverInit).toMatchObject({ width: 800, height: 600 });
      await leave(next);
    });
  });

  it('still resizes once the viewer has announced ExtendedDesktopSize', async () => {
    await withoutLeaks(async () => {
      const client = await viewer();
      client.send(rfb.setEncodings([0, -308]));
      await client.sync();
      client.send(rfb.setDesktopSize(640, 480));
      for (let i = 0; i < 50 && client.serverInit?.width !== 640; i += 1) await client.sync();
      expect(client.serverInit).toMatchObject({ width: 640, height: 480 });
      expect(server.xvnc.running()).toBe(true);
      await leave(client);
      const next = await viewer();
      expect(next.serverInit).toMatchObject({ width: 640, height: 480 });
      // A view-only viewer cannot resize even after announcing it.
      const watcher = await viewer(true);
      watcher.send(rfb.setEncodings([0, -308]));
      watcher.send(rfb.setDesktopSize(800, 600));
      await watcher.sync();
      await watcher.sync();
      await leave(watcher);
      const after = await viewer();
      expect(after.serverInit).toMatchObject({ width: 640, height: 480 });
      await leave(next);
      await leave(after);
    });
  });
});
