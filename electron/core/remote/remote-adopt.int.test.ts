// host.adopt() for real, on a private sshd host: a daemon one of the session's commands started
// there is taken as the session's (watched, recorded, ended with it); a stranger's process, or one
// in a process group the session did not start, is refused and left alone.
import { spawn } from 'node:child_process';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { isLive } from '../../../scripts/lib/proc';
import { openRemoteSession, type TestRemoteSession } from '../testing/remote-session-fixture';
import { startSshHosts, type SshHosts } from '../testing/sshd';

let hosts: SshHosts;
let session: TestRemoteSession | undefined;
const strays: number[] = [];

beforeAll(async () => {
  hosts = await startSshHosts(1, { prefix: 'deck-remote-adopt' });
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  for (const pid of strays.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
});
afterAll(async () => {
  await hosts?.close();
});

/** Starts `sleep 300` on the host through a plain command of the session (not spawn), its environment naming dir; prints its pid. */
async function startOnHost(prefix: string, dir: string): Promise<number> {
  // A simple command in the background: $! is the command itself (no subshell around it).
  const result = await session!.remote.run(`cd '${dir}' || exit 1; ${prefix} sleep 300 </dev/null >/dev/null 2>&1 & echo $!`);
  const pid = Number(result.stdout.trim());
  strays.push(pid);
  return pid;
}

describe('host.adopt', () => {
  it('takes a daemon that left for a group of its own: recorded, and its exit ends the session (server_exited)', async () => {
    session = await openRemoteSession(hosts, 'n1', 'adopt1');
    const { host } = session.remote;
    // setsid without a fork (the background job leads no group): the daemon's pid is $!.
    const pid = await startOnHost(`SESSION_DIR='${host.scratchDir}' setsid`, host.scratchDir);
    const adopted = await host.adopt(pid, { role: 'server', name: 'daemon' });
    expect(adopted.pid).toBe(pid);
    expect(session.remote.record().processes).toEqual([{ pid, startTime: adopted.startTime, role: 'server', name: 'daemon' }]);
    process.kill(pid, 'SIGKILL');
    expect(await session.remote.lost).toMatchObject({ cause: 'server_exited', description: expect.stringContaining(`daemon (pid ${pid} on n1) has exited`) });
  });

  it('ends an adopted daemon with the session', async () => {
    session = await openRemoteSession(hosts, 'n1', 'adopt2');
    const { host } = session.remote;
    const pid = await startOnHost(`SESSION_DIR='${host.scratchDir}' setsid`, host.scratchDir);
    await host.adopt(pid, { role: 'helper', name: 'daemon' });
    await session.close();
    session = undefined;
    expect(await isLive(pid)).toBe(false);
  });

  it('refuses a process that does not name the session directory (a stranger\'s), and leaves it alone', async () => {
    session = await openRemoteSession(hosts, 'n1', 'adopt3');
    const stranger = spawn('sleep', ['300'], { stdio: 'ignore', detached: true });
    strays.push(stranger.pid!);
    await expect(session.remote.host.adopt(stranger.pid!)).rejects.toThrow(`process ${stranger.pid} was not started by this session`);
    expect(session.remote.record().processes).toEqual([]);
    await session.close();
    session = undefined;
    expect(await isLive(stranger.pid!)).toBe(true);
  });

  it('refuses a process in a process group the session did not start', async () => {
    session = await openRemoteSession(hosts, 'n1', 'adopt4');
    const { host } = session.remote;
    // No setsid: it stays in the group of the command's shell, which ends when the command does.
    const pid = await startOnHost(`SESSION_DIR='${host.scratchDir}'`, host.scratchDir);
    await expect(host.adopt(pid)).rejects.toThrow(/is in process group \d+, which the session did not start/);
  });
});
