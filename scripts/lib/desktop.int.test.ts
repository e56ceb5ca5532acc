// The built-in desktop with real servers: openbox manages the display and its right-click menu
// opens a terminal; the type's command is what the session lives for (command_exited), unless
// end_when_command_exits is false, which keeps the bare server running.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../../electron/core/testing/engine-harness';
import { findProcesses } from '../../electron/core/testing/fixtures';
import { reserveDisplays } from '../../electron/core/testing/free-display';

const BASE = await reserveDisplays(3);
const run = promisify(execFile);

/** Runs an X client inside a session's display, with its X authority. */
const inDisplay = (display: number, scratchDir: string, command: string, args: string[]) =>
  run(command, args, { env: { PATH: '/usr/bin:/bin', DISPLAY: `:${display}`, XAUTHORITY: join(scratchDir, 'Xauthority') } });

const type = (display: number, options: Record<string, unknown>) => ({ Desk: { script: 'xvnc', count: 1, options: { sizes: ['800x600'], display_base: display, ...options } } });

describe('the built-in desktop', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());
  const scratchOf = (id: string) => join(harness.dir, 'data', 'sessions', id);

  it('runs openbox with a right-click menu whose "New terminal" opens an xterm', async () => {
    harness = await startEngine(type(BASE, { desktop: 'openbox', command: 'exec sleep 3301' }));
    const session = await harness.engine.startSession({ type: 'Desk', size: '800x600' });
    const scratch = scratchOf(session.id);
    // openbox announces itself as the window manager on the root window.
    await expect
      .poll(async () => (await inDisplay(BASE, scratch, 'xprop', ['-root', '_NET_SUPPORTING_WM_CHECK']).catch(() => ({ stdout: '' }))).stdout, { timeout: 10_000 })
      .toMatch(/window id # 0x/);
    const xterms = async () => (await inDisplay(BASE, scratch, 'xdotool', ['search', '--class', 'xterm']).catch(() => ({ stdout: '' }))).stdout.split('\n').filter(Boolean).length;
    expect(await xterms()).toBe(0);
    await inDisplay(BASE, scratch, 'xdotool', ['mousemove', '400', '300', 'click', '3']);
    // The menu opens where the pointer is: a top-level window at +400+300.
    await expect.poll(async () => (await inDisplay(BASE, scratch, 'xwininfo', ['-root', '-children'])).stdout, { timeout: 5000 }).toMatch(/\d+x\d+\+400\+300 /);
    await inDisplay(BASE, scratch, 'xdotool', ['key', 'Down', 'Return']);
    await expect.poll(xterms, { timeout: 10_000 }).toBe(1);
    await harness.engine.stopSession(session.id);
    expect(await findProcesses('openbox', scratch)).toEqual([]);
    expect(await findProcesses('xterm', `:${BASE}`)).toEqual([]);
  });

  it('ends the session with cause command_exited when its command exits', async () => {
    harness = await startEngine(type(BASE + 1, { desktop: 'openbox', command: 'while [ ! -e go ]; do sleep 0.05; done; exit 0' }));
    const session = await harness.engine.startSession({ type: 'Desk', size: '800x600' });
    await writeFile(join(scratchOf(session.id), 'go'), '');
    await expect.poll(async () => (await harness.engine.getSession(session.id)).state, { timeout: 10_000 }).toBe('terminated');
    expect(await harness.engine.getSession(session.id)).toMatchObject({ cause: 'command_exited', message: expect.stringContaining('exited with code 0') });
    expect(await findProcesses('Xvnc', `:${BASE + 1}`)).toEqual([]);
    expect(await findProcesses('openbox', session.id)).toEqual([]);
  });

  it('keeps the bare server running after its command exits with end_when_command_exits false', async () => {
    harness = await startEngine(type(BASE + 2, { end_when_command_exits: false, command: 'exit 3' }));
    const session = await harness.engine.startSession({ type: 'Desk', size: '800x600' });
    const log = join(scratchOf(session.id), 'session.log');
    // The exit is written to the log in the same step that would end the session.
    await expect.poll(() => readFile(log, 'utf8'), { timeout: 10_000 }).toContain('exited with code 3');
    expect((await harness.engine.getSession(session.id)).state).toBe('ready');
    expect(await findProcesses('Xvnc', `:${BASE + 2}`)).toHaveLength(1);
    expect(await harness.engine.stopSession(session.id)).toMatchObject({ cause: 'user_stopped' });
  });
});
