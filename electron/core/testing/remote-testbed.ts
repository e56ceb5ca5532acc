// The set-up of a test file whose sessions run on another machine: private sshd hosts
// (./sshd.ts), free X displays, optionally a Chromium page with noVNC, and the engine of the test
// at hand, closed after each test. After each test a host it stopped runs again, and what a session
// named in `sessionIds` left on a host that went away (its server, its directory there) is ended:
// nobody could reach it to end it, and both "sides" are this machine. Fields are filled in once the
// file's beforeAll has run.
//
//   const bed = useRemoteTestbed('deck-remote-x', { displays: 2, browser: true });
//   bed.harness = await startEngine(...); ... bed.hosts.configFile, bed.base, bed.browser
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { isLiveState, listProcesses, readCommandLine } from '../../../scripts/lib/proc';
import { openNoVncPage, type NoVncPage } from '../bridge/testing/novnc-page';
import type { EngineHarness } from './engine-harness';
import { freeDisplays, reserveDisplays } from './free-display';
import { remoteDirsOf } from './remote-traces';
import { startSshHosts, type SshHosts } from './sshd';

export interface RemoteTestbed {
  hosts: SshHosts;
  /** The first of the reserved displays. */
  base: number;
  browser: NoVncPage;
  /** The engine of the running test, closed after it. */
  harness: EngineHarness | undefined;
  /** Sessions the running test started whose leftovers on the hosts are ended after it. */
  sessionIds: string[];
}

/** Kills the Xvnc servers of these sessions on the hosts (found by their private directory there) and removes the directories. */
async function endRemoteLeftovers(sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  for (const proc of await listProcesses()) {
    const cmdline = await readCommandLine(proc.pid);
    if (isLiveState(proc.state) && cmdline.startsWith('Xvnc ') && sessionIds.some((id) => cmdline.includes(`/tmp/session-deck-${id}-`))) process.kill(proc.pid, 'SIGKILL');
  }
  for (const id of sessionIds) for (const dir of await remoteDirsOf(id)) await rm(dir, { recursive: true, force: true });
}

export function useRemoteTestbed(prefix: string, options: { hosts?: number; displays: number; browser?: boolean }): RemoteTestbed {
  const bed = { harness: undefined, sessionIds: [] as string[] } as RemoteTestbed;
  beforeAll(async () => {
    bed.hosts = await startSshHosts(options.hosts ?? 1, { prefix });
    bed.base = await reserveDisplays(options.displays);
    if (options.browser) bed.browser = await openNoVncPage();
  });
  afterEach(async () => {
    await bed.harness?.close();
    bed.harness = undefined;
    for (const host of bed.hosts?.hosts ?? []) if (host.pid === undefined) await host.restart();
    await endRemoteLeftovers(bed.sessionIds.splice(0));
  });
  afterAll(async () => {
    await bed.browser?.close();
    if (bed.base !== undefined) freeDisplays(bed.base, options.displays);
    await bed.hosts?.close();
  });
  return bed;
}
