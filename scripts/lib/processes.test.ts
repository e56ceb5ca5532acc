// The watcher that stands for a daemonized server: it follows the server's exit, and ending it
// ends the server. Real processes, real session resources.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessionResources, type SessionResourcesHandle } from '../../electron/core/script-host/session-resources';
import { makeTempDir, type TempDir } from '../../electron/core/testing/fixtures';
import { watchProcess } from './processes';

describe('watchProcess', () => {
  let dir: TempDir;
  let handle: SessionResourcesHandle;
  const strays: ChildProcess[] = [];

  /** A "daemonized server": not a process the session owns. */
  const server = (script: string) => {
    const child = spawn('perl', ['-e', script], { stdio: 'ignore' });
    strays.push(child);
    return child;
  };

  beforeEach(async () => {
    dir = await makeTempDir('deck-watch');
    handle = await createSessionResources({ id: 'w', sessionsDir: dir.path, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, stopGraceMs: 3000, waitTimeoutMs: 5000 });
  });

  afterEach(async () => {
    await handle.release();
    for (const child of strays) child.kill('SIGKILL');
    strays.length = 0;
    await dir.remove();
  });

  it('exits when the watched process exits, and the session hears of it as a server exit', async () => {
    const child = server('sleep 300');
    const watcher = watchProcess(handle.resources, child.pid!, 'Xfake');
    child.kill('SIGTERM');
    expect(await watcher.exited).toEqual({ code: 0, signal: null });
    expect((await handle.endingExit).description).toMatch(/perl exited with code 0/);
  });

  it('ends the watched process when it is ended itself', async () => {
    const child = server('sleep 300');
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const watcher = watchProcess(handle.resources, child.pid!, 'Xfake');
    await expect.poll(() => handle.log.tail()).toContain('watcher of Xfake');
    await watcher.terminate();
    expect(await exited).toBe('SIGTERM');
  });

  it('kills a watched process that ignores SIGTERM', async () => {
    const child = server('$SIG{TERM} = "IGNORE"; sleep 300');
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const watcher = watchProcess(handle.resources, child.pid!, 'Xstubborn');
    await expect.poll(() => handle.log.tail()).toContain('watcher of Xstubborn');
    await watcher.terminate();
    expect(await exited).toBe('SIGKILL');
  });
});
