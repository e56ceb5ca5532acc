// What a session on another machine may leave behind, for tests whose ssh "hosts" are this
// machine (electron/core/testing/sshd.ts): so every check covers the local and the remote side.
import { readdir } from 'node:fs/promises';
import { expect } from 'vitest';
import { isLiveState, listProcesses, readCommandLine, readEnvironment } from '../../../scripts/lib/proc';
import { findProcesses } from './fixtures';

/** Every process (either side) whose argv or environment holds the text. */
export async function processesHolding(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const proc of await listProcesses()) {
    const cmdline = await readCommandLine(proc.pid);
    const env = (await readEnvironment(proc.pid)) ?? [];
    if (cmdline.includes(text) || env.some((entry) => entry.includes(text))) found.push(`${proc.pid}: ${cmdline}`);
  }
  return found;
}

/** The session's private directories on the host (named after its id), as full paths. */
export const remoteDirsOf = async (sessionId: string): Promise<string[]> =>
  (await readdir('/tmp')).filter((name) => name.startsWith(`session-deck-${sessionId}-`)).map((name) => `/tmp/${name}`);

/**
 * Nothing of the sessions left on either side: no process of the engine's directory or theirs on
 * the host, no directory there. The engine's own look at its hosts (an ssh of `host-checks/`, every
 * few seconds while it runs) is not a session's.
 */
export async function expectNoSessionTraces(harnessDir: string, sessionIds: readonly string[]): Promise<void> {
  const ofSessions = (await findProcesses(harnessDir)).filter((cmdline) => !cmdline.includes(`${harnessDir}/data/host-checks/`));
  expect(ofSessions).toEqual([]);
  for (const id of sessionIds) {
    expect(await findProcesses(`session-deck-${id}-`)).toEqual([]);
    expect(await remoteDirsOf(id)).toEqual([]);
  }
}

/** The live process of a session on the host (found by its private directory there) whose command line starts with program. */
export async function remoteProcessOf(program: string | RegExp, sessionId: string): Promise<{ pid: number; cmdline: string }> {
  for (const proc of await listProcesses()) {
    const cmdline = await readCommandLine(proc.pid);
    const named = typeof program === 'string' ? cmdline.startsWith(`${program} `) : program.test(cmdline);
    if (isLiveState(proc.state) && named && cmdline.includes(`/tmp/session-deck-${sessionId}-`)) return { pid: proc.pid, cmdline };
  }
  throw new Error(`no ${String(program)} of session ${sessionId}`);
}
