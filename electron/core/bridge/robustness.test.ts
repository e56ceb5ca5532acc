// Hostile and broken peers, with real sockets. In every case the bridge stays up, a valid viewer is
// served at the same time, and no socket is left open afterwards. (One file of about 330 lines:
// every case shares the bridge, the echo target and the valid viewer set up below.)
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createBridge } from './bridge';
import { CLOSE } from './close-codes';
import { openSocketCount } from './testing/fds';
import { clientFrame, rawConnect, rawUpgrade, sendAndReadToClose, serverCloseCode, upgradeRequest, waitFor } from './testing/raw-client';
import { patternBytes, startEchoServer, startTcpServer, type TestTcpServer } from './testing/tcp-servers';
import { ByteReader, closeOf, connectViewer } from './testing/viewer-client';
import type { Bridge, BridgeActivity, BridgeOptions } from './types';

/** Raw TCP stand-ins for VNC servers: the viewer's bytes are relayed as they are, no RFB security by the bridge. */
const RAW = { security: 'viewer' } as const;

const ORIGIN = 'http://127.0.0.1:5173';
const HANDSHAKE_TIMEOUT_MS = 300;

let bridge: Bridge;
let echo: TestTcpServer;
let events: BridgeActivity[];
let baselineSockets: number;

async function startBridge(overrides: Partial<BridgeOptions> = {}): Promise<void> {
  bridge = createBridge({
    allowedOrigins: [ORIGIN],
    allowMissingOrigin: true,
    handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS,
    maxMessageBytes: 64 * 1024,
    ...overrides,
  });
  await bridge.start();
  bridge.onActivity((event) => events.push(event));
}

beforeEach(async () => {
  events = [];
  echo = await startEchoServer();
  await startBridge();
  baselineSockets = openSocketCount();
});

afterEach(async () => {
  await bridge.close();
  await echo.close();
});

const echoTarget = () => ({ host: '127.0.0.1', port: echo.port });

/** No socket of the bridge, the targets or the clients is left behind (with the bridge still up). */
async function expectNoLeakedSockets(): Promise<void> {
  await waitFor(() => openSocketCount() <= baselineSockets, `sockets back to ${baselineSockets} (now ${openSocketCount()})`);
}

/** A valid viewer that keeps echoing while an attack runs; check() proves it still works. */
async function validViewer(): Promise<{ check(round: number): Promise<void>; close(): Promise<void> }> {
  const ws = await connectViewer(bridge.issueTicket('good', echoTarget(), RAW).url);
  const reader = new ByteReader(ws);
  return {
    async check(round) {
      const payload = patternBytes(32 * 1024, round);
      ws.send(payload);
      expect((await reader.read(payload.length)).equals(payload)).toBe(true);
    },
    async close() {
      const closed = closeOf(ws);
      ws.close(1000);
      await closed;
    },
  };
}

function waitForEvent(predicate: (event: BridgeActivity) => boolean): Promise<BridgeActivity> {
  const found = events.find(predicate);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const off = bridge.onActivity((event) => {
      if (predicate(event)) {
        off();
        resolve(event);
      }
    });
  });
}

