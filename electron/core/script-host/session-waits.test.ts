// A script's waits for its server, given a Unix socket's path instead of host and port.
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { createSessionResources, type SessionResourcesHandle } from './session-resources';

describe('waitForPort and waitForRfb with a socket path', () => {
  let dir: TempDir;
  let handle: SessionResourcesHandle | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
    await handle?.release();
    await dir?.remove();
  });

  it('waits until a server listens on the socket, then reads its banner', async () => {
    dir = await makeTempDir('deck-waits');
    handle = await createSessionResources({ id: 'waits1', sessionsDir: dir.path, env: {}, stopGraceMs: 500, waitTimeoutMs: 5_000 });
    const { resources } = handle;
    const path = join(resources.scratchDir, 'rfb.sock');
    const port = resources.waitForPort(path, 3_000);
    const banner = resources.waitForRfb(path);
    setTimeout(() => {
      server = createServer((socket) => {
        socket.on('error', () => undefined); // the port check hangs up at once
        socket.end('RFB 003.008\n');
      });
      server.listen({ path });
    }, 200);
    await expect(port).resolves.toBeUndefined();
    await expect(banner).resolves.toBe('RFB 003.008');
  });

  it('gives up after the timeout given after the path, naming the socket', async () => {
    dir = await makeTempDir('deck-waits');
    handle = await createSessionResources({ id: 'waits2', sessionsDir: dir.path, env: {}, stopGraceMs: 500, waitTimeoutMs: 60_000 });
    const path = join(handle.resources.scratchDir, 'none.sock');
    await expect(handle.resources.waitForRfb(path, 300)).rejects.toThrow(path);
  });
});
