// The vncserver script on another machine, for real: TigerVNC's and TightVNC's wrappers started
// through the system ssh on a private sshd host (127.0.0.2), reached through the bridge and the
// session's forward. Both "sides" are this machine, so every process check covers both at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../electron/core/testing/engine-harness';
import { displayTraces, findProcesses } from '../electron/core/testing/fixtures';
import { useRemoteTestbed } from '../electron/core/testing/remote-testbed';
import { expectNoSessionTraces, processesHolding, remoteDirsOf, remoteProcessOf } from '../electron/core/testing/remote-traces';
import { readVncPasswordFile } from '../electron/core/vnc/vnc-auth';
import { handshakeThroughBridge, isLoopbackAddress, listeningAddresses } from './testing/script-session';

const FLAVOURS = [
  { flavour: 'tigervnc', server: 'Xtigervnc' },
  { flavour: 'tightvnc', server: 'Xtightvnc' },
] as const;
/** Displays per flavour: base and base + 1 (the slot's second choice when the first is held). */
const SPAN = 2;

const bed = useRemoteTestbed('deck-remote-vncserver', { displays: SPAN * FLAVOURS.length });
const baseOf = (flavour: string) => bed.base + SPAN * FLAVOURS.findIndex((entry) => entry.flavour === flavour);

const remoteType = (flavour: string, options: Record<string, unknown> = {}) => ({
  Remote: { script: 'vncserver', count: 1, options: { sizes: ['800x600'], display_base: baseOf(flavour), flavour, host: 'n1', ssh_config: bed.hosts.configFile, ...options } },
});
const start = async (types: unknown) => (bed.harness = await startEngine(types));

/** The live X server of a session (found by its private directory on the host): pid and display. */
async function remoteServer(server: string, sessionId: string): Promise<{ pid: number; display: number; cmdline: string }> {
  const found = await remoteProcessOf(new RegExp(`^\\S*${server} :\\d+ `), sessionId);
  return { ...found, display: Number(/ :(\d+) /.exec(found.cmdline)![1]) };
}

/** Nothing of the sessions left on either side: no process, no directory on the host, no display lock. */
async function expectNothingLeft(harness: EngineHarness, server: string, displays: readonly number[], sessionIds: readonly string[]): Promise<void> {
  await expectNoSessionTraces(harness.dir, sessionIds);
  for (const display of displays) {
    expect(await findProcesses(server, `:${display}`)).toEqual([]);
    expect(await displayTraces(display)).toEqual([]);
    expect(await listeningAddresses(5900 + display)).toEqual([]);
  }
}

describe.each(FLAVOURS)('vncserver ($flavour) on another machine', ({ flavour, server }) => {
  it('answers through the bridge with the session password, on the host loopback only, the password on no command line, nothing left after stop', async () => {
    const harness = await start(remoteType(flavour));
    const session = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
    expect(session.host).toBe('n1');
    const { display, cmdline } = await remoteServer(server, session.id);
    expect(display).toBe(baseOf(flavour));
    const [dir] = await remoteDirsOf(session.id);
    expect((await stat(dir!)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir!, 'home', '.vnc', 'passwd'))).mode & 0o777).toBe(0o600);
    const password = await readVncPasswordFile(join(harness.dir, 'data', 'sessions', session.id, 'passwd'));
    expect(await readVncPasswordFile(join(dir!, 'home', '.vnc', 'passwd'))).toBe(password);
    expect(await processesHolding(password)).toEqual([]);
    if (flavour === 'tigervnc') {
      // A Unix socket in the private directory there: no TCP port at all.
      expect(cmdline).toContain(`-rfbunixpath ${dir}/rfb.sock`);
      expect(await listeningAddresses(5900 + display)).toEqual([]);
    } else {
      const addresses = await listeningAddresses(5900 + display);
      expect(addresses.length).toBeGreaterThan(0);
      expect(addresses.filter((address) => !isLoopbackAddress(address))).toEqual([]);
    }
    expect(await listeningAddresses(6000 + display)).toEqual([]);

    const viewer = await harness.engine.openViewer(session.id);
    expect(await handshakeThroughBridge(viewer.url)).toMatchObject({ width: 800, height: 600 });

    await harness.engine.stopSession(session.id);
    expect((await harness.engine.getSession(session.id)).cause).toBe('user_stopped');
    await expectNothingLeft(harness, server, [display], [session.id]);
  });

  it('ends the session with server_exited when the server dies on the host', async () => {
    const harness = await start(remoteType(flavour));
    const session = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
    const { pid, display } = await remoteServer(server, session.id);
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => harness.engine.getSession(session.id).then((info) => info.cause), { timeout: 15_000 }).toBe('server_exited');
    expect((await harness.engine.getSession(session.id)).message).toContain('on n1');
    // The next start removes the lock the killed server left and takes the display again.
    const next = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
    expect((await remoteServer(server, next.id)).display).toBe(display);
    await harness.engine.stopSession(next.id);
    await expectNothingLeft(harness, server, [display], [session.id, next.id]);
  });
});

describe('vncserver on another machine: held displays', () => {
  let holder: ChildProcess | undefined;
  let port: Server | undefined;
  afterEach(async () => {
    holder?.kill('SIGKILL');
    holder = undefined;
    await new Promise((resolve) => (port ? port.close(resolve) : resolve(undefined)));
    port = undefined;
    for (const display of [baseOf('tigervnc'), baseOf('tightvnc')]) await rm(`/tmp/.X${display}-lock`, { force: true });
  });

  it('skips a display whose lock a live process holds there, and leaves that lock alone', async () => {
    const held = baseOf('tigervnc');
    holder = spawn('sleep', ['300'], { stdio: 'ignore' });
    await writeFile(`/tmp/.X${held}-lock`, `${String(holder.pid).padStart(10)}\n`, { flag: 'wx' });
    const harness = await start(remoteType('tigervnc'));
    const session = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
    expect((await remoteServer('Xtigervnc', session.id)).display).toBe(held + 1);
    await harness.engine.stopSession(session.id);
    expect(await displayTraces(held)).toEqual([`/tmp/.X${held}-lock`]);
    await expectNothingLeft(harness, 'Xtigervnc', [held + 1], [session.id]);
  });

  it('TightVNC skips a display whose port 5900 + display another program listens on there', async () => {
    const held = baseOf('tightvnc');
    port = createServer();
    await new Promise<void>((resolve) => port!.listen({ host: '127.0.0.1', port: 5900 + held }, resolve));
    const harness = await start(remoteType('tightvnc'));
    const session = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
    expect((await remoteServer('Xtightvnc', session.id)).display).toBe(held + 1);
    await harness.engine.stopSession(session.id);
    await expectNothingLeft(harness, 'Xtightvnc', [held + 1], [session.id]);
  });
});
