// A type spread over several machines, for real (private sshd hosts n1, n2 on 127.0.0.2, .3):
// even spread, drain, a host that is down skipped with its reason on the type, an unknown host key
// refused, and the ends a host can cause (sshd killed mid-session; back within the grace).
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isLiveState, listProcesses, readCommandLine } from '../../../scripts/lib/proc';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { freeDisplays, reserveDisplays } from '../testing/free-display';
import { startSshHosts, type SshHosts } from '../testing/sshd';
import { connectViewer } from '../testing/viewer-client';

let hosts: SshHosts;
let base: number;
let harness: EngineHarness | undefined;

beforeAll(async () => {
  hosts = await startSshHosts(2, { prefix: 'deck-remote-hosts' });
  base = await reserveDisplays(2);
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const host of hosts.hosts) if (host.pid === undefined) await host.restart();
  // A session whose host went away left its server there (nobody could reach it to end it). Both
  // "hosts" are this machine, so the second one's server may sit past the reserved displays: it is
  // found by its session's remote directory, and the directory removed with it.
  const ids = startedIds.splice(0);
  for (const proc of await listProcesses()) {
    const cmdline = await readCommandLine(proc.pid);
    if (isLiveState(proc.state) && cmdline.startsWith('Xvnc ') && ids.some((id) => cmdline.includes(`/tmp/session-deck-${id}-`))) process.kill(proc.pid, 'SIGKILL');
  }
  for (const entry of await readdir('/tmp')) {
    if (ids.some((id) => entry.startsWith(`session-deck-${id}-`))) await rm(join('/tmp', entry), { recursive: true, force: true });
  }
});
afterAll(async () => {
  freeDisplays(base, 2);
  await hosts?.close();
});

const spreadType = (options: Record<string, unknown> = {}) => ({
  Spread: { script: 'xvnc', count: 2, options: { sizes: ['640x480'], display_base: base, hosts: ['n1', 'n2'], ssh_config: hosts.configFile, ...options } },
});
/** Sessions this file started, for the clean-up after each test. */
const startedIds: string[] = [];
const start = async () => {
  const session = await harness!.engine.startSession({ type: 'Spread', size: '640x480' });
  startedIds.push(session.id);
  return session;
};
const hostsOfType = async () => (await harness!.engine.listTypes()).find((type) => type.name === 'Spread')!.hosts;

describe('a type on several machines', () => {
  it('spreads its sessions evenly, one per host', async () => {
    harness = await startEngine(spreadType());
    const first = await start();
    const second = await start();
    expect([first.host, second.host].sort()).toEqual(['n1', 'n2']);
    expect(await hostsOfType()).toEqual([
      { name: 'n1', sessions: 1 },
      { name: 'n2', sessions: 1 },
    ]);
    // History, audit and metrics name the host.
    await harness.engine.stopSession(first.id);
    await harness.engine.stopSession(second.id);
    const history = (await harness.engine.listHistory({})).items;
    expect(history.map((entry) => entry.host).sort()).toEqual(['n1', 'n2']);
    const started = (await harness.engine.listAudit({})).items.filter((record) => record.kind === 'session_started');
    expect(started.map((record) => record.host).sort()).toEqual(['n1', 'n2']);
    const metrics = await harness.engine.getMetrics({ type: 'Spread' });
    expect(metrics.filter((row) => row.host !== undefined).map((row) => [row.host, row.started])).toEqual([
      ['n1', 1],
      ['n2', 1],
    ]);
  });

  it('sends no new session to a draining host', async () => {
    harness = await startEngine(spreadType({ drain: ['n1'] }));
    const first = await start();
    const second = await start();
    expect([first.host, second.host]).toEqual(['n2', 'n2']);
    expect((await hostsOfType())?.[0]).toEqual({ name: 'n1', sessions: 0, draining: true });
  });

  it('skips a host that is down, shows why on the type, and uses it again once it is back', async () => {
    harness = await startEngine(spreadType());
    await hosts.host('n1').stop();
    const first = await start();
    expect(first.host).toBe('n2');
    const n1 = (await hostsOfType())?.find((host) => host.name === 'n1');
    expect(n1?.problem).toMatch(/"n1" refused the connection: is sshd running there/);
    await hosts.host('n1').restart();
    await hosts.host('n2').stop();
    const second = await start();
    expect(second.host).toBe('n1');
    const shown = await hostsOfType();
    expect(shown?.find((host) => host.name === 'n1')?.problem).toBeUndefined();
    expect(shown?.find((host) => host.name === 'n2')?.problem).toMatch(/"n2" refused the connection/);
  });

  it('fails with every host\'s reason when none can be used', async () => {
    harness = await startEngine(spreadType());
    await hosts.host('n1').stop();
    await hosts.host('n2').stop();
    await expect(start()).rejects.toThrow(/no host could take the session: "n\d" refused the connection.*; "n\d" refused the connection/);
  });

  it('refuses a host whose key is not known, saying how to trust it', async () => {
    const config = join(hosts.dir, 'ssh_config_unknown');
    await writeFile(join(hosts.dir, 'known_hosts_empty'), '');
    await writeFile(config, (await readFile(hosts.configFile, 'utf8')).replaceAll(hosts.knownHostsFile, join(hosts.dir, 'known_hosts_empty')));
    harness = await startEngine(spreadType({ hosts: ['n1'], ssh_config: config }));
    await expect(start()).rejects.toThrow(/the host key of "n1" is not known.*Connect once with "ssh n1"/);
  });
});

describe('the ends a host can cause', () => {
  it('ends the session with host_unreachable when its sshd is killed mid-session', async () => {
    harness = await startEngine(spreadType({ hosts: ['n1'] }));
    const session = await start();
    await hosts.host('n1').stop();
    await expect.poll(async () => (await harness!.engine.getSession(session.id)).cause, { timeout: 20_000 }).toBe('host_unreachable');
    expect((await harness.engine.getSession(session.id)).message).toMatch(/the host n1 is unreachable/);
  });

  it('goes on when the connection comes back within the grace and the server still runs', async () => {
    harness = await startEngine(spreadType({ hosts: ['n1'] }));
    const session = await start();
    await hosts.host('n1').stop();
    await hosts.host('n1').restart();
    // Back in time: a viewer reaches the same server through the forward made again.
    await expect
      .poll(
        async () => {
          // A connect while the forward is down may never finish: each try gets 3 s.
          const attempt = harness!.engine.openViewer(session.id).then((access) => connectViewer(access.url));
          const viewer = await Promise.race([attempt, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 3000))]).catch(() => undefined);
          void attempt.then((late) => late.close(), () => undefined);
          return viewer?.init.width;
        },
        { timeout: 20_000 },
      )
      .toBe(640);
    expect((await harness.engine.getSession(session.id)).state).not.toMatch(/terminated|failed/);
    const log = await readFile(join(harness.dir, 'data', 'sessions', session.id, 'session.log'), 'utf8');
    expect(log).toContain('connected to n1 again; the session goes on');
  });
});