describe('bridge robustness', () => {
  it('survives 1,000 bad upgrade attempts without touching the target, serving a valid viewer meanwhile', async () => {
    const good = await validViewer();
    const forged = `/vnc/${'x'.repeat(43)}`;
    const attempts: (() => Promise<string>)[] = [
      () => sendAndReadToClose(bridge.port, upgradeRequest('/vnc/')),
      () => sendAndReadToClose(bridge.port, upgradeRequest(forged)),
      () => sendAndReadToClose(bridge.port, upgradeRequest(forged, { Origin: 'http://evil.example' })),
      () => sendAndReadToClose(bridge.port, upgradeRequest(forged, { 'Sec-WebSocket-Protocol': 'chat' })),
      () => sendAndReadToClose(bridge.port, upgradeRequest(forged, { 'Sec-WebSocket-Version': '8' })),
      () => sendAndReadToClose(bridge.port, upgradeRequest('/../../etc/passwd')),
      () => sendAndReadToClose(bridge.port, Buffer.from('\x16\x03\x01\x02\x00garbage\r\n\r\n', 'latin1')),
      () => sendAndReadToClose(bridge.port, 'GET /vnc/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
      () => sendAndReadToClose(bridge.port, upgradeRequest(forged, { 'X-Padding': 'p'.repeat(20_000) })),
    ];
    const statuses: string[] = [];
    for (let batch = 0; batch < 20; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => attempts[(batch * 50 + i) % attempts.length]!()),
      );
      statuses.push(...answers.map((text) => text.split('\r\n')[0] ?? ''));
      await good.check(batch);
    }
    expect(statuses).toHaveLength(1000);
    for (const status of statuses) expect(status).toMatch(/^HTTP\/1\.1 (400|403|404|426|431) /);
    expect(echo.accepted).toBe(1); // only the valid viewer ever reached the target
    expect(events.filter((event) => event.kind === 'ticket_rejected').length).toBeGreaterThanOrEqual(888);
    await good.close();
    await expectNoLeakedSockets();
  });

  it('closes on garbage frames (1002), text (1003) and oversized messages (1009), closing the target too', async () => {
    const good = await validViewer();
    const cases: [Buffer, number][] = [
      [Buffer.from([0x82, 0x05, 1, 2, 3, 4, 5]), 1002], // unmasked client frame
      [Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 1002],
      [clientFrame(Buffer.from('RFB 003.008\n'), 1), CLOSE.unsupportedData],
      [clientFrame(Buffer.alloc(64 * 1024 + 1)), 1009],
      [Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]), 1009], // 2^63 length
    ];
    for (const [frame, expected] of cases) {
      const { socket, rest } = await rawUpgrade(bridge.port, new URL(bridge.issueTicket('bad', echoTarget(), RAW).url).pathname);
      const targetSide = await echo.nextConnection();
      const code = serverCloseCode(socket, rest);
      socket.write(frame);
      expect(await code).toBe(expected);
      if (!targetSide.destroyed) await once(targetSide, 'close');
      await good.check(expected);
    }
    await good.close();
    await expectNoLeakedSockets();
  });

  it('drops slowloris handshakes after the handshake timeout', async () => {
    const good = await validViewer();
    const slow: Socket[] = await Promise.all(Array.from({ length: 20 }, () => rawConnect(bridge.port)));
    const closed = slow.map((socket) => once(socket, 'close'));
    for (const socket of slow) {
      socket.on('error', () => {});
      socket.write('GET /vnc/'); // ...and never finish the request line
    }
    await good.check(1);
    await Promise.all(closed);
    await waitFor(
      () => events.filter((event) => event.kind === 'ticket_rejected' && event.reason === 'handshake_timeout').length === 20,
      '20 handshake_timeout events',
    );
    await good.check(2);
    expect(echo.accepted).toBe(1);
    await good.close();
    await expectNoLeakedSockets();
  });

  it('bounds memory for a viewer that never reads, and the heartbeat drops it', async () => {
    await bridge.close();
    await startBridge({ heartbeatIntervalMs: 250, highWaterMarkBytes: 256 * 1024 });
    baselineSockets = openSocketCount();
    // A target that would send 1 GiB as fast as it may.
    const offered = 1024 * 1024 * 1024;
    const chunk = Buffer.alloc(256 * 1024, 0x5a);
    let accepted = 0;
    const source = await startTcpServer((socket) => {
      const pump = () => {
        while (accepted < offered && !socket.destroyed) {
          accepted += chunk.length;
          if (!socket.write(chunk)) return;
        }
      };
      socket.on('drain', pump);
      pump();
    });
    try {
      const good = await validViewer();
      const { socket } = await rawUpgrade(bridge.port, new URL(bridge.issueTicket('stuck', { host: '127.0.0.1', port: source.port }, RAW).url).pathname);
      socket.on('error', () => {});
      // The socket stays paused: the viewer never reads a byte, nor answers a ping.
      const dropped = await waitForEvent((event) => event.kind === 'viewer_disconnected' && event.sessionId === 'stuck');
      // Kernel socket buffers on loopback hold a few MiB each way; the bridge adds at most its bound.
      // Without backpressure the bridge would have read most of the gigabyte by now.
      const writtenToKernel = accepted;
      expect(writtenToKernel).toBeLessThan(64 * 1024 * 1024);
      expect(dropped).toMatchObject({ code: 1006 });
      await good.check(1);
      socket.destroy();
      await good.close();
    } finally {
      await source.close();
    }
    await expectNoLeakedSockets();
  });

  it('delivers every byte to a slow viewer before the close when the target ends mid-stream', async () => {
    // The bridge may buffer all of it (high-water mark above the size), so the target can finish
    // and close while the viewer has not read a byte: the close must still come after the data.
    await bridge.close();
    await startBridge({ highWaterMarkBytes: 16 * 1024 * 1024 });
    baselineSockets = openSocketCount();
    const size = 6 * 1024 * 1024;
    let targetClosed!: Promise<unknown>;
    const source = await startTcpServer((socket) => {
      targetClosed = once(socket, 'close');
      socket.end(patternBytes(size, 3));
    });
    try {
      const ws = await connectViewer(bridge.issueTicket('slow', { host: '127.0.0.1', port: source.port }, RAW).url);
      ws.pause(); // a viewer that reads nothing until the target has finished and gone
      await waitFor(() => targetClosed !== undefined, 'the target connection');
      await targetClosed;
      const reader = new ByteReader(ws);
      const closed = closeOf(ws);
      ws.resume();
      expect(await closed).toMatchObject({ code: CLOSE.targetClosed });
      expect(reader.total).toBe(size);
      expect(reader.drain().equals(patternBytes(size, 3))).toBe(true);
    } finally {
      await source.close();
    }
    await expectNoLeakedSockets();
  });

  it('closes with 1011 after passing on what a target sent before resetting', async () => {
    const source = await startTcpServer((socket) => socket.write('RFB 003.008\n'));
    try {
      const good = await validViewer();
      const ws = await connectViewer(bridge.issueTicket('reset', { host: '127.0.0.1', port: source.port }, RAW).url);
      const targetSide = await source.nextConnection();
      const reader = new ByteReader(ws);
      expect((await reader.read(12)).toString()).toBe('RFB 003.008\n');
      const closed = closeOf(ws);
      targetSide.resetAndDestroy();
      const { code, reason } = await closed;
      expect(code).toBe(CLOSE.targetError);
      expect(reason).toMatch(/ECONNRESET/);
      await good.check(1);
      await good.close();
    } finally {
      await source.close();
    }
    await expectNoLeakedSockets();
  });

  it('passes every byte of a viewer that sends and leaves at once on to the target', async () => {
    const size = 8 * 1024 * 1024;
    let received = 0;
    let done!: Promise<unknown>;
    const sink = await startTcpServer((socket) => {
      socket.on('data', (data: Buffer) => (received += data.length));
      done = once(socket, 'end');
    });
    try {
      await bridge.close();
      await startBridge({ maxMessageBytes: 1024 * 1024 });
      baselineSockets = openSocketCount();
      const ws = await connectViewer(bridge.issueTicket('leaving', { host: '127.0.0.1', port: sink.port }, RAW).url);
      for (let i = 0; i < 8; i += 1) ws.send(Buffer.alloc(1024 * 1024, i));
      ws.close(1000);
      await closeOf(ws);
      await waitFor(() => done !== undefined, 'the target connection');
      await done;
      expect(received).toBe(size);
    } finally {
      await sink.close();
    }
    await expectNoLeakedSockets();
  });

  it('completes the close handshake when a target that reads nothing ends while the viewer floods it', async () => {
    await bridge.close();
    await startBridge({ maxMessageBytes: 1024 * 1024 });
    baselineSockets = openSocketCount();
    const sink = await startTcpServer((socket) => socket.pause()); // reads nothing
    try {
      const ws = await connectViewer(bridge.issueTicket('jammed', { host: '127.0.0.1', port: sink.port }, RAW).url);
      const targetSide = await sink.nextConnection();
      for (let i = 0; i < 64; i += 1) ws.send(Buffer.alloc(1024 * 1024, i));
      await waitFor(() => (bridge.sessionTraffic('jammed')?.toTarget ?? 0) > 0, 'the flood to reach the bridge');
      const closed = closeOf(ws);
      const reported = waitForEvent((event) => event.kind === 'viewer_disconnected' && event.sessionId === 'jammed');
      targetSide.end();
      // 1000 on both sides: the bridge read the viewer's close frame instead of timing out (1006).
      expect(await closed).toMatchObject({ code: CLOSE.targetClosed });
      expect(await reported).toMatchObject({ code: CLOSE.targetClosed });
    } finally {
      await sink.close();
    }
    await expectNoLeakedSockets();
  });

  it('closes the target when the viewer vanishes without a close frame', async () => {
    const ws: WebSocket = await connectViewer(bridge.issueTicket('vanish', echoTarget(), RAW).url);
    const targetSide = await echo.nextConnection();
    let targetClosed = false;
    targetSide.once('close', () => (targetClosed = true));
    ws.terminate();
    await expect.poll(() => targetClosed, { timeout: 2_000 }).toBe(true);
    // 1006: the bridge saw the TCP connection drop, not a close frame.
    await expect.poll(() => events.find((event) => event.kind === 'viewer_disconnected' && event.sessionId === 'vanish')).toMatchObject({ code: 1006, viewers: 0 });
    await expectNoLeakedSockets();
  });
});

