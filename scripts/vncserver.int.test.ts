// The vncserver script against the real TigerVNC and TightVNC wrappers, through the engine, on
// free displays reserved for this file.
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayTraces, fileExists, findProcesses, makeTempDir, type TempDir } from '../electron/core/testing/fixtures';
import { reserveDisplay } from '../electron/core/testing/free-display';
import { probeRfbServer } from '../electron/core/vnc/rfb-client';
import { handshakeThroughBridge, isLoopbackAddress, listeningAddresses, rfbSocketOf, sessionPassword, startEngine, type EngineFixture } from './testing/script-session';
import { tightvncGeometry } from './vncserver';

const TIGER = await reserveDisplay();
const TIGHT = await reserveDisplay();
const TIGER_CMD = await reserveDisplay();
const REFUSED = await reserveDisplay(); // the refusing stub starts nothing; the start-timeout test uses it too
const FOREIGN = await reserveDisplay(); // held by a foreign lock file in one test
const port = (display: number) => 5900 + display;

/** What the user's own ~/.vnc holds, to show that the script never touches it. */
const userVncDir = async () => {
  const dir = join(homedir(), '.vnc');
  return (await fileExists(dir)) ? (await readdir(dir)).sort() : 'absent';
};

async function expectLoopbackOnly(display: number) {
  const addresses = await listeningAddresses(port(display));
  expect(addresses.length).toBeGreaterThan(0);
  expect(addresses.filter((address) => !isLoopbackAddress(address))).toEqual([]);
  // No X11 over TCP either.
  expect(await listeningAddresses(6000 + display)).toEqual([]);
}

async function expectNoTraces(fixture: EngineFixture, display: number, server: string) {
  expect(await findProcesses(server, `:${display}`)).toEqual([]);
  expect(await findProcesses('vncserver', `:${display}`)).toEqual([]);
  expect(await displayTraces(display)).toEqual([]);
  expect(await listeningAddresses(port(display))).toEqual([]);
  expect(await readdir(join(fixture.dir.path, 'data', 'sessions'))).toEqual([]);
}

