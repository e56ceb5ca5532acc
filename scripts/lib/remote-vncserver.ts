// The vncserver script on the session's host (options.host): the wrapper found on the host's PATH
// (TigerVNC or TightVNC, as here), a free display there (held displays skipped, stale locks
// removed; for TightVNC, which must listen on TCP, a held port 5900 + display skipped too), a
// private HOME inside the session's directory there whose .vnc/passwd is a copy of the session's
// password file (copied there, never sent on a command line).
//
// The wrapper daemonizes the X server (TigerVNC into a session of its own with a monitor process;
// TightVNC inside the wrapper's process group): the server, read from the wrapper's pid file, is
// adopted as the session's 'server', so its exit ends the session and the app ends it (by group)
// with the session, and a restarted app finds it recorded. stop() runs `vncserver -kill` first,
// as on this machine, and copies the server's own log into the session log.
import type { SessionHost, SessionResources } from '../api';
import type { DesktopOptions } from './desktop';
import type { RfbListen } from './rfb-socket';
import { pickRemoteDisplay, quote, remoteSocket, serveThroughForward, startRemoteDesktop, writeRemoteFiles } from './remote-x';
import { LOOPBACK } from './server-args';
import { findWrapperOnHost, type Flavour, type Wrapper } from './vncserver-flavour';
import { homeFiles, wrapperArgs, wrapperFailure } from './vncserver-launch';

const WRAPPER_TIMEOUT_MS = 20_000;
const KILL_TIMEOUT_MS = 10_000;
const DESKTOP_LOG_LINES = 40;

export interface RemoteVncserverOptions {
  name: string;
  candidates: number[];
  depth: number;
  flavour: Flavour | undefined;
  width: number;
  height: number;
  desktop: DesktopOptions;
  setUnixSocket(path: string): void;
}

/** Prints the wrapper's exit code (or "timeout"), the server's pid, the monitor's pid, then the wrapper's output. */
function waitForWrapper(dir: string, display: number): string {
  const rounds = WRAPPER_TIMEOUT_MS / 100;
  return [
    `dir=${quote(dir)}; i=0`,
    `while [ ! -s "$dir/vncserver.exit" ]; do i=$((i+1)); [ $i -gt ${rounds} ] && { echo timeout; echo; echo; cat "$dir/vncserver.log"; exit 0; }; sleep 0.1; done`,
    'read -r code <"$dir/vncserver.exit"; echo "$code"',
    `pid=; for f in "$dir"/home/.vnc/*:${display}.pid; do [ -e "$f" ] && read -r pid <"$f"; done; echo "$pid"`,
    // TigerVNC's monitor: the server's parent, a vncserver process, which exits with the server.
    'mon=; if [ -n "$pid" ] && read -r l </proc/$pid/stat; then r=${l##*) }; set -- $r; [ "$2" != 1 ] && grep -aq vncserver /proc/$2/cmdline 2>/dev/null && mon=$2; fi; echo "$mon"',
    'cat "$dir/vncserver.log" 2>/dev/null',
  ].join('\n');
}

