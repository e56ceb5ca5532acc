// Built-in script: the `vncserver` wrapper of TigerVNC or TightVNC, for sites that want the
// wrapper's own defaults and logs. Slot index i uses display `display_base + i`, with VncAuth
// against the session's fresh password. TigerVNC's wrapper passes -rfbunixpath on: its server
// listens on a Unix socket in the scratch directory only (no TCP port), without a connection
// blacklist. TightVNC cannot: it listens on RFB port 5900 + display on loopback.
//
// The wrapper runs with its own HOME inside the session's scratch directory, so nothing touches
// the user's ~/.vnc: the session's password file is copied to $HOME/.vnc/passwd (where both
// wrappers look for it), $XAUTHORITY is a private file there, and $TMPDIR too (TigerVNC copies
// the password file into a temporary directory). All of it goes when the session ends.
//
// Both wrappers daemonize the X server out of the session's process group (TigerVNC even into
// its own session), so the server is tracked by the pid file the wrapper writes: stop() runs
// `vncserver -kill :N`, then makes sure that pid is gone; and a watcher process (the session's
// 'server') stands for it: the session ends when the server dies, and the server is ended when the
// watcher is, so it never outlives its session even where stop() does not run.
//
// Flavours:
// - TigerVNC (Debian's tigervncserver): `-noxstartup -autokill no` keeps it from waiting ~3 s for
//   an X session it would then tie the server's life to; `-rfbport -1 -rfbunixpath <socket>` (or,
//   where the socket path is too long, `-localhost yes -interface 127.0.0.1 -rfbport <port>`).
// - TightVNC 1.3 (tightvncserver): always sleeps 1 s after starting Xtightvnc (not avoidable);
//   `-localhost` binds 127.0.0.1 only and `-nolisten tcp` stops X11 on TCP; its xstartup is
//   replaced by a no-op so it does not start /etc/X11/Xsession. It rounds the width up to a
//   multiple of 4 and the height up to an even number, and needs X fonts (xfonts-base).
// - A TigerVNC >= 1.11 whose distribution replaced per-user vncserver by systemd's vncsession
//   refuses to start: that becomes a clear error that points to the "xvnc" script.
//
// On another machine (options.host) the same wrapper runs there: ./lib/remote-vncserver.ts.
import { chmod, copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RealizeServiceArgs, ScriptProcess, SessionResources, SessionService, StartOptions } from './api';
import { readDesktopOptions, startDesktop, stopDesktop } from './lib/desktop';
import { choiceOption, integerOption, settle } from './lib/options';
import { commandLineOf, endProcess, isRunning, parentOf, watchProcess } from './lib/processes';
import { runCaptured, type CapturedRun } from './lib/run-captured';
import { FLAVOURS, findWrapper, type Flavour, type Wrapper } from './lib/vncserver-flavour';
import { homeFiles, tightvncGeometry, wrapperArgs, wrapperFailure } from './lib/vncserver-launch';
import { announce, describeListen, rfbListen, waitForServer } from './lib/rfb-socket';
import { displayCandidates, runsOnHost } from './lib/remote-x';
import { LOOPBACK } from './lib/server-args';
import { remoteDisplaysBusyReason } from './lib/remote-slot-probe';
import { slotBusyReason } from './lib/slot-probe';
import { removeTracesOf } from './lib/x-server';
import { RemoteVncserver } from './lib/remote-vncserver';

export { tightvncGeometry };

const RFB_BASE_PORT = 5900;
const WRAPPER_TIMEOUT_MS = 20_000;
const KILL_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3_000;
const DESKTOP_LOG_LINES = 40;

interface Running {
  session: SessionResources;
  wrapper: Wrapper;
  home: string;
  env: Record<string, string>;
  launched: boolean;
  /** The wrapper's run: stop() waits for it, so -kill never races a server still being started. */
  launch?: Promise<CapturedRun>;
  /** Set by stop(): a start still in flight (cancelled by a timeout or a stop) goes no further. */
  stopped: boolean;
  serverPid?: number;
  monitorPid?: number;
  watcher?: ScriptProcess;
  desktop: ScriptProcess[];
}

