// Ticket groups (a share link's viewers): counted and cut off together, leaving the session's other
// viewers alone; and an origin allowed after the start.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBridge } from './bridge';
import { CLOSE } from './close-codes';
import { startEchoServer, type TestTcpServer } from './testing/tcp-servers';
import { closeOf, connectViewer, refusedStatus } from './testing/viewer-client';
import type { Bridge } from './types';

const RAW = { security: 'viewer', shared: true } as const;
const ORIGIN = 'http://127.0.0.1:5173';

let bridge: Bridge;
let echo: TestTcpServer;

beforeEach(async () => {
  echo = await startEchoServer();
  bridge = createBridge({ allowedOrigins: [ORIGIN], allowMissingOrigin: true });
  await bridge.start();
});

afterEach(async () => {
  await bridge.close();
  await echo.close();
});

const target = () => ({ host: '127.0.0.1', port: echo.port });

it('counts a group\'s viewers and revokes only that group: its viewers get 4003, its unused tickets are refused', async () => {
  const shareA = [await connectViewer(bridge.issueTicket('s1', target(), { ...RAW, group: 'a' }).url), await connectViewer(bridge.issueTicket('s1', target(), { ...RAW, group: 'a' }).url)];
  const shareB = await connectViewer(bridge.issueTicket('s1', target(), { ...RAW, group: 'b' }).url);
  const owner = await connectViewer(bridge.issueTicket('s1', target(), RAW).url);
  const unused = bridge.issueTicket('s1', target(), { ...RAW, group: 'a' }).url;
  expect([bridge.viewersInGroup('a'), bridge.viewersInGroup('b'), bridge.viewersInGroup('c')]).toEqual([2, 1, 0]);

  const closes = shareA.map((ws) => closeOf(ws));
  bridge.revokeGroup('a');
  for (const close of await Promise.all(closes)) expect(close).toMatchObject({ code: CLOSE.groupRevoked, reason: 'access revoked' });
  expect(await refusedStatus(unused)).toBe(403);
  expect(bridge.viewersInGroup('a')).toBe(0);
  expect(bridge.viewersInGroup('b')).toBe(1);
  for (const ws of [shareB, owner]) {
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close(1000);
    await closeOf(ws);
  }
});

it('lets in pages of an origin allowed after the start', async () => {
  const later = 'http://127.0.0.1:6000';
  expect(await refusedStatus(bridge.issueTicket('s1', target(), RAW).url, { origin: later })).toBe(403);
  bridge.allowOrigin(later);
  const ws = await connectViewer(bridge.issueTicket('s1', target(), RAW).url, { origin: later });
  ws.close(1000);
  await closeOf(ws);
});
