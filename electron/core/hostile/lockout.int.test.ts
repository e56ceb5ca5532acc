// Lockouts: TigerVNC bans an address after 5 connections that did not authenticate, and every
// viewer comes through the bridge from one address. Session Deck's own servers listen on a Unix
// socket in the session's 0700 scratch directory (no TCP port at all, no blacklist), and liveness
// checks of servers on TCP never count as such a connection. Real Xvnc and x11vnc, free displays.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, createWebSocketStream } from 'ws';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { reserveDisplay } from '../testing/free-display';
import { waitUntil } from '../util/wait';
import { probeRfbServer, readRfbBanner, rfbHandshake, type RfbServerInit } from '../vnc/rfb-client';
import { listeningAddresses } from '../vnc/tcp-listeners';
import { checkVncAlive } from '../vnc/vnc-liveness';
import { writeVncPasswordFile } from '../vnc/vnc-auth';
import { withoutLeaks } from './leak-check';

const XVNC = await reserveDisplay();
const X11VNC = await reserveDisplay();
const FOREIGN = await reserveDisplay();
const DEEP = await reserveDisplay();
const WRAPPED = await reserveDisplay();
const FOREIGN_PASSWORD = 'foreign1';
const tcpPort = (display: number) => 5900 + display;

/** A viewer through the bridge, as noVNC connects (the password only where the bridge relays the server's own security). */
async function viewThroughBridge(harness: EngineHarness, sessionId: string): Promise<RfbServerInit> {
  const viewer = (await harness.engine.openViewer(sessionId)) as { url: string; password?: string };
  const socket = new WebSocket(viewer.url, 'binary');
  // Listening before open: a bridge already signed in sends its banner with the upgrade's answer.
  const stream = createWebSocketStream(socket);
  stream.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  try {
    return await rfbHandshake(stream, viewer.password);
  } finally {
    stream.destroy();
  }
}

/** TCP ports the processes whose command line holds `fragment` listen on (from /proc: their sockets' inodes). */
async function tcpPortsOf(fragment: string): Promise<number[]> {
  const inodes = new Set<string>();
  for (const pid of (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes(fragment)) continue;
    for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode) inodes.add(inode);
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(table, 'utf8')).split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && inodes.has(fields[9] ?? '')) ports.push(parseInt(fields[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/** Opens a connection and hangs up without a byte: what locked everyone out over TCP. */
const connectOnce = (address: { path: string } | { host: string; port: number }) =>
  new Promise<string>((resolve) => {
    const socket = connect(address);
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });

/**
 * Connects and closes at once. A Unix socket answers EAGAIN while the server's accept queue is full
 * (Xvnc accepts late on a loaded machine, and the engine's own connections queue there too): that
 * says "not yet", not "locked out", so it is tried again a few times.
 */
async function emptyConnect(address: { path: string } | { host: string; port: number }): Promise<string> {
  let outcome = await connectOnce(address);
  for (let retry = 0; outcome === 'EAGAIN' && retry < 50; retry++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    outcome = await connectOnce(address);
  }
  return outcome;
}

describe('lockouts', () => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await startEngine({
      Desk: { script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: XVNC } },
      Mirror: { script: 'x11vnc', count: 1, options: { sizes: ['640x480'], display_base: X11VNC } },
      Wrapped: { script: 'vncserver', count: 1, options: { sizes: ['640x480'], display_base: WRAPPED, flavour: 'tigervnc' } },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('xvnc: no TCP port; empty connects to anything change nothing; 20 viewers at once all get in', async () => {
    const session = await harness.engine.startSession({ type: 'Desk', size: '640x480' });
    try {
      // The audit record says where the server listened.
      const started = await harness.engine.listAudit({ kind: 'session_started', sessionId: session.id });
      expect(started.items[0]?.details).toEqual({ socket: join(harness.dir, 'data', 'sessions', session.id, 'rfb.sock') });
      await withoutLeaks(async () => {
        expect(await listeningAddresses(tcpPort(XVNC))).toEqual([]);
        expect(await emptyConnect({ host: '127.0.0.1', port: tcpPort(XVNC) })).toBe('ECONNREFUSED');
        const socketPath = join(harness.dir, 'data', 'sessions', session.id, 'rfb.sock');
        const info = await stat(socketPath);
        expect(info.isSocket() && (info.mode & 0o777).toString(8)).toBe('600');
        // Six empty connects, over TCP and (as the same user could) on the socket itself.
        for (let i = 0; i < 6; i++) await emptyConnect({ host: '127.0.0.1', port: tcpPort(XVNC) });
        for (let i = 0; i < 6; i++) expect(await emptyConnect({ path: socketPath })).toBe('connected');
        expect(await viewThroughBridge(harness, session.id)).toMatchObject({ width: 640, height: 480, name: 'Desk' });
        const viewers = await Promise.allSettled(Array.from({ length: 20 }, () => viewThroughBridge(harness, session.id)));
        const refused = viewers.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
        expect(refused).toEqual([]);
      });
    } finally {
      await harness.engine.stopSession(session.id);
    }
  }, 60_000);

  it("TigerVNC's vncserver: the same, on the socket the wrapper passes on", async () => {
    const session = await harness.engine.startSession({ type: 'Wrapped', size: '640x480' });
    try {
      expect(await listeningAddresses(tcpPort(WRAPPED))).toEqual([]);
      const socketPath = join(harness.dir, 'data', 'sessions', session.id, 'rfb.sock');
      for (let i = 0; i < 6; i++) expect(await emptyConnect({ path: socketPath })).toBe('connected');
      const viewers = await Promise.allSettled(Array.from({ length: 20 }, () => viewThroughBridge(harness, session.id)));
      expect(viewers.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []))).toEqual([]);
    } finally {
      await harness.engine.stopSession(session.id);
    }
  }, 60_000);

  it('x11vnc: serves viewers through its Unix socket, with no TCP port', async () => {
    const session = await harness.engine.startSession({ type: 'Mirror', size: '640x480' });
    try {
      const socketPath = join(harness.dir, 'data', 'sessions', session.id, 'rfb.sock');
      expect((await stat(socketPath)).isSocket()).toBe(true);
      expect(await tcpPortsOf(socketPath)).toEqual([]); // x11vnc, found by its -unixsock argument
      expect(await viewThroughBridge(harness, session.id)).toMatchObject({ width: 640, height: 480 });
      const viewers = await Promise.allSettled(Array.from({ length: 20 }, () => viewThroughBridge(harness, session.id)));
      expect(viewers.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []))).toEqual([]);
    } finally {
      await harness.engine.stopSession(session.id);
    }
  }, 60_000);
});

