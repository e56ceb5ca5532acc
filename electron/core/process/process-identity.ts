// Tells a process of ours from a stranger that later got the same pid: a pid is recorded with the
// start time the kernel gives it (/proc/<pid>/stat, field 22), and only that pair is ever signalled.
import { isLiveState, readProcStat } from '../../../scripts/lib/proc';

export interface ProcessIdentity {
  pid: number;
  /** Clock ticks after boot when the process started; with the pid, unique until reboot. */
  startTime: string;
}

/** The start time of a live (non-zombie) process, or undefined when there is none. */
export async function processStartTime(pid: number): Promise<string | undefined> {
  const stat = await readProcStat(pid);
  return stat === undefined || !isLiveState(stat.state) ? undefined : stat.startTime;
}

export async function identify(pid: number): Promise<ProcessIdentity | undefined> {
  const startTime = await processStartTime(pid);
  return startTime === undefined ? undefined : { pid, startTime };
}

/** Whether the very process recorded is still alive. */
export async function isSameProcess(identity: ProcessIdentity): Promise<boolean> {
  return (await processStartTime(identity.pid)) === identity.startTime;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Ends a recorded process group leader of ours: SIGTERM to its group, SIGKILL after graceMs. A pid
 * that now belongs to another process is left alone. Returns whether it was ours and alive.
 */
export async function endRecordedGroup(identity: ProcessIdentity, graceMs: number): Promise<boolean> {
  if (!(await isSameProcess(identity))) return false;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-identity.pid, name);
    } catch {
      try {
        process.kill(identity.pid, name); // not a group leader after all
      } catch {
        // gone meanwhile
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && (await isSameProcess(identity))) await delay(50);
  if (await isSameProcess(identity)) signal('SIGKILL');
  return true;
}
