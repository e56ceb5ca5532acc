// Tickets with `preconnect`: the bridge signs in to the VNC server when the ticket is issued and
// hands that connection to the ticket's viewer, so its first frame does not wait for the sign-in.
// Against fake RFB servers on real sockets.
import { afterEach, describe, expect, it } from 'vitest';
import { createBridge } from './bridge';
import { CLOSE } from './close-codes';
import { startFakeRfbServer, type FakeRfbServer } from './testing/fake-rfb-server';
import { waitFor } from './testing/raw-client';
import * as rfb from './testing/rfb-bytes';
import { RfbClient } from './testing/rfb-client';
import { ByteReader, closeOf, connectViewer, refusedStatus } from './testing/viewer-client';
import type { Bridge, BridgeOptions } from './types';

const PASSWORD = 'secret12';
const bridges: Bridge[] = [];
const servers: FakeRfbServer[] = [];

afterEach(async () => {
  for (const bridge of bridges.splice(0)) await bridge.close();
  for (const server of servers.splice(0)) await server.close();
});

async function setUp(options: Partial<BridgeOptions> = {}, serverOptions: Parameters<typeof startFakeRfbServer>[0] = { password: PASSWORD }) {
  const bridge = createBridge({ allowedOrigins: [], allowMissingOrigin: true, heartbeatIntervalMs: 0, ...options });
  await bridge.start();
  bridges.push(bridge);
  const server = await startFakeRfbServer(serverOptions);
  servers.push(server);
  const issue = (sessionId = 's', extra: { preconnect?: boolean; group?: string; eagerHandshake?: boolean } = { preconnect: true }) =>
    bridge.issueTicket(sessionId, { host: '127.0.0.1', port: server.port }, { shared: true, password: PASSWORD, ...extra }).url;
  return { bridge, server, issue };
}

describe('bridge: signed in before the viewer comes (preconnect)', () => {
  it('signs in when the ticket is issued, and the ticket\'s viewer gets that connection', async () => {
    const { server, issue } = await setUp();
    const url = issue();
    await waitFor(() => server.outcomes.length === 1, 'the bridge signing in before any viewer');
    expect(server.outcomes).toEqual(['ok']);
    const client = new RfbClient(await connectViewer(url));
    expect(await client.handshake(false)).toMatchObject({ width: 640, height: 480, name: 'fake' });
    client.send(rfb.keyEvent(true, 0x61));
    await waitFor(() => (server.received[0]?.length ?? 0) === 8, 'the key event at the server');
    expect(server.received[0]?.equals(rfb.keyEvent(true, 0x61))).toBe(true);
    expect(server.sharedFlags).toEqual([0]); // the viewer's own ClientInit
    expect(server.accepted).toBe(1);
    // Single use, as before: the connection went with the ticket.
    expect(await refusedStatus(url)).toBe(403);
    client.ws.terminate();
  });

  it('hands a connection still signing in to a viewer that comes first, and the sign-in goes on there', async () => {
    let answer!: () => void;
    const { server, issue } = await setUp({}, { password: PASSWORD, bannerAfter: new Promise<void>((resolve) => (answer = resolve)) });
    const url = issue();
    await waitFor(() => server.accepted === 1, 'the held connection');
    const client = new RfbClient(await connectViewer(url));
    answer();
    expect(await client.handshake(false)).toMatchObject({ name: 'fake' });
    expect(server.outcomes).toEqual(['ok']);
    expect(server.accepted).toBe(1);
    client.ws.terminate();
  });

  it("with eagerHandshake, the viewer has the bridge's whole side of its handshake before it answers anything", async () => {
    for (const preconnect of [true, false]) {
      const { server, issue } = await setUp();
      const ws = await connectViewer(issue(`eager-${preconnect}`, { preconnect, eagerHandshake: true }));
      const reader = new ByteReader(ws);
      expect((await reader.read(12)).toString('latin1')).toBe('RFB 003.008\n');
      expect([...(await reader.read(2 + 4))]).toEqual([1, 1, 0, 0, 0, 0]);
      ws.send(Buffer.concat([rfb.rfbVersion(8), Buffer.from([1, 0])]));
      await waitFor(() => server.sharedFlags.length === 1, 'the ClientInit at the server');
      expect(server.sharedFlags).toEqual([0]);
      ws.terminate();
    }
  });

  it('connects nothing ahead for a ticket without it', async () => {
    const { server, issue } = await setUp();
    issue('plain', {});
    issue('ahead');
    await waitFor(() => server.outcomes.length === 1, 'the preconnect ticket signing in');
    expect(server.accepted).toBe(1);
  });

  it("holds one connection per session: a newer ticket's replaces an unused one once that has signed in", async () => {
    const { server, issue } = await setUp();
    const older = issue('busy');
    await waitFor(() => server.outcomes.length === 1, 'the first sign-in');
    issue('busy');
    await waitFor(() => server.outcomes.length === 2 && server.open === 1, 'the newer one held, the older dropped');
    issue('other');
    await waitFor(() => server.outcomes.length === 3 && server.open === 2, "the other session's held too");
    // The older ticket still works, on a connection of its own.
    const client = new RfbClient(await connectViewer(older));
    await client.handshake(false);
    expect(server.accepted).toBe(4);
    client.ws.terminate();
  });

  it('never holds more than two per session, nor drops one before it has signed in', async () => {
    let answer!: () => void;
    const { server, issue } = await setUp({}, { password: PASSWORD, bannerAfter: new Promise<void>((resolve) => (answer = resolve)) });
    for (let i = 0; i < 3; i += 1) issue('busy');
    await waitFor(() => server.accepted === 2, 'two connections');
    answer();
    // The older one signs in, then goes; the newer stays.
    await waitFor(() => server.outcomes.length === 2 && server.open === 1, 'both signed in, the newer held');
    expect(server.accepted).toBe(2);
  });

  it('drops the held connection with its session, its group, and the bridge', async () => {
    const { bridge, server, issue } = await setUp();
    const url = issue('ends');
    issue('shared', { preconnect: true, group: 'g' });
    await waitFor(() => server.open === 2, 'both held');
    bridge.revokeSession('ends');
    bridge.revokeGroup('g');
    await waitFor(() => server.open === 0, 'both dropped (long before their hold time)');
    expect(await refusedStatus(url)).toBe(403);

    issue('closing');
    await waitFor(() => server.accepted === 3 && server.open === 1, 'a held one when the bridge closes');
    await bridge.close();
    await waitFor(() => server.open === 0, 'dropped on close');
  });

  it('drops a connection its viewer did not come for within the hold time; the viewer then connects afresh', async () => {
    const { server, issue } = await setUp({ preconnectHoldMs: 300 });
    const late = issue('late');
    await waitFor(() => server.accepted === 1, 'the held connection');
    await waitFor(() => server.open === 0, 'dropped after its hold time');
    const client = new RfbClient(await connectViewer(late));
    await client.handshake(false);
    expect(server.accepted).toBe(2);
    client.ws.terminate();
  });

  it('drops a sign-in the server refuses; the viewer\'s own connection tells why', async () => {
    const { server, issue } = await setUp({ targetConnectTimeoutMs: 2_000 }, { password: 'other123' });
    const url = issue();
    await waitFor(() => server.outcomes.length === 1, 'the refused sign-in');
    const ws = await connectViewer(url);
    expect(await closeOf(ws)).toEqual({ code: CLOSE.targetError, reason: 'VNC server refused the password: Authentication failure' });
    expect(server.outcomes).toEqual(['refused', 'refused']);
  });
});
