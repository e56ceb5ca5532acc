// Share links against a real bridge and real sockets (an echo server stands in for the VNC server),
// on fake time: the link's trade gives view-only tickets of its group, and revocation, expiry and
// the session's end each cut its viewers off, recorded in the audit log.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/errors';
import type { ShareInfo } from '../../shared/share';
import { createBridge, CLOSE, type Bridge } from '../bridge';
import { startEchoServer, type TestTcpServer } from '../bridge/testing/tcp-servers';
import { closeOf, connectViewer } from '../bridge/testing/viewer-client';
import { FakeTime } from '../registry/testing/fake-time';
import { ShareService, type ShareAudit } from './share-service';

const ORIGIN = 'http://127.0.0.1:8765';
const MINUTE = 60_000;

let bridge: Bridge;
let echo: TestTcpServer;
let time: FakeTime;
let audit: ShareAudit[];
let changes: { sessionId: string; shares: ShareInfo[] }[];
let running: Set<string>;
let failAudit: boolean;
let shares: ShareService;

beforeEach(async () => {
  echo = await startEchoServer();
  bridge = createBridge({ allowedOrigins: [] });
  await bridge.start();
  time = new FakeTime();
  audit = [];
  changes = [];
  running = new Set(['s1', 's2']);
  failAudit = false;
  shares = new ShareService({
    bridge,
    viewerTarget: (id) => {
      if (!running.has(id)) throw new ApiError('bad_request', `session ${id} is terminated, not running`);
      return { target: { host: '127.0.0.1', port: echo.port }, password: 'unused' };
    },
    sessionType: () => 'Desk',
    shareOrigin: async () => ORIGIN,
    audit: async (record) => {
      if (failAudit) throw new Error('disk full');
      audit.push(record);
    },
    onChange: (sessionId, list) => changes.push({ sessionId, shares: list }),
    clock: time,
    scheduler: time,
    log: () => undefined,
  });
});

afterEach(async () => {
  shares.close();
  await bridge.close();
  await echo.close();
});

const keyOf = (url: string) => new URL(url).hash.slice(1);

/** A viewer as the share page makes one: the key traded for a ticket, then the WebSocket (the RFB handshake is not needed here). */
async function watch(id: string, key: string) {
  const access = await shares.openViewer(id, key);
  return connectViewer(access.url, { origin: ORIGIN });
}

