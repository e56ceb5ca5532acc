// Which `vncserver` wrapper to run. On Debian `vncserver` is an alternatives link to
// /usr/bin/tigervncserver or /usr/bin/tightvncserver; other systems install only one of them, or
// a stub that refuses (TigerVNC >= 1.11 on Fedora and others). The lookup runs in a shell with the
// session's environment, so it sees the PATH the wrapper will run with.
import type { SessionHost, SessionResources } from '../api';
import { quote as shellQuote } from './remote-x';
import { runCaptured } from './run-captured';

export const FLAVOURS = ['tigervnc', 'tightvnc'] as const;
export type Flavour = (typeof FLAVOURS)[number];

export interface Wrapper {
  flavour: Flavour;
  /** What to run: a command name resolved through PATH. */
  command: string;
}

// One line per wrapper found: name, flavour (from the script's text), path.
const LOOKUP = `for name in vncserver tigervncserver tightvncserver; do
  path=$(command -v "$name") || continue
  real=$(readlink -f "$path") || real=$path
  if grep -qi xtightvnc "$real"; then flavour=tightvnc
  elif grep -qi tigervnc "$real"; then flavour=tigervnc
  else flavour=unknown; fi
  printf '%s\\t%s\\t%s\\n' "$name" "$flavour" "$real"
done`;

interface Found {
  name: string;
  flavour: Flavour | 'unknown';
}

export function chooseWrapper(found: readonly Found[], wanted: Flavour | undefined): Wrapper {
  const byName = (name: string) => found.find((entry) => entry.name === name);
  const generic = byName('vncserver');
  if (wanted) {
    // The generic name first when it is that flavour (or unrecognisable: the user said which it is).
    if (generic && (generic.flavour === wanted || (generic.flavour === 'unknown' && !byName(`${wanted}server`)))) {
      return { flavour: wanted, command: 'vncserver' };
    }
    if (byName(`${wanted}server`)) return { flavour: wanted, command: `${wanted}server` };
    const packageName = wanted === 'tigervnc' ? 'tigervnc-standalone-server' : 'tightvncserver';
    throw new Error(`no ${wanted} vncserver wrapper on PATH (install ${packageName}), or use the built-in "xvnc" script`);
  }
  if (generic && generic.flavour !== 'unknown') return { flavour: generic.flavour, command: 'vncserver' };
  for (const flavour of FLAVOURS) if (byName(`${flavour}server`)) return { flavour, command: `${flavour}server` };
  if (generic) throw new Error('cannot tell whether vncserver is TigerVNC or TightVNC: set options.flavour to "tigervnc" or "tightvnc"');
  throw new Error('no vncserver wrapper on PATH (install tigervnc-standalone-server or tightvncserver), or use the built-in "xvnc" script');
}

/** The wrappers LOOKUP printed. */
function parseLookup(output: string): Found[] {
  return output
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((fields) => fields.length === 3)
    .map(([name = '', flavour = '']) => ({ name, flavour: (FLAVOURS as readonly string[]).includes(flavour) ? (flavour as Flavour) : 'unknown' as const }));
}

export async function findWrapper(session: SessionResources, wanted: Flavour | undefined): Promise<Wrapper> {
  const run = await runCaptured(session, '/bin/sh', ['-c', LOOKUP], { timeoutMs: 10_000, label: 'vncserver lookup' });
  return chooseWrapper(parseLookup(run.output), wanted);
}

/** The same lookup on the session's host (the PATH of a command there). */
export async function findWrapperOnHost(host: SessionHost, wanted: Flavour | undefined): Promise<Wrapper> {
  const run = await host.run(`exec /bin/sh -c ${shellQuote(LOOKUP)}`, { timeoutMs: 10_000 });
  if (run.code !== 0) throw new Error(`cannot look for vncserver on ${host.destination}: ${run.stderr.trim() || `exit code ${run.code}`}`);
  try {
    return chooseWrapper(parseLookup(run.stdout), wanted);
  } catch (error) {
    throw new Error(`on ${host.destination}: ${(error as Error).message}`, { cause: error });
  }
}
