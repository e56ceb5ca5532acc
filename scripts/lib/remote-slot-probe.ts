// The probe of a slot on another machine: whether any display the slot may use there is free,
// looked at over SSH before anyone presses Start. Read-only: a live holder is only named, and a
// stale lock (its server dead) counts as free, since the start removes it. Only when every
// candidate is held is the slot unusable on that host (the start would otherwise take the next).
import type { ProbeHost } from '../api';
import { quote } from './remote-x';

/** How long the check may take on the host. */
const PROBE_RUN_TIMEOUT_MS = 5_000;

/** One line per display looked at: "D held PID COMM", "D socket", or "D free" (then it stops). */
const scan = (candidates: readonly number[]): string =>
  [
    `for d in ${candidates.join(' ')}; do`,
    '  lock=/tmp/.X$d-lock; sock=/tmp/.X11-unix/X$d',
    '  if [ -e "$lock" ]; then',
    '    pid=; read -r pid <"$lock" 2>/dev/null',
    // As the start judges it: a zombie holder is dead (where nothing reaps orphans a killed server stays one).
    '    state=; [ -n "$pid" ] && state=$(sed -n "s/^.*) \\([A-Za-z]\\).*$/\\1/p" "/proc/$pid/stat" 2>/dev/null)',
    '    if [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]; then',
    '      comm=; read -r comm <"/proc/$pid/comm" 2>/dev/null',
    '      echo "$d held $pid $comm"; continue',
    '    fi',
    '    echo "$d free"; exit 0',
    '  fi',
    '  if [ -e "$sock" ]; then echo "$d socket"; continue; fi',
    '  echo "$d free"; exit 0',
    'done',
  ].join('\n');

function describeHolder(line: string): string {
  const [display, kind, pid, ...comm] = line.trim().split(' ');
  if (kind === 'held') return `:${display} by ${comm.join(' ') || 'a process'} (pid ${pid})`;
  return `:${display} (its socket /tmp/.X11-unix/X${display} exists)`;
}

/**
 * Why none of the candidate displays can be used on the host (naming the host, each display and
 * its holder), or undefined when one is free. Throws when the host cannot be asked.
 */
export async function remoteDisplaysBusyReason(host: ProbeHost, candidates: readonly number[]): Promise<string | undefined> {
  const result = await host.run(`exec /bin/sh -c ${quote(scan(candidates))}`, { timeoutMs: PROBE_RUN_TIMEOUT_MS });
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  if (result.code !== 0) throw new Error(`cannot look at the X displays on ${host.destination}: ${result.stderr.trim() || `exit code ${result.code}`}`);
  if (lines.some((line) => line.endsWith(' free'))) return undefined;
  if (lines.length === 0) throw new Error(`cannot look at the X displays on ${host.destination}: no answer`);
  return `every display it may use on ${host.destination} is held by another program: ${lines.map(describeHolder).join(', ')}`;
}
