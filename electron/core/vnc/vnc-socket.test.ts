// Connections to a Unix socket with a short listen backlog, as Xvnc's (5): many at once must all
// get through, not fail with EAGAIN, with a plain socket and with a reused read buffer.
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { connectVnc } from './vnc-socket';

const BANNER = 'RFB 003.008\n';

describe('connectVnc over a Unix socket', () => {
  let dir: TempDir;
  let server: Server;
  let path: string;

  beforeEach(async () => {
    dir = await makeTempDir('deck-vnc-socket');
    path = join(dir.path, 'rfb.sock');
    server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end(BANNER);
    });
    await new Promise<void>((resolve) => server.listen({ path, backlog: 5 }, resolve));
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await dir.remove();
  });

  const firstBytes = (socket: Socket) =>
    new Promise<string>((resolve, reject) => {
      socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1')));
      socket.once('error', reject);
    });

  it('lets 50 connects opened in one go all reach the server', async () => {
    // All opened before the server (same thread) can accept one: the backlog overflows at once.
    const sockets = Array.from({ length: 50 }, () => connectVnc({ kind: 'unix', path }));
    const banners = await Promise.allSettled(sockets.map(firstBytes));
    sockets.forEach((socket) => socket.destroy());
    expect(banners.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
  });

  it('does the same for sockets that read into a reused buffer', async () => {
    const reads = Array.from({ length: 50 }, () => {
      let resolve!: (text: string) => void;
      const first = new Promise<string>((done) => (resolve = done));
      const socket = connectVnc(
        { kind: 'unix', path },
        { onread: { buffer: Buffer.alloc(64), callback: (n, buffer) => (resolve(Buffer.from(buffer.subarray(0, n)).toString('latin1')), true) } },
      );
      const failed = new Promise<string>((done) => socket.once('error', (error) => done(`error: ${error.message}`)));
      return { socket, first: Promise.race([first, failed]) };
    });
    const banners = await Promise.all(reads.map((read) => read.first));
    reads.forEach((read) => read.socket.destroy());
    expect(new Set(banners)).toEqual(new Set([BANNER]));
  });

  it('connects over TCP as before', async () => {
    const tcp = createServer((socket) => socket.end(BANNER));
    await new Promise<void>((resolve) => tcp.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (tcp.address() as { port: number }).port;
    try {
      const socket = connectVnc({ host: '127.0.0.1', port });
      expect(await firstBytes(socket)).toBe(BANNER);
      socket.destroy();
    } finally {
      await new Promise((resolve) => tcp.close(resolve));
    }
  });
});
