// Before anyone presses Start, the hosts of a type on other machines are looked at over SSH (a
// private sshd "host" n1 on 127.0.0.2, n2 on 127.0.0.3): a slot whose every display is held there
// by a foreign Xvnc shows as unavailable, naming the host, the displays and their holder; a start
// skips it and says so when nothing else is left; a host that is down shows its reason on the type.
// The foreign servers are never touched, and the checks leave no connection or directory behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { displayCandidates } from '../../../scripts/lib/remote-x';
import { startEngine } from '../testing/engine-harness';
import { displayTraces, findProcesses } from '../testing/fixtures';
import { useRemoteTestbed } from '../testing/remote-testbed';

// Slot 0 of a count-2 type tries base, base + 2, ... base + 14 on its host.
const RESERVED = 16;
const bed = useRemoteTestbed('deck-held-slots', { hosts: 2, displays: RESERVED });
const foreign: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(foreign.splice(0).map(endForeign));
});

async function endForeign(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

/** A foreign Xvnc on display d of the "host" (both test hosts are this machine), not Session Deck's. */
async function foreignXvnc(display: number): Promise<ChildProcess> {
  const server = spawn('Xvnc', [`:${display}`, '-geometry', '64x64', '-depth', '16', '-rfbport', '-1', '-SecurityTypes', 'None', '-nolisten', 'tcp'], { stdio: 'ignore' });
  foreign.push(server);
  await expect.poll(() => displayTraces(display), { timeout: 15_000 }).toHaveLength(2);
  return server;
}

const heldType = (options: Record<string, unknown> = {}) => ({
  Remote: { script: 'xvnc', count: 2, options: { sizes: ['640x480'], display_base: bed.base, host: 'n1', ssh_config: bed.hosts.configFile, ...options } },
});
const remoteType = async () => (await bed.harness!.engine.listTypes()).find((type) => type.name === 'Remote')!;

describe('slots and hosts of a type on other machines, before any start', () => {
  it('shows a slot whose displays a foreign Xvnc holds on the host as unavailable, skips it at a start, says so when nothing is left, and frees it once one display is free', async () => {
    const candidates = displayCandidates(bed.base, 0, 2);
    const servers: ChildProcess[] = [];
    for (const display of candidates) servers.push(await foreignXvnc(display));
    bed.harness = await startEngine(heldType());

    // No start has run: the background check of n1 found them.
    await expect.poll(async () => (await remoteType()).slots[0]?.state, { timeout: 30_000 }).toBe('unavailable');
    const [slot0, slot1] = (await remoteType()).slots;
    expect(slot0!.reason).toBe(
      `every display it may use on n1 is held by another program: ${candidates.map((display, i) => `:${display} by Xvnc (pid ${servers[i]!.pid})`).join(', ')}`,
    );
    expect(slot1).toEqual({ index: 1, state: 'free' });
    expect((await remoteType()).hosts).toEqual([{ name: 'n1', sessions: 0 }]);

    const session = await bed.harness.engine.startSession({ type: 'Remote', size: '640x480' });
    expect([session.index, session.host]).toEqual([1, 'n1']);
    await expect(bed.harness.engine.startSession({ type: 'Remote', size: '640x480' })).rejects.toMatchObject({
      code: 'at_capacity',
      message: `No free slot of "Remote": 1 in use by sessions, the others held by another program (not Session Deck): slot 0: ${slot0!.reason}`,
    });
    await bed.harness.engine.stopSession(session.id);
    expect(servers.every((server) => server.exitCode === null && server.signalCode === null)).toBe(true);

    // The last display the slot tries becomes free: the slot is free again, without a start.
    await endForeign(servers.at(-1)!);
    await expect.poll(async () => (await remoteType()).slots[0], { timeout: 30_000 }).toEqual({ index: 0, state: 'free' });
    const again = await bed.harness.engine.startSession({ type: 'Remote', size: '640x480' });
    expect(again.index).toBe(0);
    await bed.harness.engine.stopSession(again.id);

    // The checks leave no connection and no directory behind.
    const checksDir = join(bed.harness.dir, 'data', 'host-checks');
    await bed.harness.engine.close();
    expect(await findProcesses('ssh', checksDir)).toEqual([]);
    expect(await readdir(checksDir)).toEqual([]);
  });

  it.each(['vncserver', 'x11vnc'])('shows the same held slot for %s, whose start skips held displays there too', async (script) => {
    const candidates = displayCandidates(bed.base, 0, 2);
    for (const display of candidates) await foreignXvnc(display);
    bed.harness = await startEngine({ Remote: { ...heldType().Remote, script } });
    await expect.poll(async () => (await remoteType()).slots[0]?.state, { timeout: 30_000 }).toBe('unavailable');
    expect((await remoteType()).slots[0]?.reason).toMatch(new RegExp(`^every display it may use on n1 is held by another program: :${candidates[0]} by Xvnc`));
    expect((await remoteType()).slots[1]).toEqual({ index: 1, state: 'free' });
  });

  it('shows a host that is down with its reason on the type before any start, and clears it once the host is back', async () => {
    await bed.hosts.host('n2').stop();
    bed.harness = await startEngine(heldType({ host: undefined, hosts: ['n1', 'n2'] }));
    await expect.poll(async () => (await remoteType()).hosts?.find((host) => host.name === 'n2')?.problem, { timeout: 30_000 }).toMatch(/"n2" refused the connection: is sshd running there/);
    expect((await remoteType()).hosts?.find((host) => host.name === 'n1')).toEqual({ name: 'n1', sessions: 0 });
    expect((await bed.harness.engine.listSessions()).length).toBe(0);
    await bed.hosts.host('n2').restart();
    await expect.poll(async () => (await remoteType()).hosts, { timeout: 30_000 }).toEqual([
      { name: 'n1', sessions: 0 },
      { name: 'n2', sessions: 0 },
    ]);
  });
});
