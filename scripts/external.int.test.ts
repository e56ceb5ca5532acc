// The external script against a real, foreign Xvnc that the test runs itself: the session must
// find it, relay to it, and leave it running. On free displays reserved for this file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayTraces, makeTempDir, type TempDir } from '../electron/core/testing/fixtures';
import { reserveDisplay } from '../electron/core/testing/free-display';
import { waitUntil } from '../electron/core/util/wait';
import { probeRfbServer, readRfbBanner } from '../electron/core/vnc/rfb-client';
import { writeVncPasswordFile } from '../electron/core/vnc/vnc-auth';
import { isLoopbackHost } from './external';
import { handshakeThroughBridge, listeningAddresses, startEngine, type EngineFixture } from './testing/script-session';

const FOREIGN = await reserveDisplay();
const DOOMED = await reserveDisplay(); // a foreign server the test kills while a session uses it
const NOTHING = await reserveDisplay(); // nothing listens on 5900 + NOTHING
const port = (display: number) => 5900 + display;
const FOREIGN_PASSWORD = 'foreign1';

interface Foreign {
  process: ChildProcess;
  running(): boolean;
  stop(): Promise<void>;
}

async function startForeignXvnc(dir: string, display: number, security: 'VncAuth' | 'None' = 'VncAuth'): Promise<Foreign> {
  // Fail plainly if someone else holds the display (rather than testing against their server).
  expect(await displayTraces(display), `display :${display} must be free for this test`).toEqual([]);
  expect(await listeningAddresses(port(display)), `port ${port(display)} must be free for this test`).toEqual([]);
  const passwordFile = join(dir, `passwd-${display}`);
  await writeVncPasswordFile(passwordFile, FOREIGN_PASSWORD);
  // TigerVNC counts every connection not yet signed in against its host and blocks the host for a
  // while past 5; these tests open many within seconds (start probes, viewers that are meant to fail,
  // the engine's thumbnail connection), so the foreign server is told to count more.
  const child = spawn(
    'Xvnc',
    [`:${display}`, '-rfbport', String(port(display)), '-localhost', '-interface', '127.0.0.1', '-SecurityTypes', security, '-rfbauth', passwordFile, '-BlacklistThreshold', '1000', '-geometry', '800x600', '-nolisten', 'tcp', '-desktop', 'Foreign'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  await waitUntil(() => readRfbBanner({ host: '127.0.0.1', port: port(display) }, 1000), { what: `foreign Xvnc :${display}`, timeoutMs: 10_000 });
  expect(running(), `the foreign Xvnc on :${display} exited`).toBe(true);
  return {
    process: child,
    running,
    async stop() {
      if (running()) child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('external script', () => {
  let dir: TempDir;
  let fixture: EngineFixture;
  let foreign: Foreign;
  let notRfb: Server;

  beforeAll(async () => {
    dir = await makeTempDir('deck-external-foreign');
    foreign = await startForeignXvnc(dir.path, FOREIGN);
    // Something on loopback that is not a VNC server.
    notRfb = createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((resolve) => notRfb.listen(0, '127.0.0.1', resolve));
    const notRfbPort = (notRfb.address() as { port: number }).port;
    const sizes = ['1024x768'];
    fixture = await startEngine(
      'deck-external',
      {
        External: { script: 'external', count: 2, options: { sizes, host: '127.0.0.1', port: port(FOREIGN) } },
        Saved: { script: 'external', count: 1, options: { sizes, port: port(FOREIGN), password_secret: 'foreign' } },
        SavedDown: { script: 'external', count: 1, options: { sizes, port: port(NOTHING), password_secret: 'foreign', timeout_ms: 300 } },
        Unsaved: { script: 'external', count: 1, options: { sizes, port: port(FOREIGN), password_secret: 'never saved' } },
        Doomed: { script: 'external', count: 1, options: { sizes, host: 'localhost', port: port(DOOMED) } },
        Nothing: { script: 'external', count: 1, options: { sizes, port: port(NOTHING), timeout_ms: 500 } },
        NotRfb: { script: 'external', count: 1, options: { sizes, port: notRfbPort, timeout_ms: 500 } },
        Remote: { script: 'external', count: 1, options: { sizes, host: '10.1.2.3', port: 5900 } },
        RemoteAllowed: { script: 'external', count: 1, options: { sizes, host: '192.0.2.1', port: 5900, allow_remote: true, timeout_ms: 300 } },
        PortZero: { script: 'external', count: 1, options: { sizes, port: 0 } },
        PortHuge: { script: 'external', count: 1, options: { sizes, port: 70000 } },
        PortText: { script: 'external', count: 1, options: { sizes, port: '5900' } },
        NoPort: { script: 'external', count: 1, options: { sizes } },
      },
      { timing: { sweepIntervalMs: 200 } },
    );
  });

  afterAll(async () => {
    await fixture?.close();
    await foreign?.stop();
    await new Promise((resolve) => notRfb?.close(resolve));
    await dir?.remove();
  });

  it('relays viewers to the running server; without its saved password the server refuses the bridge, and the viewer is told why', async () => {
    const { engine } = fixture;
    const session = await engine.startSession({ type: 'External', size: '1024x768' });
    expect(session.state).toBe('ready');
    // The bridge authenticates with the session's fresh password, which means nothing to a foreign server
    // (see external.ts); the viewer, given no password, hears the server's refusal, and cannot answer it itself.
    const first = await engine.openViewer(session.id);
    expect(first).toEqual({ url: expect.any(String), viewOnly: false });
    await expect(handshakeThroughBridge(first.url)).rejects.toThrow(/authentication failed: VNC server refused the password/i);
    await engine.stopSession(session.id);
  });

  it('authenticates with the saved password named by password_secret, which no viewer is given, so the app\'s viewer gets in', async () => {
    const { engine } = fixture;
    await engine.setSecret('foreign', FOREIGN_PASSWORD);
    const session = await engine.startSession({ type: 'Saved', size: '1024x768' });
    try {
      const viewer = await engine.openViewer(session.id);
      expect(JSON.stringify(viewer)).not.toContain(FOREIGN_PASSWORD);
      // The size is the server's, not the chosen one.
      expect(await handshakeThroughBridge(viewer.url)).toMatchObject({ width: 800, height: 600, name: 'Foreign' });
    } finally {
      await engine.stopSession(session.id);
    }
    // A failed start shows its log: the saved password's name is there, the password is not.
    await expect(engine.startSession({ type: 'SavedDown', size: '1024x768' })).rejects.toMatchObject({ code: 'start_failed' });
    const [failed] = await engine.listSessions();
    expect(failed?.logTail).toContain('viewers get the saved password "foreign"');
    expect(failed?.logTail).not.toContain(FOREIGN_PASSWORD);
  });

  it('fails the start when the named password was never saved', async () => {
    await expect(fixture.engine.startSession({ type: 'Unsaved', size: '1024x768' })).rejects.toMatchObject({
      code: 'start_failed',
      message: expect.stringContaining('no saved password named "never saved" (save it in Settings > Saved secrets)'),
    });
  });

  it('leaves the foreign server running when the session stops, and can use it again', async () => {
    const { engine } = fixture;
    const [a, b] = await Promise.all([
      engine.startSession({ type: 'External', size: '1024x768' }),
      engine.startSession({ type: 'External', size: '1024x768' }),
    ]);
    await Promise.all([engine.stopSession(a.id), engine.stopSession(b.id)]);
    expect(foreign.running()).toBe(true);
    expect(await probeRfbServer('127.0.0.1', port(FOREIGN), FOREIGN_PASSWORD)).toMatchObject({ width: 800, height: 600 });
  });

  it('serves a server without VNC authentication to the app\'s viewer, and ends (server_exited) when it goes away', async () => {
    const doomed = await startForeignXvnc(dir.path, DOOMED, 'None');
    try {
      const session = await fixture.engine.startSession({ type: 'Doomed', size: '1024x768' });
      const viewer = await fixture.engine.openViewer(session.id);
      expect(await handshakeThroughBridge(viewer.url)).toMatchObject({ width: 800, height: 600 });
      await doomed.stop();
      // Not owned by the session, so watched over the network: it must still end within 2 s.
      await expect.poll(async () => (await fixture.engine.getSession(session.id)).state, { timeout: 2000, interval: 50 }).toBe('terminated');
      expect((await fixture.engine.getSession(session.id)).cause).toBe('server_exited');
    } finally {
      await doomed.stop();
    }
  });

  it('fails the start when nothing answers, or what answers is not RFB', async () => {
    expect(await listeningAddresses(port(NOTHING)), `port ${port(NOTHING)} must be free for this test`).toEqual([]);
    await expect(fixture.engine.startSession({ type: 'Nothing', size: '1024x768' })).rejects.toMatchObject({
      code: 'start_failed',
      message: expect.stringMatching(new RegExp(`VNC server at 127\\.0\\.0\\.1:${port(NOTHING)} not ready within 500 ms`)),
    });
    await expect(fixture.engine.startSession({ type: 'NotRfb', size: '1024x768' })).rejects.toMatchObject({
      code: 'start_failed',
      message: expect.stringMatching(/does not speak RFB/),
    });
  });

  it('refuses a host that is not loopback unless allow_remote is set', async () => {
    await expect(fixture.engine.startSession({ type: 'Remote', size: '1024x768' })).rejects.toMatchObject({
      code: 'start_failed',
      message: expect.stringMatching(/"10\.1\.2\.3" is not a loopback address.*allow_remote/),
    });
    // Allowed, it is tried (TEST-NET-1 never answers), and fails for that reason alone.
    const allowed = fixture.engine.startSession({ type: 'RemoteAllowed', size: '1024x768' });
    await expect(allowed).rejects.toMatchObject({ code: 'start_failed', message: expect.stringMatching(/192\.0\.2\.1:5900 not ready/) });
  });

  it('refuses a port that is not an integer from 1 to 65535, or none', async () => {
    for (const type of ['PortZero', 'PortHuge', 'PortText']) {
      await expect(fixture.engine.startSession({ type, size: '1024x768' })).rejects.toMatchObject({
        code: 'start_failed',
        message: expect.stringMatching(/options\.port: expected an integer from 1 to 65535/),
      });
    }
    await expect(fixture.engine.startSession({ type: 'NoPort', size: '1024x768' })).rejects.toMatchObject({
      message: expect.stringMatching(/options\.port: .* is required/),
    });
  });

  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['10.0.0.1', '0.0.0.0', '::', 'example.com', '128.0.0.1', '127.0.0.1.evil.com']) expect(isLoopbackHost(host)).toBe(false);
  });
});
