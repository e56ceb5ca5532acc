// kill -9 of the headless host with sessions on another machine (a private sshd on 127.0.0.2; both
// "sides" are this machine, so `ps` here sees the remote side too), then a start on the same data
// directory: by default the sessions are re-adopted (same remote servers, viewers through a new
// forward); in cleanup mode their servers there are ended and their directories there removed; a
// host that is down at the restart ends the session with host_unreachable, and what it left there
// is ended once the host answers again. A pid recorded with another start time is never signalled.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isLiveState, listProcesses, readCommandLine } from '../../../scripts/lib/proc';
import { findProcesses, makeTempDir, writeSessionsFile, type TempDir } from '../testing/fixtures';
import { freeDisplays, reserveDisplays } from '../testing/free-display';
import { json, killHard, startHost, stopGently, type HostRun } from '../testing/headless-host';
import { startSshHosts, type SshHosts } from '../testing/sshd';
import { connectViewer } from '../testing/viewer-client';

const DISPLAYS = 2;
let hosts: SshHosts;
let base: number;
let dir: TempDir | undefined;
let runs: HostRun[] = [];
let strangers: ChildProcess[] = [];
/** Sessions the test started, for the safety net after it. */
const started: string[] = [];
const token = randomBytes(24).toString('base64url');

beforeAll(async () => {
  hosts = await startSshHosts(1, { prefix: 'deck-remote-crash' });
  base = await reserveDisplays(DISPLAYS);
});
afterEach(async () => {
  for (const run of runs) await stopGently(run);
  runs = [];
  for (const stranger of strangers) stranger.kill('SIGKILL');
  strangers = [];
  for (const host of hosts.hosts) if (host.pid === undefined) await host.restart();
  // Should a test fail, what it left on the host is still ended (both sides are this machine).
  for (const { pid } of await remoteServers()) process.kill(pid, 'SIGKILL');
  for (const name of await remoteDirsOf(started.splice(0))) await rm(join('/tmp', name), { recursive: true, force: true });
  await dir?.remove();
  dir = undefined;
});
afterAll(async () => {
  freeDisplays(base, DISPLAYS);
  await hosts?.close();
});

/** The remote Xvnc servers of the test's displays: pid and the session's directory on the host. */
async function remoteServers(): Promise<{ pid: number; dir: string }[]> {
  const found: { pid: number; dir: string }[] = [];
  for (const proc of await listProcesses()) {
    const cmdline = await readCommandLine(proc.pid);
    const socket = /-rfbunixpath (\S+)\/rfb\.sock/.exec(cmdline)?.[1];
    if (isLiveState(proc.state) && socket && [...Array(DISPLAYS).keys()].some((i) => cmdline.startsWith(`Xvnc :${base + i} `))) found.push({ pid: proc.pid, dir: socket });
  }
  return found;
}
const remoteDirsOf = async (ids: readonly string[]) => (await readdir('/tmp')).filter((name) => ids.some((id) => name.startsWith(`session-deck-${id}-`)));
/** The ssh processes of the data directory's sessions (masters, watchers), by pid. */
const sshPids = async (): Promise<number[]> => {
  const pids: number[] = [];
  for (const proc of await listProcesses()) {
    if (isLiveState(proc.state) && (await readCommandLine(proc.pid)).startsWith('ssh ') && (await readCommandLine(proc.pid)).includes(join(dir!.path, 'data'))) pids.push(proc.pid);
  }
  return pids;
};
const liveRegistry = () => join(dir!.path, 'data', 'live-sessions.json');
const leftoversFile = () => join(dir!.path, 'data', 'remote-leftovers.json');

async function crashWithSessions(count: number, settings: Record<string, unknown> = {}): Promise<string[]> {
  dir = await makeTempDir('deck-remote-crash');
  await writeFile(join(dir.path, 'token'), token, { mode: 0o600 });
  await writeSessionsFile(dir.path, { Remote: { script: 'xvnc', count: DISPLAYS, options: { sizes: ['640x480'], display_base: base, host: 'n1', ssh_config: hosts.configFile } } });
  const first = await startHost(dir.path, token);
  runs.push(first);
  if (Object.keys(settings).length > 0) expect((await first.call('/api/settings', { method: 'PUT', body: JSON.stringify(settings) })).status).toBe(200);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await first.call('/api/sessions', { method: 'POST', body: JSON.stringify({ type: 'Remote', size: '640x480' }) });
    expect(response.status).toBe(201);
    ids.push((await json(response)).id);
  }
  started.push(...ids);
  expect(await remoteServers()).toHaveLength(count);
  await killHard(first);
  return ids;
}

