// A session whose host goes down while it runs ends with host_unreachable, and nobody can end its
// server there then; once the host answers again (a later retry), Session Deck ends that server and
// removes its directory there (private sshd on 127.0.0.2: `ps` here sees the remote side).
import { describe, expect, it } from 'vitest';
import { isLiveState, listProcesses, readCommandLine } from '../../../scripts/lib/proc';
import { startEngine } from '../testing/engine-harness';
import { useRemoteTestbed } from '../testing/remote-testbed';
import { remoteDirsOf } from '../testing/remote-traces';

const bed = useRemoteTestbed('deck-remote-leftover', { displays: 1 });

const remoteServerPids = async (): Promise<number[]> => {
  const pids: number[] = [];
  for (const proc of await listProcesses()) if (isLiveState(proc.state) && (await readCommandLine(proc.pid)).startsWith(`Xvnc :${bed.base} `)) pids.push(proc.pid);
  return pids;
};

describe('what a session left on a host that went down', () => {
  it('is ended there once the host answers again', { timeout: 90_000 }, async () => {
    const harness = (bed.harness = await startEngine(
      { Remote: { script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: bed.base, host: 'n1', ssh_config: bed.hosts.configFile } } },
      { remoteCleanupRetryMs: 300 },
    ));
    const session = await harness.engine.startSession({ type: 'Remote', size: '640x480' });
    bed.sessionIds.push(session.id);
    const [server] = await remoteServerPids();
    await bed.hosts.host('n1').stop();
    await expect.poll(async () => (await harness.engine.getSession(session.id)).cause, { timeout: 30_000 }).toBe('host_unreachable');
    // The host is still down: its server goes on there, its directory too.
    expect(await remoteServerPids()).toEqual([server]);
    expect(await remoteDirsOf(session.id)).toHaveLength(1);
    await expect.poll(() => harness.logs.some((line) => line.includes(`cannot yet end what session ${session.id} left on n1`)), { timeout: 30_000 }).toBe(true);
    await bed.hosts.host('n1').restart();
    await expect.poll(() => remoteServerPids(), { timeout: 30_000 }).toEqual([]);
    await expect.poll(() => remoteDirsOf(session.id), { timeout: 30_000 }).toEqual([]);
    await expect.poll(() => harness.logs.some((line) => line.includes(`ended what session ${session.id} had left on n1`)), { timeout: 10_000 }).toBe(true);
  });
});