describe('an xvnc session that has to stay on TCP (a data directory too deep for a socket path)', () => {
  let harness: EngineHarness | undefined;
  let deep: TempDir | undefined;
  afterAll(async () => {
    await harness?.close();
    await deep?.remove();
  });

  it('runs without a blacklist: six empty connects, then 20 viewers at once, all get in', async () => {
    deep = await makeTempDir('deck-lockout-deep');
    harness = await startEngine(
      { Deep: { script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: DEEP } } },
      { dataDir: join(deep.path, 'd'.repeat(100)) },
    );
    const session = await harness.engine.startSession({ type: 'Deep', size: '640x480' });
    try {
      expect(new Set(await listeningAddresses(tcpPort(DEEP)))).toEqual(new Set(['127.0.0.1', '::1']));
      await withoutLeaks(async () => {
        for (let i = 0; i < 6; i++) expect(await emptyConnect({ host: '127.0.0.1', port: tcpPort(DEEP) })).toBe('connected');
        const viewers = await Promise.allSettled(Array.from({ length: 20 }, () => viewThroughBridge(harness!, session.id)));
        expect(viewers.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []))).toEqual([]);
      });
    } finally {
      await harness.engine.stopSession(session.id);
    }
  }, 60_000);
});

describe('liveness of a server on TCP', () => {
  let dir: TempDir;
  let foreign: ChildProcess;
  let harness: EngineHarness | undefined;

  beforeAll(async () => {
    dir = await makeTempDir('deck-lockout-foreign');
    const passwordFile = join(dir.path, 'passwd');
    await writeVncPasswordFile(passwordFile, FOREIGN_PASSWORD);
    // TigerVNC's default blacklist: 5 unauthenticated connections ban 127.0.0.1.
    foreign = spawn(
      'Xvnc',
      [`:${FOREIGN}`, '-rfbport', String(tcpPort(FOREIGN)), '-localhost', '-interface', '127.0.0.1', '-SecurityTypes', 'VncAuth', '-rfbauth', passwordFile, '-geometry', '800x600', '-nolisten', 'tcp'],
      { stdio: 'ignore' },
    );
    await waitUntil(async () => ((await listeningAddresses(tcpPort(FOREIGN)))!.length > 0 ? undefined : Promise.reject(new Error('not yet'))), {
      what: `foreign Xvnc :${FOREIGN}`,
      timeoutMs: 10_000,
    });
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  afterAll(async () => {
    if (foreign && foreign.exitCode === null) {
      const exited = new Promise((resolve) => foreign.once('exit', resolve));
      foreign.kill('SIGTERM');
      await exited;
    }
    await dir?.remove();
  });

  it('30 s of checks every second leave 127.0.0.1 welcome: the session stays up and a viewer gets in', async () => {
    harness = await startEngine(
      { Outside: { script: 'external', count: 1, options: { sizes: ['800x600'], port: tcpPort(FOREIGN), password_secret: 'foreign' } } },
      { timing: { sweepIntervalMs: 1_000 } },
    );
    await harness.engine.setSecret('foreign', FOREIGN_PASSWORD);
    const session = await harness.engine.startSession({ type: 'Outside', size: '800x600' });
    const started = Date.now();
    while (Date.now() - started < 30_000) {
      await checkVncAlive({ host: '127.0.0.1', port: tcpPort(FOREIGN) }, undefined, 2_000); // the sweep's own checks run meanwhile
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect((await harness.engine.getSession(session.id)).state).toBe('ready');
    expect(await probeRfbServer('127.0.0.1', tcpPort(FOREIGN), FOREIGN_PASSWORD)).toMatchObject({ width: 800, height: 600 });
    expect(await viewThroughBridge(harness, session.id)).toMatchObject({ width: 800, height: 600 });
    // A banner read and hang-up, five times, is what the check must never be: it does ban.
    for (let i = 0; i < 6; i++) await readRfbBanner({ host: '127.0.0.1', port: tcpPort(FOREIGN) }, 2_000).catch(() => undefined);
    await expect(probeRfbServer('127.0.0.1', tcpPort(FOREIGN), FOREIGN_PASSWORD)).rejects.toThrow();
    await harness.engine.stopSession(session.id);
  }, 60_000);
});