describe('recovery of sessions on another machine after kill -9', { timeout: 180_000 }, () => {
  it('re-adopts them by default: the same servers there, viewers through a new forward, the old connection ended', async () => {
    const ids = await crashWithSessions(2);
    const servers = await remoteServers();
    const oldSsh = await sshPids();
    expect(oldSsh.length).toBeGreaterThan(0); // the old connections outlive the crash...
    const second = await startHost(dir!.path, token);
    runs.push(second);
    for (const id of ids) expect(await json(await second.call(`/api/sessions/${id}`))).toMatchObject({ state: 'ready', host: 'n1' });
    expect((await remoteServers()).map(({ pid }) => pid).sort()).toEqual(servers.map(({ pid }) => pid).sort());
    const now = await sshPids();
    for (const pid of oldSsh) expect(now).not.toContain(pid); // ...and are ended by the next start
    for (const id of ids) {
      const access = await json(await second.call(`/api/sessions/${id}/viewer`, { method: 'POST' }));
      const viewer = await connectViewer(access.url, second.base);
      expect(viewer.init).toMatchObject({ width: 640, height: 480 });
      await viewer.close();
    }
    // A second crash finds them again: the live registry names the new connection.
    await killHard(second);
    const third = await startHost(dir!.path, token);
    runs.push(third);
    for (const id of ids) expect((await json(await third.call(`/api/sessions/${id}`))).state).toBe('ready');
    for (const id of ids) expect((await json(await third.call(`/api/sessions/${id}`, { method: 'DELETE' }))).state).toBe('terminated');
    expect(await remoteServers()).toEqual([]);
    expect(await remoteDirsOf(ids)).toEqual([]);
    expect(await sshPids()).toEqual([]);
  });

  it('in cleanup mode ends the servers there and removes their directories, and never signals a pid recorded with another start time', async () => {
    const ids = await crashWithSessions(1, { recoveryMode: 'cleanup' });
    // A stranger now holds a pid the record names (as after a reuse): same pid, another start time.
    const stranger = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
    strangers.push(stranger);
    const recorded = JSON.parse(await readFile(liveRegistry(), 'utf8'));
    recorded.sessions[0].remote.processes.push({ pid: stranger.pid, startTime: '1', role: 'helper', name: 'stranger' });
    await writeFile(liveRegistry(), JSON.stringify(recorded));
    const second = await startHost(dir!.path, token);
    runs.push(second);
    expect(await json(await second.call(`/api/sessions/${ids[0]}`))).toMatchObject({ state: 'terminated', cause: 'manager_restarted' });
    expect(await remoteServers()).toEqual([]);
    expect(await remoteDirsOf(ids)).toEqual([]);
    expect(await sshPids()).toEqual([]);
    expect(await findProcesses('sleep 600')).toHaveLength(1);
    expect(stranger.exitCode).toBeNull();
  });

  it('ends a session whose host is down at the restart with host_unreachable, and what it left there once the host is back', async () => {
    const ids = await crashWithSessions(1);
    const [server] = await remoteServers();
    await hosts.host('n1').stop();
    const second = await startHost(dir!.path, token);
    runs.push(second);
    const ended = await json(await second.call(`/api/sessions/${ids[0]}`));
    expect(ended).toMatchObject({ state: 'terminated', cause: 'host_unreachable' });
    expect(ended.message).toContain('n1');
    // Nobody could end it there: it still runs, and the data directory keeps what to end.
    expect(await remoteServers()).toEqual([server]);
    await expect.poll(async () => JSON.parse(await readFile(leftoversFile(), 'utf8')).leftovers.map((entry: { sessionId: string }) => entry.sessionId)).toEqual(ids);
    await stopGently(second);
    await hosts.host('n1').restart();
    const third = await startHost(dir!.path, token);
    runs.push(third);
    await expect.poll(() => remoteServers(), { timeout: 30_000 }).toEqual([]);
    await expect.poll(() => remoteDirsOf(ids), { timeout: 30_000 }).toEqual([]);
    await expect.poll(async () => JSON.parse(await readFile(leftoversFile(), 'utf8')).leftovers, { timeout: 30_000 }).toEqual([]);
    expect(await sshPids()).toEqual([]);
  });
});