describe('bridge sessions', () => {
  it('lets shared viewers watch together and replaces the others of a non-shared one (4001)', async () => {
    const a = await connectViewer(bridge.issueTicket('s', echoTarget(), { ...RAW, shared: true }).url);
    const b = await connectViewer(bridge.issueTicket('s', echoTarget(), { ...RAW, shared: true }).url);
    const aClosed = closeOf(a);
    const bClosed = closeOf(b);
    const c = await connectViewer(bridge.issueTicket('s', echoTarget(), RAW).url);
    expect((await aClosed).code).toBe(CLOSE.replaced);
    expect((await bClosed).code).toBe(CLOSE.replaced);
    const cClosed = closeOf(c);
    await bridge.close();
    expect((await cClosed).code).toBe(CLOSE.bridgeClosing);
  });

  it('keeps an idle viewer that answers heartbeats', async () => {
    await bridge.close();
    await startBridge({ heartbeatIntervalMs: 50 });
    const ws = await connectViewer(bridge.issueTicket('idle', echoTarget(), RAW).url);
    let pings = 0;
    await new Promise<void>((resolve) => ws.on('ping', () => ++pings === 5 && resolve()));
    expect(ws.readyState).toBe(ws.OPEN);
    const closed = closeOf(ws);
    ws.close(1000);
    await closed;
  });
});
