// kill -9 the headless host with three live sessions, start it again: in the default mode the
// sessions are re-adopted (same slots, same servers, viewers can connect); in cleanup mode their
// processes, locks and scratch directories are gone and the history says manager_restarted.
import { randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { displayTraces, findProcesses, makeTempDir, writeSessionsFile, type TempDir } from '../testing/fixtures';
import { reserveDisplays } from '../testing/free-display';
import { json, killHard, startHost, stopGently, type HostRun } from '../testing/headless-host';
import { connectViewer } from '../testing/viewer-client';

const DISPLAY_BASE = await reserveDisplays(3);
const DISPLAYS = [DISPLAY_BASE, DISPLAY_BASE + 1, DISPLAY_BASE + 2];
const TYPE = 'Durable';

const xvncCount = async () => (await Promise.all(DISPLAYS.map((display) => findProcesses('Xvnc', `:${display} `)))).flat().length;

describe('recovery after kill -9', { timeout: 120_000 }, () => {
  let dir: TempDir;
  let runs: HostRun[] = [];
  const token = randomBytes(24).toString('base64url');

  afterEach(async () => {
    for (const run of runs) await stopGently(run);
    runs = [];
    await dir?.remove();
  });

  async function crashWithThreeSessions(settings: Record<string, unknown> = {}): Promise<string[]> {
    dir = await makeTempDir('deck-crash');
    await writeFile(join(dir.path, 'token'), token, { mode: 0o600 });
    await writeSessionsFile(dir.path, { [TYPE]: { script: 'xvnc', count: 3, options: { sizes: ['640x480'], display_base: DISPLAY_BASE } } });
    const first = await startHost(dir.path, token);
    runs.push(first);
    if (Object.keys(settings).length > 0) expect((await first.call('/api/settings', { method: 'PUT', body: JSON.stringify(settings) })).status).toBe(200);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await first.call('/api/sessions', { method: 'POST', body: JSON.stringify({ type: TYPE, size: '640x480' }) });
      expect(response.status).toBe(201);
      ids.push((await json(response)).id);
    }
    expect(await xvncCount()).toBe(3);
    await killHard(first);
    expect(await xvncCount()).toBe(3); // the servers outlive the crash...
    return ids;
  }

  it('re-adopts live sessions by default: same slots, same servers, viewers connect again', async () => {
    const ids = await crashWithThreeSessions();
    const second = await startHost(dir.path, token);
    runs.push(second);
    const sessions = await json(await second.call('/api/sessions'));
    expect(sessions.map((s: { id: string }) => s.id).sort()).toEqual([...ids].sort());
    for (const session of sessions) expect(session.state).toBe('ready');
    const [type] = await json(await second.call('/api/types'));
    expect(type.slots.map((slot: { sessionId: string }) => slot.sessionId)).toEqual(ids);
    expect(await xvncCount()).toBe(3);

    const access = await json(await second.call(`/api/sessions/${ids[1]}/viewer`, { method: 'POST' }));
    const viewer = await connectViewer(access.url, second.base);
    expect(viewer.init).toMatchObject({ width: 640, height: 480, name: TYPE });
    await viewer.close();

    for (const id of ids) expect((await json(await second.call(`/api/sessions/${id}`, { method: 'DELETE' }))).state).toBe('terminated');
    expect(await xvncCount()).toBe(0);
    for (const display of DISPLAYS) expect(await displayTraces(display)).toEqual([]);
    expect(await readdir(join(dir.path, 'data', 'sessions'))).toEqual([]);
  });

  it('in cleanup mode ends every recorded session: processes, locks, files, and history say manager_restarted', async () => {
    const ids = await crashWithThreeSessions({ recoveryMode: 'cleanup' });
    const second = await startHost(dir.path, token);
    runs.push(second);
    expect(await xvncCount()).toBe(0);
    for (const display of DISPLAYS) expect(await displayTraces(display)).toEqual([]);
    expect(await readdir(join(dir.path, 'data', 'sessions'))).toEqual([]);
    for (const id of ids) {
      expect(await json(await second.call(`/api/sessions/${id}`))).toMatchObject({ state: 'terminated', cause: 'manager_restarted' });
    }
    const history = await json(await second.call(`/api/history?cause=manager_restarted`));
    expect(history.items.map((entry: { id: string }) => entry.id).sort()).toEqual([...ids].sort());
    const [type] = await json(await second.call('/api/types'));
    expect(type.slots.map((slot: { state: string }) => slot.state)).toEqual(['free', 'free', 'free']);
    const again = await second.call('/api/sessions', { method: 'POST', body: JSON.stringify({ type: TYPE, size: '640x480' }) });
    expect(again.status).toBe(201);
  });

  it('cleans up a session whose server died with the manager, and leaves the others running', async () => {
    const ids = await crashWithThreeSessions();
    const [victim] = await findProcesses('Xvnc', `:${DISPLAYS[0]} `);
    expect(victim).toBeDefined();
    const pid = (await import('node:child_process')).execFileSync('pgrep', ['-f', `Xvnc :${DISPLAYS[0]} `]).toString().trim();
    process.kill(Number(pid), 'SIGKILL');
    await expect.poll(() => findProcesses('Xvnc', `:${DISPLAYS[0]} `)).toEqual([]);
    const second = await startHost(dir.path, token);
    runs.push(second);
    expect(await json(await second.call(`/api/sessions/${ids[0]}`))).toMatchObject({ state: 'terminated', cause: 'manager_restarted' });
    expect(await json(await second.call(`/api/sessions/${ids[1]}`))).toMatchObject({ state: 'ready' });
    expect(await displayTraces(DISPLAYS[0]!)).toEqual([]); // the dead server's stale lock was cleaned
  });
});
