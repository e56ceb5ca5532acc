// Child processes that belong to exactly one owner (a session): each runs in its own process group
// so that everything it forks can be ended together, writes its output to the owner's log file,
// and exposes a promise of its exit.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

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
}

export interface SpawnOwnedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** File descriptor that receives stdout and stderr. */
  outputFd?: number;
}

/**
 * Whether any process of the group still runs. Zombies do not count: where pid 1 does not reap
 * orphans (as in some containers), a killed grandchild stays a zombie forever, holding nothing.
 */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') return true;
    } catch {
      // ended while we looked
    }
  }
  return false;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone: nothing to signal.
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function spawnOwned(command: string, args: readonly string[], options: SpawnOwnedOptions = {}): OwnedProcess {
  const output = options.outputFd ?? 'ignore';
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true, // own process group: terminate() reaches grandchildren too
    stdio: ['ignore', output, output],
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
    if (groupAlive(pid)) signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    // Wait for the leader, then give the rest of its group the remaining grace.
    await Promise.race([exited, delay(graceMs)]);
    while (groupAlive(pid) && Date.now() < deadline) await delay(25);
    if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
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
  };
}
