// kill -9 of the headless host while a vncserver session runs on another machine (a private sshd
// on 127.0.0.2; both "sides" are this machine), then a start on the same data directory: the
// wrapper's daemonized X server, adopted and recorded like xvnc's processes, is re-adopted by
// default, or ended there in cleanup mode, with nothing left on either side.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isLive } from './lib/proc';
import { makeTempDir, writeSessionsFile, type TempDir } from '../electron/core/testing/fixtures';
import { freeDisplays, reserveDisplays } from '../electron/core/testing/free-display';
import { json, killHard, startHost, stopGently, type HostRun } from '../electron/core/testing/headless-host';
import { expectNoSessionTraces, remoteProcessOf } from '../electron/core/testing/remote-traces';
import { startSshHosts, type SshHosts } from '../electron/core/testing/sshd';
import { connectViewer } from '../electron/core/testing/viewer-client';

const FLAVOURS = [
  { flavour: 'tigervnc', server: /^\S*Xtigervnc :\d+ / },
  { flavour: 'tightvnc', server: /^\S*Xtightvnc :\d+ / },
] as const;
let hosts: SshHosts;
let base: number;
let dir: TempDir | undefined;
let runs: HostRun[] = [];
const token = randomBytes(24).toString('base64url');

beforeAll(async () => {
  hosts = await startSshHosts(1, { prefix: 'deck-remote-vncserver-crash' });
  base = await reserveDisplays(FLAVOURS.length);
});
afterEach(async () => {
  for (const run of runs) await stopGently(run);
  runs = [];
  await dir?.remove();
  dir = undefined;
});
afterAll(async () => {
  freeDisplays(base, FLAVOURS.length);
  await hosts?.close();
});

/** A host with one vncserver session on n1, then kill -9: the session's id and its server's pid there. */
async function crashWithSession(flavour: string, display: number, settings: Record<string, unknown> = {}): Promise<{ id: string; serverPid: number }> {
  dir = await makeTempDir('deck-remote-vncserver-crash');
  await writeFile(join(dir.path, 'token'), token, { mode: 0o600 });
  await writeSessionsFile(dir.path, { Remote: { script: 'vncserver', count: 1, options: { sizes: ['640x480'], display_base: display, flavour, host: 'n1', ssh_config: hosts.configFile } } });
  const first = await startHost(dir.path, token);
  runs.push(first);
  if (Object.keys(settings).length > 0) expect((await first.call('/api/settings', { method: 'PUT', body: JSON.stringify(settings) })).status).toBe(200);
  const response = await first.call('/api/sessions', { method: 'POST', body: JSON.stringify({ type: 'Remote', size: '640x480' }) });
  expect(response.status).toBe(201);
  const { id } = await json(response);
  const server = FLAVOURS.find((entry) => entry.flavour === flavour)!.server;
  const { pid } = await remoteProcessOf(server, id);
  await killHard(first);
  return { id, serverPid: pid };
}

describe.each(FLAVOURS.map((entry, i) => ({ ...entry, i })))('vncserver ($flavour) on another machine after kill -9', { timeout: 180_000 }, ({ flavour, i }) => {
  it('is re-adopted: the same X server there, a viewer through the new forward; stop then leaves nothing', async () => {
    const { id, serverPid } = await crashWithSession(flavour, base + i);
    const second = await startHost(dir!.path, token);
    runs.push(second);
    expect(await json(await second.call(`/api/sessions/${id}`))).toMatchObject({ state: 'ready', host: 'n1' });
    expect(await isLive(serverPid)).toBe(true);
    const access = await json(await second.call(`/api/sessions/${id}/viewer`, { method: 'POST' }));
    const viewer = await connectViewer(access.url, second.base);
    expect(viewer.init.height).toBe(480);
    await viewer.close();
    expect((await json(await second.call(`/api/sessions/${id}`, { method: 'DELETE' }))).state).toBe('terminated');
    expect(await isLive(serverPid)).toBe(false);
    await expectNoSessionTraces(join(dir!.path, 'data', 'sessions'), [id]);
  });

  it('in cleanup mode has its X server there ended and its directory there removed', async () => {
    const { id, serverPid } = await crashWithSession(flavour, base + i, { recoveryMode: 'cleanup' });
    const second = await startHost(dir!.path, token);
    runs.push(second);
    expect(await json(await second.call(`/api/sessions/${id}`))).toMatchObject({ state: 'terminated', cause: 'manager_restarted' });
    expect(await isLive(serverPid)).toBe(false);
    await expectNoSessionTraces(join(dir!.path, 'data', 'sessions'), [id]);
  });
});
