// X servers on the session's host (options.host): the display follows the local rules there
// (display_base + index first; a display held by a live server is skipped and never touched; the
// lock of a dead one removed), with the binary checked first so that a missing package is named.
// Slot i tries displays base + i, base + i + count, ... so two slots never try the same display.
import { randomBytes } from 'node:crypto';
import type { SessionHost } from '../api';
import type { DesktopOptions } from './desktop';

/** How many displays a slot tries on its host before it gives up. */
export const REMOTE_DISPLAY_TRIES = 8;

export const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

export function displayCandidates(base: number, index: number, count: number): number[] {
  return Array.from({ length: REMOTE_DISPLAY_TRIES }, (_, i) => base + index + i * count).filter((display) => display <= 65535 - 5900);
}

const NO_BINARY = 4;
const NO_DISPLAY = 3;

/**
 * Picks a free display on the host for binary (which must be installed there: `pkg` names the
 * package to install when it is not), and writes the session's private X authority file into the
 * host's scratch directory (sent over stdin) in the same round trip. Throws a message a person can
 * act on.
 */
export async function pickRemoteDisplay(host: SessionHost, candidates: readonly number[], binary: string, pkg: string): Promise<{ display: number; xauthority: string }> {
  const xauthority = `${host.scratchDir}/Xauthority`;
  const script = [
    `command -v ${quote(binary)} >/dev/null 2>&1 || exit ${NO_BINARY}`,
    `(umask 077 && base64 -d >${quote(xauthority)}) || exit 1`,
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
    '  echo "$d"; exit 0',
    'done',
    `exit ${NO_DISPLAY}`,
  ].join('\n');
  // One cookie, an entry per candidate: the display is only known once the script has chosen it.
  const cookie = randomBytes(16);
  const entries = Buffer.concat(candidates.map((display) => xauthorityEntry(display, cookie)));
  const result = await host.run(`exec /bin/sh -c ${quote(script)}`, { stdin: entries.toString('base64') });
  if (result.code === NO_BINARY) throw new Error(`${binary} is not installed on ${host.destination}: install the package ${pkg} there`);
  if (result.code === NO_DISPLAY) {
    throw new Error(`no free X display on ${host.destination}: :${candidates.join(', :')} are all held by other X servers there (choose another display_base, or end them)`);
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

/** The type's command inside the display on the host; with end_when_command_exits its exit ends the session. */
export async function startRemoteDesktop(host: SessionHost, options: DesktopOptions, display: number, xauthority: string): Promise<void> {
  if (options.desktop) throw new Error(`options.desktop "${options.desktop}" is not supported on another machine yet: start the window manager in options.command`);
  if (!options.command) return;
  await host.spawn(desktopCommand(display, xauthority, options.command), { role: options.endWhenCommandExits ? 'command' : 'helper', name: 'command' });
}
