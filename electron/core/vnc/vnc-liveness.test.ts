// The liveness check of a server on loopback TCP: it must not connect at all (TigerVNC counts every
// accepted connection towards its blacklist until one authenticates).
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkVncAlive } from './vnc-liveness';

describe('checkVncAlive on loopback TCP', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('finds a listening server without ever connecting to it', async () => {
    let connections = 0;
    server = createServer((socket) => {
      connections += 1;
      socket.end('RFB 003.008\n');
    });
    await new Promise<void>((resolve) => server!.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (server.address() as { port: number }).port;
    for (let i = 0; i < 10; i++) await checkVncAlive({ host: '127.0.0.1', port }, undefined, 1_000);
    await checkVncAlive({ host: 'localhost', port }, undefined, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(connections).toBe(0);
  });

  it('says so when nothing listens there any more', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(checkVncAlive({ host: '127.0.0.1', port }, undefined, 1_000)).rejects.toThrow(`nothing listens on 127.0.0.1:${port}`);
  });
});
