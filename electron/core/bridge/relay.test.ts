// The relay alone, with real sockets, where its internal flow state can be watched: backpressure
// bounds and the close handshake under backpressure.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { BufferPool } from './buffer-pool';
import { CLOSE } from './close-codes';
import { MAX_READ_BYTES } from './read-buffer';
import { Relay } from './relay';
import { rawUpgrade, waitFor } from './testing/raw-client';
import { startTcpServer, type TestTcpServer } from './testing/tcp-servers';
import { closeOf, connectViewer } from './testing/viewer-client';

const HIGH_WATER = 256 * 1024;

interface Harness {
  url: string;
  relay: Promise<Relay>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(target: TestTcpServer): Promise<Harness> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 * 1024 });
  let resolveRelay!: (relay: Relay) => void;
  let resolveClosed!: (info: { code: number; reason: string }) => void;
  const relay = new Promise<Relay>((resolve) => (resolveRelay = resolve));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
  const server: Server = createServer();
  server.on('upgrade', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) =>
      resolveRelay(
        new Relay({
          ws,
          target: { host: '127.0.0.1', port: target.port },
          highWaterMarkBytes: HIGH_WATER,
          connectTimeoutMs: 5_000,
          heartbeatIntervalMs: 0,
          pool: new BufferPool(),
          onTraffic: () => {},
          onInput: () => {},
          onClosed: (code, reason) => resolveClosed({ code, reason }),
        }),
      ),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async () => {
    (await relay).terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanups.push(close);
  return { url: `ws://127.0.0.1:${(server.address() as { port: number }).port}/`, relay, closed, close };
}

describe('Relay flow control', () => {
  it('stops reading a target whose viewer never reads, within its bound', async () => {
    const chunk = Buffer.alloc(64 * 1024, 1);
    const source = await startTcpServer((socket) => {
      const pump = () => {
        while (!socket.destroyed && socket.write(chunk));
      };
      socket.on('drain', pump);
      pump();
    });
    cleanups.push(() => source.close());
    const { url, relay } = await harness(source);
    const { socket } = await rawUpgrade(Number(new URL(url).port), '/'); // paused: reads nothing
    cleanups.push(async () => void socket.destroy());
    const live = await relay;
    await waitFor(() => live.flow.targetPaused, 'the relay to stop reading the target');
    expect(live.flow.toViewer).toBeLessThanOrEqual(HIGH_WATER + MAX_READ_BYTES);
  });

  it('stops reading a viewer whose target never reads, and still completes the close handshake when the target ends', async () => {
    let targetSide!: Socket;
    const sink = await startTcpServer((socket) => {
      targetSide = socket;
      socket.pause();
    });
    cleanups.push(() => sink.close());
    const { url, relay, closed } = await harness(sink);
    const ws = await connectViewer(url, { protocols: [] });
    const live = await relay;
    for (let i = 0; i < 64; i += 1) ws.send(Buffer.alloc(1024 * 1024, i));
    await waitFor(() => live.flow.viewerPaused, 'the relay to stop reading the viewer');
    expect(live.flow.toTarget).toBeLessThanOrEqual(HIGH_WATER + 2 * 1024 * 1024);
    const viewerClosed = closeOf(ws);
    targetSide.end();
    // 1000 on both sides: the relay read the viewer's answering close frame (not a 1006 time-out).
    expect(await viewerClosed).toMatchObject({ code: CLOSE.targetClosed });
    expect(await closed).toMatchObject({ code: CLOSE.targetClosed });
  });

  it('relays an update just over 16 KiB, written at once, as one WebSocket message (a 64 px square in raw)', async () => {
    // FramebufferUpdate header 4 + rectangle header 12 + 64 x 64 x 4 bytes of pixels + a LastRect 12.
    const update = Buffer.alloc(4 + 12 + 64 * 64 * 4 + 12, 7);
    const source = await startTcpServer((socket) => socket.once('data', () => socket.write(update)));
    cleanups.push(() => source.close());
    const { url } = await harness(source);
    const ws = await connectViewer(url, { protocols: [] });
    const messages: number[] = [];
    ws.on('message', (data: Buffer) => messages.push(data.length));
    ws.send(Buffer.from([3])); // the viewer asks; the target answers with one write
    await waitFor(() => messages.reduce((a, b) => a + b, 0) >= update.length, 'the update at the viewer');
    expect(messages).toEqual([update.length]);
    ws.close(1000);
    await closeOf(ws);
  });
});

