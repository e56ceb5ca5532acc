// The x11vnc script against real Xvfb and x11vnc, through the engine: a fresh Xvfb per session,
// and attached to an existing display that the session must leave running, on free displays.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayTraces, findProcesses, makeTempDir, type TempDir } from '../electron/core/testing/fixtures';
import { reserveDisplay } from '../electron/core/testing/free-display';
import { probeRfbServer } from '../electron/core/vnc/rfb-client';
import { writeXAuthority } from './lib/x-display';
import { waitForXServer } from './lib/x-server';
import { handshakeThroughBridge, listeningAddresses, rfbSocketOf, sessionPassword, startEngine, type EngineFixture } from './testing/script-session';

const FRESH = await reserveDisplay();
const ATTACH_SLOT = await reserveDisplay(); // the attached session's port is 5900 + ATTACH_SLOT
const EXISTING = await reserveDisplay(); // the "existing display" the test starts itself
const FRESH_CMD = await reserveDisplay();
const MISSING = await reserveDisplay(); // no X server here (the slot's port is 5900 + MISSING)
const port = (display: number) => 5900 + display;

async function expectNoTraces(fixture: EngineFixture, display: number) {
  expect(await findProcesses('x11vnc', fixture.dir.path)).toEqual([]);
  expect(await findProcesses('Xvfb', `:${display}`)).toEqual([]);
  expect(await displayTraces(display)).toEqual([]);
  expect(await listeningAddresses(port(display))).toEqual([]);
  expect(await readdir(join(fixture.dir.path, 'data', 'sessions'))).toEqual([]);
}

