// The engine end to end with a real TigerVNC Xvnc: config -> slot -> server -> bridge -> RFB.
import { createConnection } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeckEvent } from '../shared/session';
import { SessionDeckEngine } from './engine';
import { displayTraces, findProcesses, makeTempDir, writeSessionsFile, type TempDir } from './testing/fixtures';
import { probeRfbServer } from './vnc/rfb-client';
import { reserveDisplays } from './testing/free-display';
import { handshakeThroughBridge } from '../../scripts/testing/script-session';

const DISPLAY_BASE = await reserveDisplays(6);

/** Connections a Unix socket's server has accepted and not yet closed (its own lines in /proc/net/unix, state connected). */
async function acceptedOn(path: string): Promise<number> {
  const lines = (await readFile('/proc/net/unix', 'utf8')).split('\n');
  return lines.filter((line) => line.endsWith(` ${path}`) && line.trim().split(/\s+/)[5] === '03').length;
}

describe('engine with a real Xvnc', () => {
  let dir: TempDir;
  let engine: SessionDeckEngine;
  const events: DeckEvent[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('deck-engine');
    const sessionsFile = await writeSessionsFile(dir.path, {
      'Test Desktop': { script: 'xvnc', count: 2, options: { sizes: ['1280x800', '1024x768'], display_base: DISPLAY_BASE } },
    });
    engine = new SessionDeckEngine({
      sessionsFile,
      dataDir: join(dir.path, 'data'),
      user: 'tester',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      allowedOrigins: [],
      allowMissingOrigin: true,
      userGroups: [],
      timing: { startTimeoutMs: 15_000 },
      stopGraceMs: 2_000,
      // No picture-taking connections: the test counts the server's connections.
      thumbnails: false,
    });
    await engine.start();
    engine.onEvent((event) => events.push(event));
  });

  afterAll(async () => {
    await engine?.close();
    await dir?.remove();
  });

  it('lists the type with its sizes and free slots', async () => {
    const [type] = await engine.listTypes();
    expect(type).toMatchObject({ name: 'Test Desktop', script: 'xvnc', count: 2, sizes: ['1280x800', '1024x768'] });
    expect(type?.slots).toEqual([
      { index: 0, state: 'free' },
      { index: 1, state: 'free' },
    ]);
  });

  it('starts a session in the lowest free slot, serves RFB through the bridge, and stops without traces', async () => {
    const session = await engine.startSession({ type: 'Test Desktop', size: '1024x768' });
    expect(session).toMatchObject({ type: 'Test Desktop', index: 0, size: '1024x768', state: 'ready', user: 'tester' });
    const display = DISPLAY_BASE;
    expect(await findProcesses('Xvnc', `:${display}`)).toHaveLength(1);

    // The server itself: only a Unix socket in the session's scratch directory, VncAuth with the session password only.
    // The bridge connects (and signs in) as it issues the ticket, before the viewer comes.
    const rfbSocket = join(dir.path, 'data', 'sessions', session.id, 'rfb.sock');
    const before = await acceptedOn(rfbSocket);
    const viewer = await engine.openViewer(session.id);
    expect(viewer.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/.+/);
    await expect.poll(() => acceptedOn(rfbSocket), { timeout: 10_000 }).toBe(before + 1);
    await expect(probeRfbServer('127.0.0.1', 5900 + display, 'wrongpw1')).rejects.toThrow(/ECONNREFUSED/);
    await expect(probeRfbServer({ kind: 'unix', path: join(dir.path, 'data', 'sessions', session.id, 'rfb.sock') }, 'wrongpw1')).rejects.toThrow(/authentication failed/i);

    // Through the bridge, which authenticates with the session password that the viewer is never given.
    expect(viewer).toEqual({ url: viewer.url, viewOnly: false });
    const init = await handshakeThroughBridge(viewer.url);
    expect(init).toMatchObject({ banner: 'RFB 003.008', width: 1024, height: 768, name: 'Test Desktop' });

    // The ticket was single-use.
    await expect(handshakeThroughBridge(viewer.url)).rejects.toThrow();

    const [type] = await engine.listTypes();
    expect(type?.slots[0]).toMatchObject({ index: 0, sessionId: session.id });
    expect(type?.slots[1]).toEqual({ index: 1, state: 'free' });

    await expect.poll(async () => (await engine.getSession(session.id)).state).toBe('idle');
    const stopped = await engine.stopSession(session.id);
    expect(stopped).toMatchObject({ id: session.id, state: 'terminated', cause: 'user_stopped' });
    expect(await findProcesses('Xvnc', `:${display}`)).toEqual([]);
    expect(await displayTraces(display)).toEqual([]);
    expect(await readdir(join(dir.path, 'data', 'sessions'))).toEqual([]);
    const port = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: 5900 + display });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    expect(port).toBe(false);
    expect((await engine.listTypes())[0]?.slots[0]).toEqual({ index: 0, state: 'free' });
    expect((await engine.getSession(session.id)).state).toBe('terminated');

    const states = events.flatMap((e) => (e.kind === 'session' && e.session.id === session.id ? [e.session.state] : []));
    const distinct = states.filter((state, i) => state !== states[i - 1]);
    expect(distinct).toEqual(['starting', 'ready', 'connected', 'idle', 'close_requested', 'terminated']);
    const steps = events.flatMap((e) => (e.kind === 'session' && e.session.id === session.id && e.session.startStep ? [e.session.startStep] : []));
    expect(steps).toEqual(['slot_allocated', 'server_starting', 'waiting_for_server']);
  });

  it('refuses an unknown type, an unoffered size, and a full type', async () => {
    await expect(engine.startSession({ type: 'Nope', size: '1024x768' })).rejects.toMatchObject({ code: 'unknown_type' });
    await expect(engine.startSession({ type: 'Test Desktop', size: '800x600' })).rejects.toMatchObject({ code: 'bad_request' });
    const [a, b] = await Promise.all([
      engine.startSession({ type: 'Test Desktop', size: '1024x768' }),
      engine.startSession({ type: 'Test Desktop', size: '1024x768' }),
    ]);
    expect([a.index, b.index].sort()).toEqual([0, 1]);
    await expect(engine.startSession({ type: 'Test Desktop', size: '1024x768' })).rejects.toMatchObject({ code: 'at_capacity' });
    await Promise.all([engine.stopSession(a.id), engine.stopSession(b.id)]);
    expect(await findProcesses('Xvnc', `:${DISPLAY_BASE + 1}`)).toEqual([]);
  });

  it('runs options.command inside the display and ends it with the session', async () => {
    const sessionsFile = await writeSessionsFile(
      dir.path,
      { Cmd: { script: 'xvnc', count: 1, options: { sizes: ['1024x768'], display_base: DISPLAY_BASE + 5, command: 'sleep 3141; echo never' } } },
      'cmd.json',
    );
    const other = new SessionDeckEngine({
      sessionsFile,
      dataDir: join(dir.path, 'data2'),
      user: 'tester',
      userGroups: [],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      allowedOrigins: [],
      stopGraceMs: 2_000,
    });
    await other.start();
    try {
      const session = await other.startSession({ type: 'Cmd', size: '1024x768' });
      // The shell and its child sleep: both belong to the session's process group.
      await expect.poll(() => findProcesses('sleep 3141')).toHaveLength(2);
      await other.stopSession(session.id);
      expect(await findProcesses('sleep 3141')).toEqual([]);
      expect(await findProcesses('Xvnc', `:${DISPLAY_BASE + 5}`)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
