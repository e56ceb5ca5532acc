// Sessions on other machines, for real: the built-in xvnc started through the system ssh on a
// private sshd host (127.0.0.2), its desktop seen and typed into by a real noVNC in Chromium
// through the bridge and the session's forwarded socket. Both "sides" are this machine, so every
// process check below covers the local and the remote side at once.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLiveState, listProcesses, readCommandLine } from '../../../scripts/lib/proc';
import { connectVnc, disconnectVnc } from '../bridge/testing/novnc-page';
import { startEngine } from '../testing/engine-harness';
import { displayTraces, findProcesses } from '../testing/fixtures';
import { useRemoteTestbed } from '../testing/remote-testbed';
import { expectNoSessionTraces, processesHolding } from '../testing/remote-traces';
import { readVncPasswordFile } from '../vnc/vnc-auth';

const bed = useRemoteTestbed('deck-remote-xvnc', { displays: 1, browser: true });
const start = async (types: unknown, options: Parameters<typeof startEngine>[1] = {}) => (bed.harness = await startEngine(types, options));

const remoteType = (options: Record<string, unknown> = {}) => ({
  Remote: { script: 'xvnc', count: 1, options: { sizes: ['800x600'], display_base: bed.base, host: 'n1', ssh_config: bed.hosts.configFile, ...options } },
});

/** The remote Xvnc of the test's display: pid and its private directory on the host. */
async function remoteXvnc(): Promise<{ pid: number; dir: string }> {
  for (const proc of await listProcesses()) {
    const cmdline = await readCommandLine(proc.pid);
    const socket = /-rfbunixpath (\S+)\/rfb\.sock/.exec(cmdline)?.[1];
    if (isLiveState(proc.state) && cmdline.startsWith(`Xvnc :${bed.base} `) && socket) return { pid: proc.pid, dir: socket };
  }
  throw new Error(`no Xvnc on :${bed.base}`);
}

/** Nothing of the sessions left on either side: no process, no directory on the host, no display lock. */
async function expectNothingLeft(harnessDir: string, sessionIds: readonly string[]): Promise<void> {
  await expectNoSessionTraces(harnessDir, sessionIds);
  expect(await findProcesses('Xvnc', `:${bed.base}`)).toEqual([]);
  expect(await displayTraces(bed.base)).toEqual([]);
}

describe('xvnc on another machine', () => {
  it('shows the remote desktop in noVNC, takes typed text, keeps the password off every command line, and leaves nothing after stop', async () => {
    // xev draws a white window on the black root and prints the keys it gets into its log on the host
    // (line-buffered: its output is a file).
    const harness = await start(remoteType({ command: 'exec stdbuf -oL xev -geometry 400x300+0+0' }), { allowedOrigins: [bed.browser.origin] });
    const session = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
    expect(session.host).toBe('n1');
    const steps = harness.events.flatMap((event) => (event.kind === 'session' && event.session.id === session.id && event.session.startStep ? [event.session.startStep] : []));
    expect(steps).toEqual(expect.arrayContaining(['connecting_to_host', 'server_starting', 'forwarding', 'waiting_for_server']));

    const scratch = join(harness.dir, 'data', 'sessions', session.id);
    const { dir } = await remoteXvnc();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'passwd'))).mode & 0o777).toBe(0o600);
    const password = await readVncPasswordFile(join(scratch, 'passwd'));
    expect(await readVncPasswordFile(join(dir, 'passwd'))).toBe(password);
    expect(await processesHolding(password)).toEqual([]);
    // The server listens on a Unix socket on the host only: no TCP port at all.
    expect((await findProcesses('Xvnc', `:${bed.base}`))[0]).toContain('-rfbport -1');

    const { page } = bed.browser;
    await connectVnc(page, (await harness.engine.openViewer(session.id)).url);
    const canvas = page.locator('#screen canvas');
    // Pixels: xev's white window over the black root.
    await expect
      .poll(() => page.evaluate(`Array.from(document.querySelector('#screen canvas').getContext('2d').getImageData(100, 100, 1, 1).data)`), { timeout: 15_000 })
      .toEqual([255, 255, 255, 255]);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 100, box.y + 100);
    await page.mouse.click(box.x + 100, box.y + 100);
    await page.keyboard.type('deck');
    const xevLog = join(dir, 'command.log');
    const typed = async () => [...(await readFile(xevLog, 'utf8').catch(() => '')).matchAll(/KeyPress event[^]*?\(keysym 0x\w+, (\w)\)/g)].map((match) => match[1]).join('');
    await expect.poll(typed, { timeout: 15_000 }).toBe('deck');
    await disconnectVnc(page);

    await harness.engine.stopSession(session.id);
    await expectNothingLeft(harness.dir, [session.id]);
    await expect(stat(dir)).rejects.toThrow();
  });

  it('ends the session with server_exited when the remote server dies', async () => {
    const harness = await start(remoteType());
    const session = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
    const { pid } = await remoteXvnc();
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => harness.engine.getSession(session.id).then((info) => info.cause), { timeout: 15_000 }).toBe('server_exited');
    expect((await harness.engine.getSession(session.id)).message).toContain('on n1');
    // The next start removes the lock the killed server left.
    const next = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
    await harness.engine.stopSession(next.id);
    await expectNothingLeft(harness.dir, [session.id, next.id]);
  });

  it('leaves nothing on either side after 50 start/stop cycles', { timeout: 600_000 }, async () => {
    const harness = await start(remoteType());
    const ids: string[] = [];
    for (let cycle = 0; cycle < 50; cycle += 1) {
      const session = await harness.engine.startSession({ type: 'Remote', size: '800x600' });
      ids.push(session.id);
      await harness.engine.stopSession(session.id);
    }
    await expectNothingLeft(harness.dir, ids);
  });
});
