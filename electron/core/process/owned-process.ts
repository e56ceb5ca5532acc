// Child processes that belong to exactly one owner (a session): each runs in its own process group
// so that everything it forks can be ended together, writes its output to the owner's log file,
// and exposes a promise of its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { groupAlive } from '../../../scripts/lib/proc';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface OwnedProcess {
  readonly pid: number;
  /** The command line as it should appear in logs (no secrets are passed on command lines). */
  readonly commandLine: string;
  readonly exited: Promise<ProcessExit>;
  readonly hasExited: boolean;
  /** SIGTERM to the whole group, SIGKILL after graceMs if anything of it is still alive. */
  terminate(graceMs: number): Promise<ProcessExit>;
  /** The process itself: for one spawned with an IPC channel, that channel. */
  readonly process: ChildProcess;
}

export interface SpawnOwnedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** File descriptor that receives stdout and stderr. */
  outputFd?: number;
  /** Gives the process node's IPC channel (JSON lines) as fd 3: a script runner. */
  ipc?: boolean;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone: nothing to signal.
  }
}

/** How often a group whose leader has exited is looked at again (a scan of /proc, off the loop). */
const GROUP_POLL_MS = 50;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function spawnOwned(command: string, args: readonly string[], options: SpawnOwnedOptions = {}): OwnedProcess {
  const output = options.outputFd ?? 'ignore';
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true, // own process group: terminate() reaches grandchildren too
    stdio: options.ipc ? ['ignore', output, output, 'ipc'] : ['ignore', output, output],
    ...(options.ipc ? { serialization: 'json' as const } : {}),
  });
  const commandLine = [command, ...args].join(' ');
  if (child.pid === undefined) {
    // spawn() reports ENOENT/EACCES asynchronously; swallow that event, the throw says it.
    child.once('error', () => undefined);
    throw new Error(`cannot run ${command}: not found or not executable`);
  }
  const pid = child.pid;
  let hasExited = false;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
    });
    child.once('error', () => {
      hasExited = true;
      resolve({ code: null, signal: null });
    });
  });

  async function terminate(graceMs: number): Promise<ProcessExit> {
    if (await groupAlive(pid)) signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    // Wait for the leader, then give the rest of its group the remaining grace.
    await Promise.race([exited, delay(graceMs)]);
    while ((await groupAlive(pid)) && Date.now() < deadline) await delay(GROUP_POLL_MS);
    if (await groupAlive(pid)) signalGroup(pid, 'SIGKILL');
    return exited;
  }

  return {
    pid,
    commandLine,
    exited,
    get hasExited() {
      return hasExited;
    },
    terminate,
    process: child,
  };
}
