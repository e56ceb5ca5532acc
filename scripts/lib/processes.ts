// Processes the session does not own directly: servers that daemonize out of the process group
// spawn() gives them (the vncserver wrappers fork Xvnc into its own session). Linux /proc only.
import type { ScriptProcess, SessionResources } from '../api';
import { isLive, readCommandLine, readProcStat } from './proc';

/** Alive and not a zombie: a zombie is as good as gone, holding no port and no display. */
export const isRunning = isLive;

export async function parentOf(pid: number): Promise<number | undefined> {
  return (await readProcStat(pid))?.ppid;
}

export const commandLineOf = readCommandLine;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves true once pid no longer runs, false if it still runs after timeoutMs. */
export async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isRunning(pid)) {
    if (Date.now() >= deadline) return false;
    await delay(25);
  }
  return true;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}

/** SIGTERM, then SIGKILL after graceMs; resolves once pid no longer runs. */
export async function endProcess(pid: number, graceMs: number, log: (line: string) => void): Promise<void> {
  if (!(await isRunning(pid))) return;
  signal(pid, 'SIGTERM');
  if (await waitUntilGone(pid, graceMs)) return;
  log(`pid ${pid} ignored SIGTERM for ${graceMs} ms: SIGKILL`);
  signal(pid, 'SIGKILL');
  await waitUntilGone(pid, 2000);
}

// The watcher mirrors the server's life both ways. It polls /proc/<pid>/stat every half second and
// exits when the process is gone, a zombie, or a new process with the same pid (its start time
// differs); and when it is itself ended (SIGTERM, which the app sends to every process a session
// owns when the session ends, also after a crash of the app), it ends the server: SIGTERM, then
// SIGKILL after 1.5 s. So a daemonized server never outlives its session, even when the script's
// stop() did not run. Perl (which both vncserver wrappers need anyway) rather than a shell loop:
// one process with no children, so ending it leaves no orphaned `sleep`.
const WATCH = `my ($pid, $name) = @ARGV;
my $ended = 0;
$SIG{$_} = sub { $ended = 1 } for qw(TERM INT HUP);
sub fields {
  open(my $f, '<', "/proc/$pid/stat") or return ();
  my $line = <$f>;
  close $f;
  return () unless defined $line;
  $line =~ s/.*[)] //s;
  return split / /, $line;
}
my $started = (fields())[19] // '';
sub alive { my @f = fields(); return @f && $f[0] ne 'Z' && $f[19] eq $started; }
$| = 1;
print "watcher of $name (pid $pid) ready\\n";
while (alive()) {
  if ($ended) {
    kill 'TERM', $pid;
    for (1 .. 30) { last unless alive(); select(undef, undef, undef, 0.05); }
    kill 'KILL', $pid if alive();
    print "$name (pid $pid) ended with the session\\n";
    exit 0;
  }
  select(undef, undef, undef, 0.5);
}
print "$name (pid $pid) has exited\\n";`;

/**
 * A 'server' process of the session that stands for a daemonized server: it exits when that
 * server exits (the session then ends with server_exited within about half a second), and ending
 * it ends the server.
 */
export function watchProcess(session: SessionResources, pid: number, name: string): ScriptProcess {
  session.log(`watching ${name} (pid ${pid}): the session ends when it exits, and ends it when the session ends`);
  return session.spawn('perl', ['-e', WATCH, String(pid), name], { role: 'server' });
}
