// The set-up of a test file whose sessions run on another machine: private sshd hosts
// (./sshd.ts), free X displays, optionally a Chromium page with noVNC, and the engine of the test
// at hand, closed after each test. Fields are filled in once the file's beforeAll has run.
//
//   const bed = useRemoteTestbed('deck-remote-x', { displays: 2, browser: true });
//   bed.harness = await startEngine(...); ... bed.hosts.configFile, bed.base, bed.browser
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openNoVncPage, type NoVncPage } from '../bridge/testing/novnc-page';
import type { EngineHarness } from './engine-harness';
import { freeDisplays, reserveDisplays } from './free-display';
import { startSshHosts, type SshHosts } from './sshd';

export interface RemoteTestbed {
  hosts: SshHosts;
  /** The first of the reserved displays. */
  base: number;
  browser: NoVncPage;
  /** The engine of the running test, closed after it. */
  harness: EngineHarness | undefined;
}

export function useRemoteTestbed(prefix: string, options: { hosts?: number; displays: number; browser?: boolean }): RemoteTestbed {
  const bed = { harness: undefined } as RemoteTestbed;
  beforeAll(async () => {
    bed.hosts = await startSshHosts(options.hosts ?? 1, { prefix });
    bed.base = await reserveDisplays(options.displays);
    if (options.browser) bed.browser = await openNoVncPage();
  });
  afterEach(async () => {
    await bed.harness?.close();
    bed.harness = undefined;
  });
  afterAll(async () => {
    await bed.browser?.close();
    if (bed.base !== undefined) freeDisplays(bed.base, options.displays);
    await bed.hosts?.close();
  });
  return bed;
}
