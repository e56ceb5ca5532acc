// A session whose host goes down while it runs ends with host_unreachable, and nobody can end its
// server there then; once the host answers again (a later retry), Session Deck ends that server and
// removes its directory there (private sshd on 127.0.0.2: `ps` here sees the remote side).
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isLiveState, listProcesses, readCommandLine } from '../../../scripts/lib/proc';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { freeDisplays, reserveDisplays } from '../testing/free-display';
import { startSshHosts, type SshHosts } from '../testing/sshd';

let hosts: SshHosts;
let base: number;
let harness: EngineHarness | undefined;
let sessionId: string | undefined;

beforeAll(async () => {
  hosts = await startSshHosts(1, { prefix: 'deck-remote-leftover' });
  base = await reserveDisplays(1);
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const host of hosts.hosts) if (host.pid === undefined) await host.restart();
  // Should the test fail, what it left on the host is still ended (both sides are this machine).
  for (const pid of await remoteServerPids()) process.kill(pid, 'SIGKILL');
  if (sessionId) for (const name of await remoteDirsOf(sessionId)) await rm(join('/tmp', name), { recursive: true, force: true });
  sessionId = undefined;
});
afterAll(async () => {
  freeDisplays(base, 1);
  await hosts?.close();
});

const remoteServerPids = async (): Promise<number[]> => {
  const pids: number[] = [];
  for (const proc of await listProcesses()) if (isLiveState(proc.state) && (await readCommandLine(proc.pid)).startsWith(`Xvnc :${base} `)) pids.push(proc.pid);
  return pids;
};
const remoteDirsOf = async (id: string) => (await readdir('/tmp')).filter((name) => name.startsWith(`session-deck-${id}-`));

describe('what a session left on a host that went down', () => {
  it('is ended there once the host answers again', { timeout: 90_000 }, async () => {
    harness = await startEngine(
      { Remote: { script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: base, host: 'n1', ssh_config: hosts.configFile } } },
      { remoteCleanupRetryMs: 300 },
    );
    const session = await harness.engine.startSession({ type: 'Remote', size: '640x480' });
    sessionId = session.id;
    const [server] = await remoteServerPids();
    await hosts.host('n1').stop();
    await expect.poll(async () => (await harness!.engine.getSession(session.id)).cause, { timeout: 30_000 }).toBe('host_unreachable');
    // The host is still down: its server goes on there, its directory too.
    expect(await remoteServerPids()).toEqual([server]);
    expect(await remoteDirsOf(session.id)).toHaveLength(1);
    await expect.poll(() => harness!.logs.some((line) => line.includes(`cannot yet end what session ${session.id} left on n1`)), { timeout: 30_000 }).toBe(true);
    await hosts.host('n1').restart();
    await expect.poll(() => remoteServerPids(), { timeout: 30_000 }).toEqual([]);
    await expect.poll(() => remoteDirsOf(session.id), { timeout: 30_000 }).toEqual([]);
    await expect.poll(() => harness!.logs.some((line) => line.includes(`ended what session ${session.id} had left on n1`)), { timeout: 10_000 }).toBe(true);
  });
});