describe('x11vnc script', () => {
  let fixture: EngineFixture;
  let existing: ChildProcess;
  let existingDir: TempDir;
  const existingExited = () => existing.exitCode !== null || existing.signalCode !== null;

  beforeAll(async () => {
    // The existing display: an Xvfb with its own X authority, as a user's desktop would have.
    existingDir = await makeTempDir('deck-x11vnc-existing');
    const xauthority = join(existingDir.path, 'Xauthority');
    await writeXAuthority(xauthority, EXISTING);
    existing = spawn('Xvfb', [`:${EXISTING}`, '-screen', '0', '640x480x24', '-nolisten', 'tcp', '-auth', xauthority], { stdio: 'ignore' });
    await waitForXServer(EXISTING, 10_000);
    fixture = await startEngine('deck-x11vnc', {
      Fresh: { script: 'x11vnc', count: 1, options: { sizes: ['1024x768', '800x600'], display_base: FRESH } },
      Attached: { script: 'x11vnc', count: 1, options: { sizes: ['1024x768'], display_base: ATTACH_SLOT, display: `:${EXISTING}`, xauthority } },
      Missing: { script: 'x11vnc', count: 1, options: { sizes: ['1024x768'], display_base: MISSING, display: `:${MISSING}` } },
    });
  });

  afterAll(async () => {
    await fixture?.close();
    if (existing && !existingExited()) {
      const exited = new Promise((resolve) => existing.once('exit', resolve));
      existing.kill('SIGTERM');
      await exited;
    }
    await existingDir?.remove();
  });

  it('fresh Xvfb: VncAuth with the session password, loopback only, the chosen size, no traces after stop', async () => {
    const { engine } = fixture;
    const session = await engine.startSession({ type: 'Fresh', size: '800x600' });
    try {
      const [xvfb] = await findProcesses('Xvfb', `:${FRESH}`);
      expect(xvfb).toContain('-nolisten tcp');
      const viewer = await engine.openViewer(session.id);
      await expect(probeRfbServer(rfbSocketOf(fixture, session.id), 'wrongpw1')).rejects.toThrow(/authentication failed/i);
      expect(await probeRfbServer(rfbSocketOf(fixture, session.id), await sessionPassword(fixture, session.id))).toMatchObject({ width: 800, height: 600, name: 'Fresh' });
      expect(await handshakeThroughBridge(viewer.url)).toMatchObject({ width: 800, height: 600 });
      // Only the Unix socket in the session's scratch directory: no TCP port at all.
      expect(await listeningAddresses(port(FRESH))).toEqual([]);
      expect(await listeningAddresses(6000 + FRESH)).toEqual([]);
    } finally {
      await engine.stopSession(session.id);
    }
    await expectNoTraces(fixture, FRESH);
  });

  it('fresh Xvfb: runs options.command inside the display and ends it with the session', async () => {
    const geometryFile = join(fixture.dir.path, 'geometry');
    const other = await startEngine('deck-x11vnc-cmd', {
      Cmd: {
        script: 'x11vnc',
        count: 1,
        options: { sizes: ['1024x768'], display_base: FRESH_CMD, command: `xdotool getdisplaygeometry > '${geometryFile}'; exec sleep 302` },
      },
    });
    try {
      const session = await other.engine.startSession({ type: 'Cmd', size: '1024x768' });
      await expect.poll(() => readFile(geometryFile, 'utf8').catch(() => ''), { timeout: 10_000 }).toBe('1024 768\n');
      await expect.poll(() => findProcesses('sleep 302')).toHaveLength(1);
      await other.engine.stopSession(session.id);
      expect(await findProcesses('sleep 302')).toEqual([]);
      await expectNoTraces(other, FRESH_CMD);
    } finally {
      await other.close();
    }
  });

  it('fresh Xvfb: the session ends (server_exited) when x11vnc dies, and takes its Xvfb along', async () => {
    const { engine } = fixture;
    const session = await engine.startSession({ type: 'Fresh', size: '1024x768' });
    const x11vncPids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
    let killed = false;
    for (const entry of x11vncPids) {
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
      if (cmdline.startsWith('x11vnc\0') && cmdline.includes(session.id)) {
        process.kill(Number(entry), 'SIGKILL');
        killed = true;
      }
    }
    expect(killed).toBe(true);
    await expect.poll(async () => (await engine.getSession(session.id)).state, { timeout: 3000, interval: 100 }).toBe('terminated');
    expect((await engine.getSession(session.id)).cause).toBe('server_exited');
    await expectNoTraces(fixture, FRESH);
  });

  it('attached: serves the existing display at its own size, and stopping leaves that display running', async () => {
    const { engine } = fixture;
    const session = await engine.startSession({ type: 'Attached', size: '1024x768' });
    try {
      expect(await findProcesses('Xvfb', `:${ATTACH_SLOT}`)).toEqual([]); // no X server of its own
      const viewer = await engine.openViewer(session.id);
      await expect(probeRfbServer(rfbSocketOf(fixture, session.id), 'wrongpw1')).rejects.toThrow(/authentication failed/i);
      // x11vnc cannot resize the display: the framebuffer is the display's 640x480, not the chosen size.
      expect(await probeRfbServer(rfbSocketOf(fixture, session.id), await sessionPassword(fixture, session.id), 15_000)).toMatchObject({ width: 640, height: 480 });
      expect(await handshakeThroughBridge(viewer.url)).toMatchObject({ width: 640, height: 480 });
      // Only the Unix socket in the session's scratch directory: no TCP port at all.
      expect(await listeningAddresses(port(ATTACH_SLOT))).toEqual([]);
    } finally {
      await engine.stopSession(session.id);
    }
    expect(await findProcesses('x11vnc', fixture.dir.path)).toEqual([]);
    expect(await listeningAddresses(port(ATTACH_SLOT))).toEqual([]);
    // The existing display is untouched: its server runs and still accepts clients.
    expect(existingExited()).toBe(false);
    expect(await displayTraces(EXISTING)).toHaveLength(2);
    await waitForXServer(EXISTING, 1000);
  });

  it('attached: a display with no X server fails the start with a clear reason', async () => {
    await expect(fixture.engine.startSession({ type: 'Missing', size: '1024x768' })).rejects.toMatchObject({
      code: 'start_failed',
      message: expect.stringContaining(`no X server on display :${MISSING}`),
    });
    expect(await findProcesses('x11vnc', fixture.dir.path)).toEqual([]);
  });
});