describe('share service', () => {
  it('makes a link on the host\'s origin, lets that origin into the bridge, and records it', async () => {
    const created = await shares.create('s1', 15);
    expect(created.url).toMatch(/^http:\/\/127\.0\.0\.1:8765\/share\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);
    expect(created.expiresAt).toBe(time.now() + 15 * MINUTE);
    expect(audit).toEqual([{ kind: 'share_created', sessionId: 's1', details: { shareId: created.id, minutes: 15, expiresAt: created.expiresAt } }]);
    const issue = vi.spyOn(bridge, 'issueTicket');
    const access = await shares.openViewer(created.id, keyOf(created.url));
    expect(access).toMatchObject({ viewOnly: true, type: 'Desk', expiresAt: created.expiresAt });
    // Its viewer finds the bridge signed in already, as the app's does.
    expect(issue).toHaveBeenCalledWith('s1', expect.anything(), expect.objectContaining({ viewOnly: true, preconnect: true, eagerHandshake: true, group: created.id }));
    issue.mockRestore();
    expect(audit.at(-1)).toEqual({ kind: 'share_used', sessionId: 's1', details: { shareId: created.id } });
    const ws = await connectViewer(access.url, { origin: ORIGIN }); // the share origin was allowed on the bridge
    expect(shares.list('s1')).toEqual([expect.objectContaining({ id: created.id, viewers: 1 })]);
    ws.close(1000);
    await closeOf(ws);
  });

  it('refuses a wrong key, and a session that is not running', async () => {
    const created = await shares.create('s1', 15);
    await expect(shares.openViewer(created.id, 'x'.repeat(43))).rejects.toMatchObject({ code: 'forbidden', reason: 'wrong' });
    await expect(shares.create('gone', 15)).rejects.toThrow('session gone is terminated, not running');
    expect(audit.map((record) => record.kind)).toEqual(['share_created']);
  });

  it('cuts the share\'s viewers off on revoke (4003), keeps other shares\' viewers, and the link then says so', async () => {
    const a = await shares.create('s1', 60);
    const b = await shares.create('s1', 60);
    const [first, second, other] = [await watch(a.id, keyOf(a.url)), await watch(a.id, keyOf(a.url)), await watch(b.id, keyOf(b.url))];
    const closes = [closeOf(first), closeOf(second)];
    expect((await shares.revoke('s1', a.id)).map((share) => share.id)).toEqual([b.id]);
    for (const close of await Promise.all(closes)) expect(close.code).toBe(CLOSE.groupRevoked);
    expect(other.readyState).toBe(other.OPEN);
    await expect(shares.openViewer(a.id, keyOf(a.url))).rejects.toMatchObject({ reason: 'revoked', message: 'The person who shared this desktop has stopped sharing it.' });
    expect(shares.status(a.id, keyOf(a.url))).toEqual({ active: false, reason: 'revoked' });
    expect(audit.filter((record) => record.kind === 'share_revoked')).toEqual([{ kind: 'share_revoked', sessionId: 's1', details: { shareId: a.id, reason: 'revoked' } }]);
    await expect(shares.revoke('s1', a.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(changes.at(-1)).toEqual({ sessionId: 's1', shares: [expect.objectContaining({ id: b.id })] });
    other.close(1000);
    await closeOf(other);
  });

  it('expires on time: its viewers are cut off and the link says it expired', async () => {
    const created = await shares.create('s1', 15);
    const viewer = await watch(created.id, keyOf(created.url));
    const closed = closeOf(viewer);
    await time.advance(15 * MINUTE - 1);
    expect(viewer.readyState).toBe(viewer.OPEN);
    await time.advance(1);
    expect((await closed).code).toBe(CLOSE.groupRevoked);
    expect(shares.status(created.id, keyOf(created.url))).toEqual({ active: false, reason: 'expired' });
    expect(audit.at(-1)).toEqual({ kind: 'share_ended', sessionId: 's1', details: { shareId: created.id, reason: 'expired' } });
    expect(shares.list('s1')).toEqual([]);
  });

  it('ends with its session, and the timers of ended shares are gone', async () => {
    const a = await shares.create('s1', 15);
    const b = await shares.create('s2', 15);
    running.delete('s1');
    shares.sessionEnded('s1');
    expect(shares.status(a.id, keyOf(a.url))).toEqual({ active: false, reason: 'session_ended' });
    expect(shares.status(b.id, keyOf(b.url))).toMatchObject({ active: true });
    expect(time.pending()).toEqual([15 * MINUTE]);
  });

  it('makes no share that the audit log cannot record, and opens no link whose use it cannot record', async () => {
    const created = await shares.create('s1', 15);
    failAudit = true;
    await expect(shares.create('s1', 15)).rejects.toMatchObject({ code: 'journal_unavailable' });
    expect(shares.list('s1').map((share) => share.id)).toEqual([created.id]);
    await expect(shares.openViewer(created.id, keyOf(created.url))).rejects.toMatchObject({ code: 'journal_unavailable' });
    expect(shares.list('s1')[0]?.viewers).toBe(0);
  });

  it('says that sharing is not offered where no host serves the page', async () => {
    const bare = new ShareService({ bridge, viewerTarget: () => ({ target: { host: '127.0.0.1', port: echo.port }, password: 'x' }), sessionType: () => 'Desk', audit: async () => undefined, onChange: () => undefined, clock: time, scheduler: time, log: () => undefined });
    await expect(bare.create('s1', 15)).rejects.toMatchObject({ code: 'not_supported' });
  });
});
