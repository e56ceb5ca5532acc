// X servers on the session's host (options.host): the display follows the local rules there
// (display_base + index first; a display held by a live server is skipped and never touched; the
// lock of a dead one removed), with the programs checked first so that a missing package is named;
// the server listens on the host's loopback only and is reached through the session's forward.
// Slot i tries displays base + i, base + i + count, ... so two slots never try the same display.
import { randomBytes } from 'node:crypto';
import type { SessionHost, SessionResources } from '../api';
import { OPENBOX_STARTED, openboxFiles, type DesktopOptions } from './desktop';
import type { RfbListen } from './rfb-socket';

/** How many displays a slot tries on its host before it gives up. */
export const REMOTE_DISPLAY_TRIES = 8;

export const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

export function displayCandidates(base: number, index: number, count: number): number[] {
  return Array.from({ length: REMOTE_DISPLAY_TRIES }, (_, i) => base + index + i * count).filter((display) => display <= 65535 - 5900);
}

const NO_DISPLAY = 3;

/** A program a script needs on the host, and the package that brings it (named when it is missing). */
export interface HostProgram {
  binary: string;
  pkg: string;
}

export const XVNC: HostProgram = { binary: 'Xvnc', pkg: 'tigervnc-standalone-server (Fedora/RHEL: tigervnc-server)' };
export const XVFB: HostProgram = { binary: 'Xvfb', pkg: 'xvfb (Fedora/RHEL: xorg-x11-server-Xvfb)' };
export const X11VNC: HostProgram = { binary: 'x11vnc', pkg: 'x11vnc' };
export const OPENBOX: HostProgram = { binary: 'openbox', pkg: 'openbox' };

/** Throws, naming the package to install, unless every program is on the host's PATH. */
export async function requirePrograms(host: SessionHost, programs: readonly HostProgram[]): Promise<void> {
  const script = `for p in ${programs.map(({ binary }) => quote(binary)).join(' ')}; do command -v "$p" >/dev/null 2>&1 || { echo "$p"; exit 4; }; done`;
  const result = await host.run(`exec /bin/sh -c ${quote(script)}`);
  const missing = programs.find(({ binary }) => binary === result.stdout.trim());
  if (result.code === 4 && missing) throw new Error(`${missing.binary} is not installed on ${host.destination}: install the package ${missing.pkg} there`);
  if (result.code !== 0) throw new Error(`cannot look for ${programs.map(({ binary }) => binary).join(', ')} on ${host.destination}: ${result.stderr.trim() || `exit code ${result.code}`}`);
}

/** Where a server on the host listens when it can: a Unix socket in the session's private directory there. */
export const remoteSocket = (host: SessionHost): RfbListen => ({ kind: 'unix', path: `${host.scratchDir}/rfb.sock` });

/**
 * Picks a free display on the host, and writes the session's private X authority file into the
 * host's scratch directory (sent over stdin) in the same round trip, unless the server writes its
 * own (xauthority: false, the vncserver wrappers). With rfbPorts, a display whose RFB port
 * (5900 + display) something listens on there is skipped too, for a server that must listen on
 * TCP. Throws a message a person can act on.
 */
export async function pickRemoteDisplay(
  host: SessionHost,
  candidates: readonly number[],
  options: { xauthority?: boolean; rfbPorts?: boolean } = {},
): Promise<{ display: number; xauthority: string }> {
  const xauthority = `${host.scratchDir}/Xauthority`;
  const writeCookie = options.xauthority ?? true;
  const script = [
    ...(writeCookie ? [`(umask 077 && base64 -d >${quote(xauthority)}) || exit 1`] : []),
    `for d in ${candidates.join(' ')}; do`,
    '  lock=/tmp/.X$d-lock; sock=/tmp/.X11-unix/X$d',
    '  if [ -e "$lock" ]; then',
    '    pid=; read -r pid <"$lock" 2>/dev/null',
    // A live holder is skipped, whoever it is; the lock of a dead server is removed. A zombie is
    // dead (where nothing reaps orphans, a killed server stays one): its state follows the ") ".
    '    state=; [ -n "$pid" ] && state=$(sed -n "s/^.*) \\([A-Za-z]\\).*$/\\1/p" "/proc/$pid/stat" 2>/dev/null)',
    '    if [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]; then continue; fi',
    '    rm -f "$lock" "$sock"',
    '  fi',
    '  [ -e "$sock" ] && continue',
    // A listening socket's local address in /proc/net/tcp{,6} ends in the port in hex; state 0A is LISTEN.
    ...(options.rfbPorts ? ['  hex=$(printf %04X $((5900 + d)))', '  grep -Eq "^ *[0-9]+: [0-9A-F]+:$hex [0-9A-F]+:[0-9A-F]+ 0A " /proc/net/tcp /proc/net/tcp6 2>/dev/null && continue'] : []),
    '  echo "$d"; exit 0',
    'done',
    `exit ${NO_DISPLAY}`,
  ].join('\n');
  // One cookie, an entry per candidate: the display is only known once the script has chosen it.
  const cookie = randomBytes(16);
  const entries = Buffer.concat(candidates.map((display) => xauthorityEntry(display, cookie)));
  const result = await host.run(`exec /bin/sh -c ${quote(script)}`, writeCookie ? { stdin: entries.toString('base64') } : {});
  if (result.code === NO_DISPLAY) {
    const held = options.rfbPorts ? 'held by other X servers there, or their ports 5900 + display by other programs' : 'held by other X servers there';
    throw new Error(`no free X display on ${host.destination}: :${candidates.join(', :')} are all ${held} (choose another display_base, or end them)`);
  }
  const display = Number(result.stdout.trim());
  if (result.code !== 0 || !Number.isInteger(display)) throw new Error(`cannot choose an X display on ${host.destination}: ${result.stderr.trim() || `exit code ${result.code}`}`);
  return { display, xauthority };
}

