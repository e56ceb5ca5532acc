// The bridge's contract with real sockets: tickets, Origin, subprotocol, forwarding, close codes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBridge } from './bridge';
import { CLOSE } from './close-codes';
import { closedPort, startEchoServer, startSourceServer, patternBytes, type TestTcpServer } from './testing/tcp-servers';
import { ByteReader, closeOf, connectViewer, refusedStatus } from './testing/viewer-client';
import type { Bridge, BridgeActivity, BridgeOptions } from './types';

/** Raw TCP stand-ins for VNC servers: the viewer's bytes are relayed as they are, no RFB security by the bridge. */
const RAW = { security: 'viewer' } as const;

const ORIGIN = 'http://127.0.0.1:5173';

let bridge: Bridge;
let echo: TestTcpServer;
let events: BridgeActivity[];

async function startBridge(overrides: Partial<BridgeOptions> = {}): Promise<Bridge> {
  const started = createBridge({ allowedOrigins: [ORIGIN], allowMissingOrigin: true, ...overrides });
  await started.start();
  started.onActivity((event) => events.push(event));
  return started;
}

beforeEach(async () => {
  events = [];
  echo = await startEchoServer();
  bridge = await startBridge();
});

afterEach(async () => {
  await bridge.close();
  await echo.close();
});

const target = () => ({ host: '127.0.0.1', port: echo.port });
const rejections = () => events.filter((event) => event.kind === 'ticket_rejected');