describe('vncserver script with the real wrappers', () => {
  let fixture: EngineFixture;
  let vncDirBefore: Awaited<ReturnType<typeof userVncDir>>;

  beforeAll(async () => {
    vncDirBefore = await userVncDir();
    fixture = await startEngine('deck-vncserver', {
      Tiger: { script: 'vncserver', count: 1, options: { sizes: ['1024x768', '800x600'], display_base: TIGER, flavour: 'tigervnc' } },
      Tight: { script: 'vncserver', count: 1, options: { sizes: ['1024x768', '1366x768'], display_base: TIGHT, flavour: 'tightvnc' } },
    });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('TigerVNC: VncAuth with the session password, loopback only, the chosen size, no traces after stop', async () => {
    const { engine } = fixture;
    const session = await engine.startSession({ type: 'Tiger', size: '800x600' });
    try {
      expect(session).toMatchObject({ state: 'ready', index: 0 });
      expect(await findProcesses('Xtigervnc', `:${TIGER}`)).toHaveLength(1);
      const viewer = await engine.openViewer(session.id);
      await expect(probeRfbServer(rfbSocketOf(fixture, session.id), 'wrongpw1')).rejects.toThrow(/authentication failed/i);
      expect(await probeRfbServer(rfbSocketOf(fixture, session.id), await sessionPassword(fixture, session.id))).toMatchObject({ width: 800, height: 600, name: 'Tiger' });
      // The bridge authenticates with the session's password; the viewer is given none.
      expect(await handshakeThroughBridge(viewer.url)).toMatchObject({ width: 800, height: 600 });
      // TigerVNC: only the Unix socket in the session's scratch directory, no TCP port at all.
      expect(await listeningAddresses(port(TIGER))).toEqual([]);
      expect(await listeningAddresses(6000 + TIGER)).toEqual([]);
    } finally {
      await engine.stopSession(session.id);
    }
    await expectNoTraces(fixture, TIGER, 'Xtigervnc');
    expect(await userVncDir()).toEqual(vncDirBefore);
  });

  it('TightVNC: VncAuth with the session password, loopback only, the chosen size, no traces after stop', async () => {
    const { engine } = fixture;
    const session = await engine.startSession({ type: 'Tight', size: '1024x768' });
    try {
      expect(await findProcesses('Xtightvnc', `:${TIGHT}`)).toHaveLength(1);
      const viewer = await engine.openViewer(session.id);
      await expect(probeRfbServer('127.0.0.1', port(TIGHT), 'wrongpw1')).rejects.toThrow(/authentication failed/i);
      const init = await probeRfbServer('127.0.0.1', port(TIGHT), await sessionPassword(fixture, session.id));
      // Xtightvnc decorates the name: "<user>'s Tight desktop (<host>:<display>)".
      expect(init).toMatchObject({ width: 1024, height: 768, name: expect.stringContaining('Tight') });
      // TightVNC offers its own Tight type (16) beside VncAuth: the bridge takes VncAuth, the viewer gets in with None.
      expect(await handshakeThroughBridge(viewer.url)).toMatchObject({ width: 1024, height: 768 });
      await expectLoopbackOnly(TIGHT);
    } finally {
      await engine.stopSession(session.id);
    }
    await expectNoTraces(fixture, TIGHT, 'Xtightvnc');
    expect(await userVncDir()).toEqual(vncDirBefore);
  });

  it('TightVNC rounds a width that is not a multiple of 4 up (documented)', async () => {
    expect(tightvncGeometry(1366, 768)).toBe('1368x768');
    expect(tightvncGeometry(1023, 767)).toBe('1024x768');
    const session = await fixture.engine.startSession({ type: 'Tight', size: '1366x768' });
    try {
      expect(await probeRfbServer('127.0.0.1', port(TIGHT), await sessionPassword(fixture, session.id))).toMatchObject({ width: 1368, height: 768 });
    } finally {
      await fixture.engine.stopSession(session.id);
    }
    await expectNoTraces(fixture, TIGHT, 'Xtightvnc');
  });

  it('detects the installed flavour, runs options.command inside the display and ends it with the session', async () => {
    const geometryFile = join(fixture.dir.path, 'geometry');
    const other = await startEngine(
      'deck-vncserver-cmd',
      {
        TigerCmd: {
          script: 'vncserver',
          count: 1,
          options: { sizes: ['800x600'], display_base: TIGER_CMD, command: `xdotool getdisplaygeometry > '${geometryFile}'; exec sleep 301` },
        },
      },
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
    );
    try {
      const session = await other.engine.startSession({ type: 'TigerCmd', size: '800x600' });
      // No options.flavour: Debian's vncserver alternative points at TigerVNC here.
      expect(await findProcesses('Xtigervnc', `:${TIGER_CMD}`)).toHaveLength(1);
      // The command reached the display through the session's private X authority.
      await expect.poll(() => readFile(geometryFile, 'utf8').catch(() => ''), { timeout: 10_000 }).toBe('800 600\n');
      await expect.poll(() => findProcesses('sleep 301')).toHaveLength(1);
      await other.engine.stopSession(session.id);
      expect(await findProcesses('sleep 301')).toEqual([]);
      await expectNoTraces(other, TIGER_CMD, 'Xtigervnc');
    } finally {
      await other.close();
    }
  });

  it('ends the session (server_exited) when the X server is killed, leaving no lock or socket', async () => {
    const { engine } = fixture;
    const session = await engine.startSession({ type: 'Tiger', size: '1024x768' });
    const [pid] = (await readFile(`/tmp/.X${TIGER}-lock`, 'utf8')).trim().split(/\s+/).map(Number);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    await expect.poll(async () => (await engine.getSession(session.id)).state, { timeout: 3000, interval: 100 }).toBe('terminated');
    expect((await engine.getSession(session.id)).cause).toBe('server_exited');
    await expectNoTraces(fixture, TIGER, 'Xtigervnc');
  });
});

describe('vncserver script whose start is cut short by the start timeout', () => {
  it('fails as start_timeout, runs -kill and ends the server it started', async () => {
    // A wrapper (detected as TigerVNC's) whose "server" daemonizes like Xtigervnc but never
    // answers RFB, so the start can only end by the timeout, however fast or slow the machine.
    const fakeBin = await makeTempDir('deck-fake-tigervnc');
    const calls = join(fakeBin.path, 'calls');
    await writeFile(
      join(fakeBin.path, 'vncserver'),
      `#!/bin/sh\n# stands in for tigervnc's vncserver\necho "$*" >> '${calls}'\ncase "$1" in -kill) exit 0 ;; esac\n` +
        `pidfile="$HOME/.vnc/stub$1.pid"\n` +
        `setsid sh -c 'echo $$ > "$0"; exec sleep 27183' "$pidfile" < /dev/null > /dev/null 2>&1 &\n` +
        `while [ ! -s "$pidfile" ]; do sleep 0.05; done\n`,
    );
    await chmod(join(fakeBin.path, 'vncserver'), 0o755);
    const fixture = await startEngine(
      'deck-vncserver-timeout',
      { Slow: { script: 'vncserver', count: 1, options: { sizes: ['1024x768'], display_base: REFUSED, flavour: 'tigervnc' } } },
      { timing: { startTimeoutMs: 1_500 }, env: { PATH: `${fakeBin.path}:${process.env.PATH ?? '/usr/bin:/bin'}` } },
    );
    try {
      await expect(fixture.engine.startSession({ type: 'Slow', size: '1024x768' })).rejects.toMatchObject({ code: 'start_failed' });
      const [failed] = await fixture.engine.listSessions();
      expect(failed).toMatchObject({ state: 'failed', cause: 'start_timeout' });
      const lines = (await readFile(calls, 'utf8')).trim().split('\n');
      expect(lines[0]).toMatch(new RegExp(`^:${REFUSED} `));
      expect(lines.slice(1)).toEqual([`-kill :${REFUSED}`]);
      expect(await findProcesses('sleep', '27183')).toEqual([]);
      expect((await fixture.engine.listTypes())[0]?.slots[0]).toEqual({ index: 0, state: 'free' });
    } finally {
      await fixture.close();
      await fakeBin.remove();
    }
  });
});

describe('vncserver script on a display held by something else', () => {
  let fixture: EngineFixture;

  beforeAll(async () => {
    fixture = await startEngine('deck-vncserver-busy', {
      Busy: { script: 'vncserver', count: 1, options: { sizes: ['1024x768'], display_base: FOREIGN } },
    });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('skips the slot with the reason and leaves the holder alone', async () => {
    // A lock file naming a live process that is not the session's (this test runner).
    await writeFile(`/tmp/.X${FOREIGN}-lock`, `${String(process.pid).padStart(10)}\n`, { flag: 'wx' });
    try {
      await expect(fixture.engine.startSession({ type: 'Busy', size: '1024x768' })).rejects.toMatchObject({
        code: 'at_capacity',
        message: expect.stringContaining(`display :${FOREIGN} is in use`),
      });
      expect(await fileExists(`/tmp/.X${FOREIGN}-lock`)).toBe(true);
      expect(await findProcesses('vncserver', `:${FOREIGN}`)).toEqual([]);
    } finally {
      await rm(`/tmp/.X${FOREIGN}-lock`, { force: true });
    }
  });
});

describe('vncserver script where the distribution forbids per-user vncserver', () => {
  let fixture: EngineFixture;
  let fakeBin: TempDir;

  beforeAll(async () => {
    // A stub like Fedora's, first on PATH: it prints its refusal and exits 1.
    fakeBin = await makeTempDir('deck-fake-vncserver');
    await writeFile(
      join(fakeBin.path, 'vncserver'),
      '#!/bin/sh\necho "vncserver has been replaced by a systemd unit and is now considered deprecated and removed in upstream."\n' +
        'echo "Please read /usr/share/doc/tigervnc/HOWTO.md for more information."\nexit 1\n',
    );
    await chmod(join(fakeBin.path, 'vncserver'), 0o755);
    fixture = await startEngine(
      'deck-vncserver-refused',
      { Refused: { script: 'vncserver', count: 1, options: { sizes: ['1024x768'], display_base: REFUSED } } },
      { env: { PATH: `${fakeBin.path}:${process.env.PATH ?? '/usr/bin:/bin'}` } },
    );
  });

  afterAll(async () => {
    await fixture?.close();
    await fakeBin?.remove();
  });

  it('fails with a clear error that points to the xvnc script, and frees the slot', async () => {
    await expect(fixture.engine.startSession({ type: 'Refused', size: '1024x768' })).rejects.toMatchObject({
      code: 'start_failed',
      message: expect.stringMatching(/refuses to start a per-user VNC server.*systemd unit.*use the built-in "xvnc" script/),
    });
    expect((await fixture.engine.listTypes())[0]?.slots[0]).toEqual({ index: 0, state: 'free' });
    const [failed] = await fixture.engine.listSessions();
    expect(failed).toMatchObject({ state: 'failed', cause: 'start_failed' });
    await expectNoTraces(fixture, REFUSED, 'Xtigervnc');
  });
});
