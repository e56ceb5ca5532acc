// The one reader of Linux /proc, for the engine and the built-in scripts alike: a process's stat
// line (state, parent, process group, start time), command line, owner and environment, and scans
// of all processes (indexed by process group, or found by an environment entry). Asynchronous throughout, so a scan never blocks the event loop that
// also carries the viewers' traffic. Imports nothing but node:fs.
import { readdir, readFile, stat } from 'node:fs/promises';

export interface ProcStat {
  pid: number;
  /** One letter: R, S, D, Z (zombie), T, ... */
  state: string;
  ppid: number;
  /** Process group id. */
  pgrp: number;
  session: number;
  /** Clock ticks after boot when the process started; with the pid, unique until reboot. */
  startTime: string;
}

/**
 * Parses "pid (comm) S ppid pgrp session ... starttime ...". comm may hold spaces and parentheses,
 * so the fields are split after the last ')'. Undefined for text that is not a stat line.
 */
export function parseStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  const pid = Number(text.slice(0, text.indexOf(' (')));
  if (close < 0 || !Number.isInteger(pid) || pid <= 0) return undefined;
  // After ')': state is field 3 of the line, so line field N is fields[N - 3].
  const fields = text.slice(close + 2).trim().split(' ');
  const [state, ppid, pgrp, session] = fields;
  const startTime = fields[19];
  if (!state || startTime === undefined) return undefined;
  return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp), session: Number(session), startTime };
}

/** The stat of pid, or undefined when there is no such process (zombies included: check state). */
export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseStat(text);
}

/** Not a zombie (Z) nor dead (X): a zombie holds no port or display, only its exit status. */
export const isLiveState = (state: string): boolean => state !== 'Z' && state !== 'X';

/** Whether pid runs and is not a zombie. */
export async function isLive(pid: number): Promise<boolean> {
  const stat = await readProcStat(pid);
  return stat !== undefined && isLiveState(stat.state);
}

/** The command line, arguments joined by spaces; '' for a process that is gone (or a kernel thread). */
export async function readCommandLine(pid: number): Promise<string> {
  const text = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return text.split('\0').join(' ').trim();
}

/** The uid that owns pid, or undefined when there is no such process. */
export async function processUid(pid: number): Promise<number | undefined> {
  return (await stat(`/proc/${pid}`).catch(() => undefined))?.uid;
}

/**
 * The environment pid started with (NAME=value entries), or undefined when it cannot be read: the
 * process is gone, or belongs to another user. A process that changes its own environment later
 * still shows the one it started with.
 */
export async function readEnvironment(pid: number): Promise<string[] | undefined> {
  const text = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : text.split('\0').filter(Boolean);
}

/** Live processes of this uid whose environment holds exactly the entry NAME=value. */
export async function processesWithEnvironment(entry: string): Promise<number[]> {
  const uid = process.getuid?.();
  const candidates = (await listProcesses()).filter((stat) => isLiveState(stat.state) && stat.pid !== process.pid);
  const matches = await Promise.all(
    candidates.map(async ({ pid }) => (uid !== undefined && (await processUid(pid)) === uid && (await readEnvironment(pid))?.includes(entry) ? pid : undefined)),
  );
  return matches.filter((pid): pid is number => pid !== undefined);
}

/** Every process now, read concurrently; processes that end during the scan are left out. */
export async function listProcesses(): Promise<ProcStat[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const stats = await Promise.all(pids.map(readProcStat));
  return stats.filter((stat): stat is ProcStat => stat !== undefined);
}

/** Every process now, indexed by process group. */
export async function processesByGroup(): Promise<Map<number, ProcStat[]>> {
  const groups = new Map<number, ProcStat[]>();
  for (const stat of await listProcesses()) {
    const members = groups.get(stat.pgrp);
    if (members) members.push(stat);
    else groups.set(stat.pgrp, [stat]);
  }
  return groups;
}

/**
 * Whether any process of the group still runs. Zombies do not count: where pid 1 does not reap
 * orphans (as in some containers), a killed grandchild stays a zombie forever, holding nothing.
 * The full scan runs only when the kernel says the group still has members.
 */
export async function groupAlive(pgid: number): Promise<boolean> {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const members = (await processesByGroup()).get(pgid) ?? [];
  return members.some((member) => isLiveState(member.state));
}
