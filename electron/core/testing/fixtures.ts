// Shared fixtures for integration tests that run real VNC servers. X displays are never fixed
// numbers: each test reserves free ones with reserveDisplays() (./free-display.ts), so test files
// run in parallel and never touch a display another program on the machine holds.
import { access, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** Command lines of live processes whose command line contains every given fragment. */
export async function findProcesses(...fragments: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').join(' ').trim();
      const state = (await readFile(`/proc/${entry}/stat`, 'utf8')).split(') ')[1]?.[0];
      if (state !== 'Z' && fragments.every((fragment) => cmdline.includes(fragment))) found.push(cmdline);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** What an X display leaves on disk while a server holds it. */
export const displayTraces = async (display: number): Promise<string[]> => {
  const traces = [`/tmp/.X${display}-lock`, `/tmp/.X11-unix/X${display}`];
  const present = await Promise.all(traces.map(fileExists));
  return traces.filter((_, i) => present[i]);
};
