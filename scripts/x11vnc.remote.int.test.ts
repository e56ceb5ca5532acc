// The x11vnc script on another machine, for real: on a fresh Xvfb there (with the openbox desktop
// and a program, seen in a real noVNC through the bridge), or attached to a display that exists
// there; through the system ssh on a private sshd host (127.0.0.2). Both "sides" are this machine,
// so every process check covers both at once.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { connectVnc, disconnectVnc, pixelAt } from '../electron/core/bridge/testing/novnc-page';
import { startEngine, type EngineHarness } from '../electron/core/testing/engine-harness';
import { displayTraces, findProcesses } from '../electron/core/testing/fixtures';
import { useRemoteTestbed } from '../electron/core/testing/remote-testbed';
import { expectNoSessionTraces, processesHolding, remoteDirsOf, remoteProcessOf } from '../electron/core/testing/remote-traces';
import { readVncPasswordFile } from '../electron/core/vnc/vnc-auth';
import { handshakeThroughBridge, listeningAddresses } from './testing/script-session';

/** base, base + 1: the slot's displays (the second when the first is held); base + 2: a display the test starts itself. */
const bed = useRemoteTestbed('deck-remote-x11vnc', { displays: 3, browser: true });

const remoteType = (options: Record<string, unknown> = {}) => ({
  Remote: { script: 'x11vnc', count: 1, options: { sizes: ['800x600'], display_base: bed.base, host: 'n1', ssh_config: bed.hosts.configFile, ...options } },
});
const start = async (types: unknown, options: Parameters<typeof startEngine>[1] = {}) => (bed.harness = await startEngine(types, options));

/** The window tree of an X display (both "sides" are this machine), as xwininfo prints it. */
async function windowTree(display: number, xauthority: string | undefined): Promise<string> {
  const env = { ...process.env, ...(xauthority ? { XAUTHORITY: xauthority } : {}) };
  return promisify(execFile)('xwininfo', ['-root', '-tree', '-display', `:${display}`], { env }).then(({ stdout }) => stdout, (error: Error) => error.message);
}

/** Nothing of the sessions left on either side: no process, no directory on the host, no display lock. */
async function expectNothingLeft(harness: EngineHarness, displays: readonly number[], sessionIds: readonly string[]): Promise<void> {
  await expectNoSessionTraces(harness.dir, sessionIds);
  for (const display of displays) {
    expect(await findProcesses('Xvfb', `:${display}`)).toEqual([]);
    expect(await displayTraces(display)).toEqual([]);
  }
}

describe('x11vnc on another machine', () => {
  it('serves a fresh Xvfb there with openbox and the command, seen in noVNC; the password on no command line; nothing left after stop', async () => {
    // xev draws a white window on the black root.
    const harness = await start(remoteType({ desktop: 'openbox', command: 'exec xev -geometry 400x300+0+0' }), { allowedOrigins: [bed.browser.origin] });
    const session = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
    expect(session.host).toBe('n1');
    const [dir] = await remoteDirsOf(session.id);
    expect((await stat(dir!)).mode & 0o777).toBe(0o700);
    const x11vnc = await remoteProcessOf('x11vnc', session.id);
    // A Unix socket in the private directory there: no TCP port at all.
    expect(x11vnc.cmdline).toContain(`-unixsock ${dir}/rfb.sock -rfbport 0 -rfbportv6 -1`);
    expect(x11vnc.cmdline).toContain(`-display :${bed.base} `);
    expect(await listeningAddresses(5900 + bed.base)).toEqual([]);
    expect(await listeningAddresses(6000 + bed.base)).toEqual([]);
    const openbox = await remoteProcessOf('openbox', session.id);
    expect(openbox.cmdline).toBe(`openbox --config-file ${dir}/openbox/rc.xml`);
    const password = await readVncPasswordFile(join(harness.dir, 'data', 'sessions', session.id, 'passwd'));
    expect(await processesHolding(password)).toEqual([]);

    // xev's window is on the display before its pixels are looked for: on a loaded machine openbox
    // and xev come up well after the server answers, and CI once saw only the black root.
    const xauthority = /-auth (\S+)/.exec(x11vnc.cmdline)?.[1];
    await expect.poll(() => windowTree(bed.base, xauthority), { timeout: 30_000 }).toContain('"Event Tester"');
    const { page } = bed.browser;
    await connectVnc(page, (await harness.engine.openViewer(session.id)).url);
    await expect.poll(() => pixelAt(page, 200, 200), { timeout: 30_000 }).toEqual([255, 255, 255]);
    expect(await pixelAt(page, 700, 550)).not.toEqual([255, 255, 255]);
    await disconnectVnc(page);

    await harness.engine.stopSession(session.id);
    expect((await harness.engine.getSession(session.id)).cause).toBe('user_stopped');
    expect(await findProcesses('openbox', `session-deck-${session.id}-`)).toEqual([]);
    await expectNothingLeft(harness, [bed.base], [session.id]);
  });

  it('ends the session with server_exited when x11vnc dies on the host', async () => {
    const harness = await start(remoteType());
    const session = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
    process.kill((await remoteProcessOf('x11vnc', session.id)).pid, 'SIGKILL');
    await expect.poll(() => harness.engine.getSession(session.id).then((info) => info.cause), { timeout: 15_000 }).toBe('server_exited');
    expect((await harness.engine.getSession(session.id)).message).toContain('on n1');
    await expectNothingLeft(harness, [bed.base], [session.id]);
  });

  describe('displays that are not the session\'s', () => {
    let display: ChildProcess | undefined;
    afterEach(async () => {
      // SIGTERM: an Xvfb removes its own lock and socket.
      const exited = display && display.exitCode === null ? new Promise((resolve) => display!.once('exit', resolve)) : undefined;
      display?.kill('SIGTERM');
      await exited;
      display = undefined;
      await rm(`/tmp/.X${bed.base}-lock`, { force: true });
    });

    it('skips a display whose lock a live process holds there, and leaves that lock alone', async () => {
      display = spawn('sleep', ['300'], { stdio: 'ignore' });
      await writeFile(`/tmp/.X${bed.base}-lock`, `${String(display.pid).padStart(10)}\n`, { flag: 'wx' });
      const harness = await start(remoteType());
      const session = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
      expect((await remoteProcessOf('x11vnc', session.id)).cmdline).toContain(`-display :${bed.base + 1} `);
      await harness.engine.stopSession(session.id);
      expect(await displayTraces(bed.base)).toEqual([`/tmp/.X${bed.base}-lock`]);
      await expectNothingLeft(harness, [bed.base + 1], [session.id]);
    });

    it('attaches to a display that exists there, and leaves it running after stop', async () => {
      const existing = bed.base + 2;
      display = spawn('Xvfb', [`:${existing}`, '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
      await expect.poll(() => displayTraces(existing), { timeout: 15_000 }).toHaveLength(2);
      const harness = await start(remoteType({ display: `:${existing}` }));
      const session = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
      expect((await remoteProcessOf('x11vnc', session.id)).cmdline).toContain(`-display :${existing} `);
      // It keeps its own size.
      expect(await handshakeThroughBridge((await harness.engine.openViewer(session.id)).url)).toMatchObject({ width: 1024, height: 768 });
      await harness.engine.stopSession(session.id);
      expect(display.exitCode).toBeNull();
      expect(await findProcesses('Xvfb', `:${existing}`)).toHaveLength(1);
      await expectNothingLeft(harness, [bed.base], [session.id]);
    });
  });
});
