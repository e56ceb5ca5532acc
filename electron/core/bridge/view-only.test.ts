// View-only through the whole bridge with a byte-recording TCP target speaking the first bytes of
// RFB 3.8: exactly the allowed bytes arrive, and a message the bridge cannot vet ends the connection.
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBridge } from './bridge';
import { CLOSE } from './close-codes';
import { waitFor } from './testing/raw-client';
import * as rfb from './testing/rfb-bytes';
import { startTcpServer, type TestTcpServer } from './testing/tcp-servers';
import { ByteReader, closeOf, connectViewer } from './testing/viewer-client';
import type { Bridge } from './types';

let bridge: Bridge;
let server: TestTcpServer;
let received: Buffer;
let targetClosed: Promise<unknown>;

beforeEach(async () => {
  received = Buffer.alloc(0);
  server = await startTcpServer((socket: Socket) => {
    targetClosed = once(socket, 'close');
    socket.on('data', (data: Buffer) => (received = Buffer.concat([received, data])));
    socket.write(rfb.rfbVersion(8));
  });
  bridge = createBridge({ allowedOrigins: [], allowMissingOrigin: true });
  await bridge.start();
});

afterEach(async () => {
  await bridge.close();
  await server.close();
});

async function viewOnlyViewer() {
  const ws = await connectViewer(bridge.issueTicket('s', { host: '127.0.0.1', port: server.port }, { viewOnly: true, security: 'viewer' }).url);
  const reader = new ByteReader(ws);
  expect((await reader.read(12)).toString('latin1')).toBe('RFB 003.008\n');
  return ws;
}

describe('view-only through the bridge', () => {
  it('forwards the handshake and viewer needs, never input; the target sees a shared ClientInit', async () => {
    const ws = await viewOnlyViewer();
    const sent = [
      rfb.rfbVersion(8), Buffer.from([1]), Buffer.from([0]), // None, exclusive ClientInit
      rfb.setPixelFormat(), rfb.keyEvent(true, 0x61), rfb.setEncodings([0, -223]),
      rfb.pointerEvent(1, 5, 5), rfb.clientCutText('pw'), rfb.framebufferUpdateRequest(false, 0, 0, 10, 10),
    ];
    for (const message of sent) ws.send(message);
    const expected = Buffer.concat([
      rfb.rfbVersion(8), Buffer.from([1]), Buffer.from([1]),
      rfb.setPixelFormat(), rfb.setEncodings([0, -223]), rfb.framebufferUpdateRequest(false, 0, 0, 10, 10),
    ]);
    // Ends with the update request: once it has arrived, everything before it has been decided.
    await waitFor(() => received.length >= expected.length, 'the update request at the target');
    expect(received.equals(expected)).toBe(true);
    expect(bridge.sessionTraffic('s')?.lastInputAt).toBeNull();
    ws.close(1000);
    await closeOf(ws);
  });

  it('closes with 1008 on a message it cannot vet, and closes the target', async () => {
    const ws = await viewOnlyViewer();
    const closed = closeOf(ws);
    ws.send(Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 1]), Buffer.from([77, 0, 0, 0])]));
    const { code, reason } = await closed;
    expect(code).toBe(CLOSE.policy);
    expect(reason).toMatch(/view-only: unknown message type 77/);
    await targetClosed;
  });
});
