// Share links end to end without a browser: a real Xvnc session, the host's share routes started
// lazily on the first share (as the app does), the key traded over HTTP for a view-only ticket,
// and a real RFB viewer through the bridge, cut off when the share is revoked or the session ends.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedShare } from '../../shared/share';
import { CLOSE } from '../bridge';
import { RfbClient } from '../bridge/testing/rfb-client';
import { closeOf, connectViewer } from '../bridge/testing/viewer-client';
import type { HostServer } from '../host/host-server';
import { lazyShareHost } from '../host/share-host';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { reserveDisplay } from '../testing/free-display';

const TYPE = 'Shared Desk';
let harness: EngineHarness;
let attached: HostServer[];
let shareHost: ReturnType<typeof lazyShareHost>;
let rendererTemp: TempDir;

beforeAll(async () => {
  attached = [];
  const display = await reserveDisplay();
  rendererTemp = await makeTempDir('deck-share-renderer');
  const rendererDir = rendererTemp.path;
  await mkdir(join(rendererDir, 'share'), { recursive: true });
  await writeFile(join(rendererDir, 'share', 'share.html'), '<!doctype html><title>shared</title>');
  shareHost = lazyShareHost({
    rendererDir,
    attach: (host) => {
      attached.push(host);
      host.attach(harness.engine, harness.engine.bridgePort, harness.engine.shares); // called on the first share, once the engine runs
    },
  });
  harness = await startEngine(
    { [TYPE]: { script: 'xvnc', count: 2, options: { sizes: ['800x600'], display_base: display } } },
    { allowMissingOrigin: false, shareOrigin: () => shareHost.origin() },
  );
});

afterAll(async () => {
  await harness?.close();
  await shareHost?.close();
  await rendererTemp?.remove();
});

const keyOf = (share: CreatedShare) => new URL(share.url).hash.slice(1);
const originOf = (share: CreatedShare) => new URL(share.url).origin;

async function trade(share: CreatedShare, key = keyOf(share)): Promise<Response> {
  return fetch(`${originOf(share)}/share/${share.id}/viewer`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key }) });
}

async function watch(share: CreatedShare): Promise<RfbClient> {
  const answer = (await (await trade(share)).json()) as { url: string; viewOnly: boolean };
  expect(answer.viewOnly).toBe(true);
  const client = new RfbClient(await connectViewer(answer.url, { origin: originOf(share) }));
  await client.handshake(true);
  return client;
}

describe('share links with a real Xvnc', () => {
  it('starts the share host only with the first share, and serves its page and trade without a login', async () => {
    const session = await harness.engine.startSession({ type: TYPE, size: '800x600' });
    expect(attached).toEqual([]);
    const share = await harness.engine.createShare(session.id, { minutes: 15 });
    await harness.engine.createShare(session.id, { minutes: 30 });
    expect(attached).toHaveLength(1);
    expect(share.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${attached[0]!.port}/share/${share.id}#[A-Za-z0-9_-]{43}$`));

    const page = await fetch(`${originOf(share)}/share/${share.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${harness.engine.bridgePort}`);
    // Everything else on that host wants a login.
    expect((await fetch(`${originOf(share)}/api/sessions`)).status).toBe(401);
    expect((await fetch(`${originOf(share)}/share/../api/sessions`)).status).toBe(401);

    const wrong = await trade(share, 'y'.repeat(43));
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: { code: 'forbidden', details: { reason: 'wrong' } } });

    const viewer = await watch(share);
    expect(viewer.serverInit).toMatchObject({ width: 800, height: 600 });
    expect(await harness.engine.listShares(session.id)).toEqual([expect.objectContaining({ id: share.id, viewers: 1 }), expect.objectContaining({ viewers: 0 })]);
    // The record is written after the viewer is counted, so ask until it is there.
    await expect.poll(async () => (await harness.engine.listAudit({ kind: 'viewer_connected', sessionId: session.id })).items[0]?.details).toMatchObject({ viewOnly: true });

    const closed = closeOf(viewer.ws);
    await harness.engine.revokeShare(session.id, share.id);
    expect((await closed).code).toBe(CLOSE.groupRevoked);
    const again = await trade(share);
    expect(again.status).toBe(403);
    expect(await again.json()).toMatchObject({ error: { details: { reason: 'revoked' }, message: 'The person who shared this desktop has stopped sharing it.' } });
    const kinds = (await harness.engine.listAudit({ sessionId: session.id })).items.map((record) => record.kind);
    expect(kinds).toEqual(expect.arrayContaining(['share_created', 'share_used', 'share_revoked']));
    await harness.engine.stopSession(session.id);
  });

  it('ends every share with its session: viewers learn that the session ended, the link says so', async () => {
    const session = await harness.engine.startSession({ type: TYPE, size: '800x600' });
    const share = await harness.engine.createShare(session.id, { minutes: 60 });
    const viewer = await watch(share);
    const closed = closeOf(viewer.ws);
    await harness.engine.stopSession(session.id);
    expect((await closed).code).toBe(CLOSE.sessionEnded);
    const status = await fetch(`${originOf(share)}/share/${share.id}/status`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key: keyOf(share) }) });
    expect(await status.json()).toEqual({ active: false, reason: 'session_ended' });
    const ended = await harness.engine.listAudit({ kind: 'share_ended', sessionId: session.id });
    expect(ended.items.map((record) => record.details)).toEqual([{ shareId: share.id, reason: 'session_ended' }]);
    await expect(harness.engine.createShare(session.id, { minutes: 15 })).rejects.toThrow('not running');
  });
});
