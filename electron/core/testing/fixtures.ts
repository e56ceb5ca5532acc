// Shared fixtures for integration tests that run real VNC servers. X displays are never fixed
// numbers: each test reserves free ones with reserveDisplays() (./free-display.ts), so test files
// run in parallel and never touch a display another program on the machine holds.
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLiveState, listProcesses, readCommandLine } from '../../../scripts/lib/proc';

export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

export async function makeTempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function writeSessionsFile(dir: string, types: unknown, name = 'sessions.json'): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(types, null, 2));
  return file;
}

export const fileExists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Live processes (pid and command line) whose command line contains every given fragment. */
export async function findProcessEntries(...fragments: string[]): Promise<{ pid: number; cmdline: string }[]> {
  const live = (await listProcesses()).filter((stat) => isLiveState(stat.state));
  const entries = await Promise.all(live.map(async (stat) => ({ pid: stat.pid, cmdline: await readCommandLine(stat.pid) })));
  return entries.filter(({ cmdline }) => cmdline !== '' && fragments.every((fragment) => cmdline.includes(fragment)));
}

/** Command lines of live processes whose command line contains every given fragment. */
export async function findProcesses(...fragments: string[]): Promise<string[]> {
  return (await findProcessEntries(...fragments)).map((entry) => entry.cmdline);
}

/** What an X display leaves on disk while a server holds it. */
export const displayTraces = async (display: number): Promise<string[]> => {
  const traces = [`/tmp/.X${display}-lock`, `/tmp/.X11-unix/X${display}`];
  const present = await Promise.all(traces.map(fileExists));
  return traces.filter((_, i) => present[i]);
};
