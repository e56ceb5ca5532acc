// A type spread over several machines, for real (private sshd hosts n1, n2 on 127.0.0.2, .3):
// even spread, drain, a host that is down skipped with its reason on the type, an unknown host key
// refused, and the ends a host can cause (sshd killed mid-session; back within the grace).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEngine } from '../testing/engine-harness';
import { useRemoteTestbed } from '../testing/remote-testbed';
import { connectViewer } from '../testing/viewer-client';

// A session whose host went away left its server there: the testbed ends it after each test, found
// by its session's remote directory (the second host's server may sit past the reserved displays).
const bed = useRemoteTestbed('deck-remote-hosts', { hosts: 2, displays: 2 });
const spreadType = (options: Record<string, unknown> = {}) => ({
  Spread: { script: 'xvnc', count: 2, options: { sizes: ['640x480'], display_base: bed.base, hosts: ['n1', 'n2'], ssh_config: bed.hosts.configFile, ...options } },
});
const start = async () => {
  const session = await bed.harness!.engine.startSession({ type: 'Spread', size: '640x480' });
  bed.sessionIds.push(session.id);
  return session;
};
const hostsOfType = async () => (await bed.harness!.engine.listTypes()).find((type) => type.name === 'Spread')!.hosts;

describe('a type on several machines', () => {
  it('spreads its sessions evenly, one per host', async () => {
    const harness = (bed.harness = await startEngine(spreadType()));
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
    bed.harness = await startEngine(spreadType({ drain: ['n1'] }));
    const first = await start();
    const second = await start();
    expect([first.host, second.host]).toEqual(['n2', 'n2']);
    expect((await hostsOfType())?.[0]).toEqual({ name: 'n1', sessions: 0, draining: true });
  });

  it('skips a host that is down, shows why on the type, and uses it again once it is back', async () => {
    bed.harness = await startEngine(spreadType());
    await bed.hosts.host('n1').stop();
    const first = await start();
    expect(first.host).toBe('n2');
    const n1 = (await hostsOfType())?.find((host) => host.name === 'n1');
    expect(n1?.problem).toMatch(/"n1" refused the connection: is sshd running there/);
    await bed.hosts.host('n1').restart();
    await bed.hosts.host('n2').stop();
    const second = await start();
    expect(second.host).toBe('n1');
    const shown = await hostsOfType();
    expect(shown?.find((host) => host.name === 'n1')?.problem).toBeUndefined();
    expect(shown?.find((host) => host.name === 'n2')?.problem).toMatch(/"n2" refused the connection/);
  });

  it('fails with every host\'s reason when none can be used', async () => {
    bed.harness = await startEngine(spreadType());
    await bed.hosts.host('n1').stop();
    await bed.hosts.host('n2').stop();
    await expect(start()).rejects.toThrow(/no host could take the session: "n\d" refused the connection.*; "n\d" refused the connection/);
  });

  it('refuses a host whose key is not known, saying how to trust it', async () => {
    const config = join(bed.hosts.dir, 'ssh_config_unknown');
    await writeFile(join(bed.hosts.dir, 'known_hosts_empty'), '');
    await writeFile(config, (await readFile(bed.hosts.configFile, 'utf8')).replaceAll(bed.hosts.knownHostsFile, join(bed.hosts.dir, 'known_hosts_empty')));
    bed.harness = await startEngine(spreadType({ hosts: ['n1'], ssh_config: config }));
    await expect(start()).rejects.toThrow(/the host key of "n1" is not known.*Connect once with "ssh n1"/);
  });
});

describe('the ends a host can cause', () => {
  it('ends the session with host_unreachable when its sshd is killed mid-session', async () => {
    const harness = (bed.harness = await startEngine(spreadType({ hosts: ['n1'] })));
    const session = await start();
    await bed.hosts.host('n1').stop();
    await expect.poll(async () => (await harness.engine.getSession(session.id)).cause, { timeout: 20_000 }).toBe('host_unreachable');
    expect((await harness.engine.getSession(session.id)).message).toMatch(/the host n1 is unreachable/);
  });

  it('goes on when the connection comes back within the grace and the server still runs', async () => {
    const harness = (bed.harness = await startEngine(spreadType({ hosts: ['n1'] })));
    const session = await start();
    await bed.hosts.host('n1').stop();
    await bed.hosts.host('n1').restart();
    // Back in time: a viewer reaches the same server through the forward made again.
    await expect
      .poll(
        async () => {
          // A connect while the forward is down may never finish: each try gets 3 s.
          const attempt = harness.engine.openViewer(session.id).then((access) => connectViewer(access.url));
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