describe('bridge: forwarding', () => {
  it('forwards bytes both ways with a valid ticket', async () => {
    const { url } = bridge.issueTicket('s1', target(), RAW);
    expect(url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${bridge.port}/vnc/[A-Za-z0-9_-]{43}$`));
    const ws = await connectViewer(url);
    const reader = new ByteReader(ws);
    const payload = patternBytes(300_000, 7);
    ws.send(payload);
    expect((await reader.read(payload.length)).equals(payload)).toBe(true);
    expect(echo.accepted).toBe(1);
    ws.close(1000);
    await closeOf(ws);
  });

  it('echoes the binary subprotocol and negotiates no permessage-deflate', async () => {
    const { url } = bridge.issueTicket('s1', target(), RAW);
    const ws = await connectViewer(url, { protocols: ['base64', 'binary'], client: { perMessageDeflate: true } });
    expect(ws.protocol).toBe('binary');
    expect(ws.extensions).toBe('');
    ws.close(1000);
    await closeOf(ws);
  });

  it('delivers every byte the target sent before closing with 1000', async () => {
    const size = 5 * 1024 * 1024 + 123;
    const source = await startSourceServer(size);
    try {
      const { url } = bridge.issueTicket('s1', { host: '127.0.0.1', port: source.port }, RAW);
      const ws = await connectViewer(url);
      const reader = new ByteReader(ws);
      const closed = closeOf(ws);
      const { code } = await closed;
      expect(code).toBe(CLOSE.targetClosed);
      expect(reader.total).toBe(size);
      expect(reader.drain().equals(patternBytes(size))).toBe(true);
    } finally {
      await source.close();
    }
  });

  it('closes with 1011 and a reason when the target refuses', async () => {
    const { url } = bridge.issueTicket('s1', { host: '127.0.0.1', port: await closedPort() }, RAW);
    const ws = await connectViewer(url);
    const { code, reason } = await closeOf(ws);
    expect(code).toBe(CLOSE.targetError);
    expect(reason).toMatch(/ECONNREFUSED/);
  });

  it('closes the target when the viewer leaves', async () => {
    const { url } = bridge.issueTicket('s1', target(), RAW);
    const ws = await connectViewer(url);
    const socket = await echo.nextConnection();
    let targetClosed = false;
    socket.once('close', () => (targetClosed = true));
    expect(bridge.sessionTraffic('s1')?.viewers).toBe(1);
    ws.close(1000);
    expect(await closeOf(ws)).toMatchObject({ code: 1000 });
    await expect.poll(() => targetClosed, { timeout: 2_000 }).toBe(true);
    expect(bridge.sessionTraffic('s1')?.viewers).toBe(0);
    await expect.poll(() => events.filter((event) => event.kind === 'viewer_disconnected')).toMatchObject([{ sessionId: 's1', code: 1000, viewers: 0 }]);
  });

  it('reports connect, traffic and disconnect per session', async () => {
    const { url } = bridge.issueTicket('s1', target(), RAW);
    const ws = await connectViewer(url);
    const reader = new ByteReader(ws);
    ws.send(Buffer.from('hello'));
    await reader.read(5);
    ws.close(1000);
    await closeOf(ws);
    await new Promise<void>((resolve) => {
      const check = () => events.some((e) => e.kind === 'viewer_disconnected') && resolve();
      if (!check()) bridge.onActivity(check);
    });
    const kinds = events.map((event) => event.kind);
    expect(kinds).toContain('viewer_connected');
    expect(kinds).toContain('traffic');
    const traffic = bridge.sessionTraffic('s1');
    expect(traffic).toMatchObject({ sessionId: 's1', toViewer: 5, toTarget: 5, viewers: 0 });
    for (const event of events) expect(event.sessionId).toBe('s1');
  });
});

describe('bridge: refusals happen before the target is touched', () => {
  it('refuses a missing, wrong or malformed ticket', async () => {
    const base = `ws://127.0.0.1:${bridge.port}`;
    expect(await refusedStatus(`${base}/vnc/`)).toBe(403);
    expect(await refusedStatus(`${base}/vnc/${'A'.repeat(43)}`)).toBe(403);
    expect(await refusedStatus(`${base}/vnc/short`)).toBe(403);
    expect(await refusedStatus(`${base}/elsewhere`)).toBe(404);
    expect(echo.accepted).toBe(0);
    expect(rejections().map((e) => e.reason)).toEqual(['unknown_ticket', 'unknown_ticket', 'unknown_ticket', 'bad_path']);
  });

  it('refuses a reused ticket', async () => {
    const { url } = bridge.issueTicket('s1', target(), RAW);
    const ws = await connectViewer(url);
    expect(await refusedStatus(url)).toBe(403);
    expect(echo.accepted).toBe(1);
    ws.close(1000);
    await closeOf(ws);
  });

  it('refuses a revoked ticket and closes live viewers of the session with 4000', async () => {
    const live = await connectViewer(bridge.issueTicket('s1', target(), { ...RAW, shared: true }).url);
    const revoked = bridge.issueTicket('s1', target(), { ...RAW, shared: true }).url;
    const other = bridge.issueTicket('s2', target(), RAW).url;
    const closed = closeOf(live);
    bridge.revokeSession('s1');
    expect((await closed).code).toBe(CLOSE.sessionEnded);
    expect(await refusedStatus(revoked)).toBe(403);
    const ws = await connectViewer(other);
    ws.close(1000);
    await closeOf(ws);
    expect(echo.accepted).toBe(2);
  });

  it('refuses an expired ticket and names its session', async () => {
    await bridge.close();
    bridge = await startBridge({ ticketTtlMs: 0 });
    const { url } = bridge.issueTicket('s9', target(), RAW);
    expect(await refusedStatus(url)).toBe(403);
    expect(echo.accepted).toBe(0);
    expect(rejections()).toMatchObject([{ reason: 'expired_ticket', sessionId: 's9' }]);
  });

  it('refuses an Origin not on the allow-list, and a missing one unless allowed', async () => {
    const { url } = bridge.issueTicket('s1', target(), RAW);
    expect(await refusedStatus(url, { origin: 'http://evil.example' })).toBe(403);
    // The refused attempt did not burn the ticket: the app's own page still gets in.
    const ws = await connectViewer(url, { origin: ORIGIN });
    ws.close(1000);
    await closeOf(ws);

    await bridge.close();
    bridge = await startBridge({ allowMissingOrigin: false });
    const strict = bridge.issueTicket('s1', target(), RAW).url;
    expect(await refusedStatus(strict)).toBe(403);
    expect(echo.accepted).toBe(1);
  });

  it('accepts an upgrade offering no subprotocol (stock noVNC, websockify clients) and answers without one', async () => {
    const { url } = bridge.issueTicket('s1', target(), RAW);
    const ws = await connectViewer(url, { protocols: [] });
    expect(ws.protocol).toBe('');
    const reader = new ByteReader(ws);
    const payload = patternBytes(70_000, 3);
    ws.send(payload);
    expect((await reader.read(payload.length)).equals(payload)).toBe(true);
    ws.close(1000);
    await closeOf(ws);
  });

  it('refuses an upgrade offering subprotocols without binary, e.g. base64 text framing', async () => {
    const { url } = bridge.issueTicket('s1', target(), RAW);
    expect(await refusedStatus(url, { protocols: ['base64'] })).toBe(400);
    expect(await refusedStatus(url, { protocols: ['chat', 'base64'] })).toBe(400);
    expect(echo.accepted).toBe(0);
    expect(rejections().map((e) => e.reason)).toEqual(['subprotocol_unsupported', 'subprotocol_unsupported']);
    // The refusals did not burn the ticket.
    const ws = await connectViewer(url, { protocols: ['binary'] });
    expect(ws.protocol).toBe('binary');
    ws.close(1000);
    await closeOf(ws);
  });

  it('answers plain HTTP requests with 426', async () => {
    const res = await fetch(`http://127.0.0.1:${bridge.port}/vnc/x`);
    expect(res.status).toBe(426);
    await res.text();
  });
});

describe('bridge: configuration', () => {
  it('refuses to listen on a non-loopback address', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'localhost', 'example.com']) {
      expect(() => createBridge({ host, allowedOrigins: [] })).toThrow(/loopback/);
    }
  });

  it('listens on the loopback address it was given', async () => {
    const other = createBridge({ host: '127.0.0.2', allowedOrigins: [], allowMissingOrigin: true });
    await other.start();
    try {
      const { url } = other.issueTicket('s1', target(), RAW);
      expect(url.startsWith(`ws://127.0.0.2:${other.port}/vnc/`)).toBe(true);
      const ws = await connectViewer(url);
      ws.close(1000);
      await closeOf(ws);
    } finally {
      await other.close();
    }
  });
});
