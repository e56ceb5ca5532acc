// The bridge answers the VNC server's security handshake itself (security 'bridge', the default):
// the viewer gets in with security None, and a refusal ends the viewer with its reason, never a hang.
// Against fake RFB servers on real sockets; view-only.xvnc.int.test.ts and hostile/ do it with Xvnc.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBridge } from './bridge';
import { CLOSE } from './close-codes';
import { startFakeRfbServer, type FakeRfbServer } from './testing/fake-rfb-server';
import { waitFor } from './testing/raw-client';
import * as rfb from './testing/rfb-bytes';
import { RfbClient } from './testing/rfb-client';
import { ByteReader, closeOf, connectViewer } from './testing/viewer-client';
import type { Bridge, BridgeActivity } from './types';

const PASSWORD = 'secret12';
let bridge: Bridge;
let events: BridgeActivity[];
const servers: FakeRfbServer[] = [];

beforeEach(async () => {
  events = [];
  bridge = createBridge({ allowedOrigins: [], allowMissingOrigin: true, targetConnectTimeoutMs: 500, heartbeatIntervalMs: 0 });
  await bridge.start();
  bridge.onActivity((event) => events.push(event));
});

afterEach(async () => {
  await bridge.close();
  for (const server of servers.splice(0)) await server.close();
});

async function fake(options: Parameters<typeof startFakeRfbServer>[0]): Promise<FakeRfbServer> {
  const server = await startFakeRfbServer(options);
  servers.push(server);
  return server;
}

const ticket = (server: FakeRfbServer, options: { password?: string; viewOnly?: boolean } = {}) =>
  bridge.issueTicket('s', { host: '127.0.0.1', port: server.port }, { shared: true, ...options }).url;

describe('bridge: RFB security by the bridge', () => {
  it('authenticates with the ticket\'s password and lets a viewer in with None; everything after is relayed', async () => {
    const server = await fake({ password: PASSWORD });
    const client = new RfbClient(await connectViewer(ticket(server, { password: PASSWORD })));
    expect(await client.handshake(false)).toMatchObject({ width: 640, height: 480, name: 'fake' });
    client.send(rfb.keyEvent(true, 0x61));
    await waitFor(() => (server.received[0]?.length ?? 0) === 8, 'the key event at the server');
    expect(server.outcomes).toEqual(['ok']);
    expect(server.sharedFlags).toEqual([0]); // a full-control viewer's own flag
    expect(server.received[0]?.equals(rfb.keyEvent(true, 0x61))).toBe(true);
    const closed = closeOf(client.ws);
    client.ws.close(1000);
    await closed;
  });

  it('uses None where that is all the server offers, and still forces a view-only viewer\'s ClientInit to shared', async () => {
    const server = await fake({ securityTypes: [1] });
    const client = new RfbClient(await connectViewer(ticket(server, { password: PASSWORD, viewOnly: true })));
    await client.handshake(false);
    client.send(rfb.pointerEvent(1, 5, 5));
    client.send(rfb.framebufferUpdateRequest(true, 0, 0, 1, 1));
    await waitFor(() => (server.received[0]?.length ?? 0) >= 10, 'the update request at the server');
    expect(server.outcomes).toEqual(['none']);
    expect(server.sharedFlags).toEqual([1]);
    expect(server.received[0]?.equals(rfb.framebufferUpdateRequest(true, 0, 0, 1, 1))).toBe(true);
    client.ws.terminate();
  });

  it('tells the viewer why a server refused the password, and closes with 1011 and that reason', async () => {
    const server = await fake({ password: 'other123' });
    const ws = await connectViewer(ticket(server, { password: PASSWORD }));
    const closed = closeOf(ws);
    const reader = new ByteReader(ws);
    expect((await reader.read(12)).toString('latin1')).toBe('RFB 003.008\n');
    // The viewer takes its time: the refusal is already in, and waits for it.
    await waitFor(() => server.outcomes.length === 1, 'the server refusing the password');
    ws.send(rfb.rfbVersion(8));
    expect([...(await reader.read(2))]).toEqual([1, 1]);
    ws.send(Buffer.from([1]));
    const result = await reader.read(8);
    expect(result.readUInt32BE(0)).toBe(1);
    const text = 'VNC server refused the password: Authentication failure';
    expect((await reader.read(result.readUInt32BE(4))).toString()).toBe(text);
    expect(await closed).toEqual({ code: CLOSE.targetError, reason: text });
    await waitFor(() => events.some((e) => e.kind === 'viewer_disconnected'), 'the disconnect event');
    expect(events.find((e) => e.kind === 'viewer_disconnected')).toMatchObject({ code: CLOSE.targetError, reason: text });
  });

  it('gives up telling a viewer that never gets that far, but still closes with the reason', async () => {
    const server = await fake({ password: 'other123' });
    const ws = await connectViewer(ticket(server, { password: PASSWORD }));
    expect(await closeOf(ws)).toEqual({ code: CLOSE.targetError, reason: 'VNC server refused the password: Authentication failure' });
  });

  it('never hangs on a server that stops answering or hangs up mid-handshake', async () => {
    const silent = await fake({ silentAfterBanner: true });
    expect(await closeOf(await connectViewer(ticket(silent, { password: PASSWORD })))).toEqual({
      code: CLOSE.targetError,
      reason: 'VNC server did not complete the security handshake in time',
    });
    const rude = await fake({ hangUpAfterVersion: true });
    expect(await closeOf(await connectViewer(ticket(rude, { password: PASSWORD })))).toEqual({
      code: CLOSE.targetError,
      reason: 'VNC server closed the connection during the security handshake',
    });
  });

  it('closes a viewer that asks for VncAuth itself with 1008: the bridge offers None only', async () => {
    const server = await fake({ password: PASSWORD });
    const ws = await connectViewer(ticket(server, { password: PASSWORD }));
    const closed = closeOf(ws);
    ws.send(Buffer.concat([rfb.rfbVersion(8), Buffer.from([2])]));
    expect(await closed).toEqual({ code: CLOSE.policy, reason: 'viewer chose security type 2; the bridge offers None (1) only' });
  });
});