function readOptions(common: Readonly<Record<string, unknown>>) {
  return {
    displayBase: integerOption(common, 'display_base', 100, 0, 59_000),
    depth: integerOption(common, 'depth', 24, 8, 32),
    desktop: readDesktopOptions(common),
    flavour: choiceOption(common, 'flavour', FLAVOURS),
  };
}

/** The wrapper's HOME: .vnc/passwd (0600, else the wrappers prompt), a no-op xstartup, a private TMPDIR. */
async function prepareHome(session: SessionResources, flavour: Flavour): Promise<{ home: string; tmp: string }> {
  const home = join(session.scratchDir, 'home');
  const tmp = join(session.scratchDir, 'tmp');
  await mkdir(join(home, '.vnc'), { recursive: true, mode: 0o700 });
  await mkdir(tmp, { mode: 0o700 });
  const passwd = join(home, '.vnc', 'passwd');
  await copyFile(session.passwordFile, passwd);
  await chmod(passwd, 0o600);
  for (const { path, text } of homeFiles(flavour, home)) await writeFile(path, text, { mode: 0o700 });
  return { home, tmp };
}

/** The X server's pid, from the pid file the wrapper writes as $HOME/.vnc/<host>:<display>.pid. */
async function readServerPid(home: string, display: number): Promise<number> {
  const vncDir = join(home, '.vnc');
  const pidFile = (await readdir(vncDir)).find((file) => file.endsWith(`:${display}.pid`));
  if (!pidFile) throw new Error(`the vncserver wrapper wrote no pid file for display :${display} in ${vncDir}`);
  const pid = Number((await readFile(join(vncDir, pidFile), 'utf8')).trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`unreadable pid file ${pidFile}`);
  return pid;
}

/** The X server's own log ($HOME/.vnc/<host>:<display>.log) into the session log, which outlives HOME. */
async function copyDesktopLog(running: Running, display: number): Promise<void> {
  const vncDir = join(running.home, '.vnc');
  const logFile = (await readdir(vncDir).catch(() => [])).find((file) => file.endsWith(`:${display}.log`));
  if (!logFile) return;
  const lines = (await readFile(join(vncDir, logFile), 'utf8').catch(() => '')).split('\n').filter((line) => line.trim() !== '');
  for (const line of lines.slice(-DESKTOP_LOG_LINES)) running.session.log(`${logFile}: ${line}`);
}