/** One Xauthority entry (FamilyWild, any host) with the MIT-MAGIC-COOKIE-1 for the display. */
function xauthorityEntry(display: number, cookie: Buffer): Buffer {
  const field = (bytes: Buffer) => Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
  return Buffer.concat([Buffer.from([0xff, 0xff]), field(Buffer.alloc(0)), field(Buffer.from(String(display))), field(Buffer.from('MIT-MAGIC-COOKIE-1')), field(cookie)]);
}

/** The command line of a desktop program inside the display, for host.spawn. */
export const desktopCommand = (display: number, xauthority: string, command: string): string =>
  `DISPLAY=:${display} XAUTHORITY=${quote(xauthority)} exec /bin/sh -c ${quote(command)}`;

/** Writes files into the session's directory on the host (the texts go over stdin, one base64 line each). */
export async function writeRemoteFiles(host: SessionHost, files: readonly { path: string; text: string; mode?: '600' | '700' }[]): Promise<void> {
  const script = ['umask 077', ...files.map(({ path, mode }) => `read -r line && printf %s "$line" | base64 -d >${quote(path)} && chmod ${mode ?? '600'} ${quote(path)} || exit 1`)].join('\n');
  const stdin = files.map(({ text }) => `${Buffer.from(text).toString('base64')}\n`).join('');
  const result = await host.run(`exec /bin/sh -c ${quote(script)}`, { stdin });
  if (result.code !== 0) throw new Error(`cannot write ${files.map(({ path }) => path).join(', ')} on ${host.destination}: ${result.stderr.trim() || `exit code ${result.code}`}`);
}

/** The window manager and the type's command inside the display on the host; with end_when_command_exits the command's exit ends the session. */
export async function startRemoteDesktop(host: SessionHost, session: SessionResources, options: DesktopOptions, display: number, xauthority: string): Promise<void> {
  if (options.desktop === 'openbox') {
    await requirePrograms(host, [OPENBOX]);
    const dir = `${host.scratchDir}/openbox`;
    const { rcFile, files } = openboxFiles(dir);
    const made = await host.run(`mkdir -m 700 ${quote(dir)}`);
    if (made.code !== 0) throw new Error(`cannot make ${dir} on ${host.destination}: ${made.stderr.trim() || `exit code ${made.code}`}`);
    await writeRemoteFiles(host, files);
    await host.spawn(desktopCommand(display, xauthority, `exec openbox --config-file ${quote(rcFile)}`), { role: 'helper', name: 'openbox' });
    session.log(`${OPENBOX_STARTED} on ${host.destination}`);
  }
  if (!options.command) return;
  await host.spawn(desktopCommand(display, xauthority, options.command), { role: options.endWhenCommandExits ? 'command' : 'helper', name: 'command' });
}

/** Waits until the X server of display has made its socket on the host. */
export async function waitForRemoteX(host: SessionHost, display: number, timeoutMs: number): Promise<void> {
  const rounds = Math.ceil(timeoutMs / 100);
  const script = `i=0; while [ ! -S /tmp/.X11-unix/X${display} ]; do i=$((i+1)); [ $i -gt ${rounds} ] && exit 3; sleep 0.1; done`;
  const result = await host.run(`exec /bin/sh -c ${quote(script)}`, { timeoutMs: timeoutMs + 10_000 });
  if (result.code === 3) throw new Error(`X display :${display} on ${host.destination} not ready within ${timeoutMs} ms`);
  if (result.code !== 0) throw new Error(`cannot wait for X display :${display} on ${host.destination}: ${result.stderr.trim() || `exit code ${result.code}`}`);
}

/**
 * Forwards where the server listens on the host (its socket, or a loopback port) to a socket in
 * the local scratch directory, waits for its RFB banner there and tells the app.
 */
export async function serveThroughForward(host: SessionHost, session: SessionResources, listen: RfbListen, setUnixSocket: (path: string) => void): Promise<void> {
  const local = await host.forward(listen.kind === 'unix' ? listen.path : listen.port);
  await session.waitForRfb(local);
  setUnixSocket(local);
}

/** Sessions on another machine: options.host or options.hosts (the app connects before start). */
export const runsOnHost = (common: Readonly<Record<string, unknown>>): boolean => common.host !== undefined || common.hosts !== undefined;