export class RemoteVncserver {
  private wrapper: Wrapper | undefined;
  private display: number | undefined;
  /** The wrapper's run: stop() waits for it, so -kill never races a server still being started. */
  private launch: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly host: SessionHost,
    private readonly session: SessionResources,
    private readonly o: RemoteVncserverOptions,
  ) {}

  private get home(): string {
    return `${this.host.scratchDir}/home`;
  }

  /** The wrapper's environment, on its command line (paths only, no secret). */
  private get env(): string {
    const { scratchDir } = this.host;
    return `HOME=${quote(this.home)} XAUTHORITY=${quote(`${scratchDir}/Xauthority`)} TMPDIR=${quote(`${scratchDir}/tmp`)}`;
  }

  private goOn(): void {
    if (this.stopped || this.session.signal.aborted) throw new Error('the start was cancelled');
  }

  async start(): Promise<void> {
    const { host, session, o } = this;
    const wrapper = await findWrapperOnHost(host, o.flavour);
    const tight = wrapper.flavour === 'tightvnc';
    const { display, xauthority } = await pickRemoteDisplay(host, o.candidates, { xauthority: false, rfbPorts: tight });
    const listen: RfbListen = tight ? { kind: 'tcp', host: LOOPBACK, port: 5900 + display } : remoteSocket(host);
    const made = await host.run(
      `umask 077 && mkdir -p ${quote(`${this.home}/.vnc`)} ${quote(`${host.scratchDir}/tmp`)} && cp ${quote(host.passwordFile)} ${quote(`${this.home}/.vnc/passwd`)}`,
    );
    if (made.code !== 0) throw new Error(`cannot prepare the vncserver's HOME on ${host.destination}: ${made.stderr.trim() || `exit code ${made.code}`}`);
    const files = homeFiles(wrapper.flavour, this.home);
    if (files.length > 0) await writeRemoteFiles(host, files);
    this.goOn();

    const args = wrapperArgs(wrapper.flavour, { display, listen, name: o.name, width: o.width, height: o.height, depth: o.depth });
    session.log(`${wrapper.flavour} vncserver (${wrapper.command}) on display :${display} on ${host.destination}, ${listen.kind === 'unix' ? 'a socket' : `port ${listen.port} on its loopback`}`);
    this.wrapper = wrapper;
    this.display = display;
    const exitFile = quote(`${host.scratchDir}/vncserver.exit`);
    await host.spawn(`${this.env} ${quote(wrapper.command)} ${args.map(quote).join(' ')}; echo $? >${exitFile}`, { role: 'helper', name: 'vncserver' });
    const waiting = host.run(`exec /bin/sh -c ${quote(waitForWrapper(host.scratchDir, display))}`, { timeoutMs: WRAPPER_TIMEOUT_MS + 10_000 });
    this.launch = waiting.catch(() => undefined);
    const [code = '', pid = '', monitor = '', ...output] = (await waiting).stdout.split('\n');
    if (code === 'timeout') throw new Error(`${wrapper.command} on ${host.destination} did not finish within ${WRAPPER_TIMEOUT_MS / 1000} s: ${output.filter(Boolean).slice(-5).join(' | ')}`);
    if (code !== '0') throw wrapperFailure(wrapper, { code: Number(code), output: output.join('\n') }, host.destination);
    if (!/^\d+$/.test(pid)) throw new Error(`the vncserver wrapper on ${host.destination} wrote no pid file for display :${display}`);
    this.goOn();

    await host.adopt(Number(pid), { role: 'server', name: tight ? 'Xtightvnc' : 'Xtigervnc' });
    if (/^\d+$/.test(monitor)) await host.adopt(Number(monitor), { role: 'helper', name: 'vncserver-monitor' });
    this.goOn();
    await serveThroughForward(host, session, listen, o.setUnixSocket);
    await startRemoteDesktop(host, session, o.desktop, display, xauthority);
  }

  /** `vncserver -kill` there, and the server's log into the session log; the app then ends what is left by group. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.launch;
    const { host, session, wrapper, display } = this;
    if (!wrapper || display === undefined) return;
    const logs = `${this.home}/.vnc/*:${display}.log`;
    const kill = `${this.env} ${quote(wrapper.command)} -kill :${display} 2>&1; for f in ${quote(this.home)}/.vnc/*:${display}.log; do [ -e "$f" ] && tail -n ${DESKTOP_LOG_LINES} "$f" | sed "s|^|$(basename "$f"): |"; done`;
    try {
      const result = await host.run(`exec /bin/sh -c ${quote(kill)}`, { timeoutMs: KILL_TIMEOUT_MS });
      for (const line of result.stdout.split('\n').filter((entry) => entry.trim() !== '')) session.log(line);
    } catch (error) {
      session.log(`vncserver -kill on ${host.destination} failed (${logs}): ${(error as Error).message}`);
    }
  }
}