export function realizeService({ name, count, index, commonOptions, setHostPort, setUnixSocket }: RealizeServiceArgs): SessionService {
  // A bad option fails the start with its message (rather than making the slot look busy).
  const config = settle(() => readOptions(commonOptions));
  const display = (config.value?.displayBase ?? 0) + index;
  const port = RFB_BASE_PORT + display;
  let running: Running | undefined;
  let remote: RemoteVncserver | undefined;

  return {
    // The port matters only where the server has to listen on TCP (known at start). On another
    // machine the slot is held there only when every display it may try is.
    probe: (host) => {
      if (!config.value) return Promise.resolve(undefined);
      if (!runsOnHost(commonOptions)) return slotBusyReason(display);
      return host ? remoteDisplaysBusyReason(host, displayCandidates(config.value.displayBase, index, count)) : Promise.resolve(undefined);
    },

    async start(_token: string, _timestamp: number, options: StartOptions): Promise<boolean> {
      if (!config.value) throw config.error;
      const { depth, flavour } = config.value;
      const { session } = options;
      if (session.host) {
        const { displayBase, desktop } = config.value;
        const candidates = displayCandidates(displayBase, index, count);
        remote = new RemoteVncserver(session.host, session, { name, candidates, depth, flavour, width: options.width, height: options.height, desktop, setUnixSocket });
        await remote.start();
        return true;
      }
      const wrapper = await findWrapper(session, flavour);
      // TightVNC's wrapper knows no Unix socket: 5900 + display on loopback.
      const tcp = { kind: 'tcp', host: LOOPBACK, port } as const;
      const listen = wrapper.flavour === 'tigervnc' ? rfbListen(session.scratchDir, LOOPBACK, port) : tcp;
      const busy = await slotBusyReason(display, listen.kind === 'tcp' ? tcp : undefined);
      if (busy) throw new Error(busy);

      const { home, tmp } = await prepareHome(session, wrapper.flavour);
      const xauthority = join(session.scratchDir, 'Xauthority');
      const env = { HOME: home, USER: options.user, XAUTHORITY: xauthority, TMPDIR: tmp };
      const current: Running = { session, wrapper, home, env, launched: true, stopped: false, desktop: [] };
      running = current;
      const goOn = () => {
        if (current.stopped) throw new Error('the start was cancelled');
      };
      session.log(`${wrapper.flavour} vncserver (${wrapper.command}) on display :${display}, ${describeListen(listen)}, ${options.size}`);
      if (wrapper.flavour === 'tightvnc' && tightvncGeometry(options.width, options.height) !== options.size) {
        session.log(`TightVNC rounds ${options.size} up to ${tightvncGeometry(options.width, options.height)}`);
      }

      // TightVNC's wrapper leaves Xtightvnc in its own process group; setsid gives it a session of
      // its own, like TigerVNC's: the server is then tracked by its pid (watcher, stop) only, and the
      // exited wrapper's group is empty, so ending it never waits on the server or its zombies.
      const [launcher, ...launchArgs] = [
        ...(wrapper.flavour === 'tightvnc' ? ['setsid', '-w'] : []),
        wrapper.command,
        ...wrapperArgs(wrapper.flavour, { display, listen, name, width: options.width, height: options.height, depth }),
      ] as [string, ...string[]];
      current.launch = runCaptured(session, launcher, launchArgs, { env, timeoutMs: WRAPPER_TIMEOUT_MS, label: wrapper.command });
      const run = await current.launch;
      if (run.code !== 0) {
        current.launched = false; // a wrapper that fails cleans up after itself; a stub has nothing to kill
        throw wrapperFailure(wrapper, run);
      }
      goOn();

      const serverPid = await readServerPid(home, display);
      current.serverPid = serverPid;
      // TigerVNC's wrapper leaves a monitor process (the server's parent) that exits with the server.
      const parent = await parentOf(serverPid);
      if (parent && parent !== 1 && (await commandLineOf(parent)).includes('vncserver')) current.monitorPid = parent;
      goOn();
      current.watcher = watchProcess(session, serverPid, wrapper.flavour === 'tigervnc' ? 'Xtigervnc' : 'Xtightvnc');

      await waitForServer(listen, session);
      if (!(await isRunning(serverPid))) throw new Error(`the X server (pid ${serverPid}) exited during start`);
      goOn();
      announce(listen, { setHostPort, setUnixSocket });

      current.desktop = await startDesktop(session, config.value.desktop, { DISPLAY: `:${display}`, XAUTHORITY: xauthority });
      return true;
    },

    async stop(): Promise<void> {
      await remote?.stop();
      remote = undefined;
      const current = running;
      running = undefined;
      if (!current) return;
      const { session } = current;
      current.stopped = true;
      // Desktop programs first, so they do not complain about a vanished display.
      await stopDesktop(current.desktop);
      await current.launch?.catch(() => undefined);
      // Read before -kill: TightVNC's -kill deletes the pid file.
      current.serverPid ??= await readServerPid(current.home, display).catch(() => undefined);
      if (current.launched) {
        await runCaptured(session, current.wrapper.command, ['-kill', `:${display}`], {
          env: current.env,
          timeoutMs: KILL_TIMEOUT_MS,
          label: `${current.wrapper.command} -kill`,
        }).catch((error: Error) => session.log(`vncserver -kill failed: ${error.message}`));
      }
      // Whatever -kill did (or could not do, without a pid file), the server must be gone.
      const log = (line: string) => session.log(line);
      if (current.serverPid) {
        await endProcess(current.serverPid, STOP_GRACE_MS, log);
        if (await removeTracesOf(display, current.serverPid)) log(`removed the stale lock and socket of display :${display}`);
      }
      if (current.monitorPid) await endProcess(current.monitorPid, STOP_GRACE_MS, log);
      await current.watcher?.terminate();
      await copyDesktopLog(current, display);
    },
  };
}
