// The host's app window: its command line, when it is (not) opened, and that closing it ends the
// browser process — with a stand-in browser script that records its arguments and waits.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appWindowCommand, openAppWindow, type OpenAppWindowOptions } from './open-browser';

let root: string;
let fakeBrowser: string;
const argsFile = () => join(root, 'args');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'deck-open-browser-'));
  fakeBrowser = join(root, 'chromium');
  // records its pid and arguments, then waits as a browser would (exec keeps the pid)
  await writeFile(fakeBrowser, `#!/bin/sh\nprintf '%s\\n' $$ "$@" > '${argsFile()}.tmp' && mv '${argsFile()}.tmp' '${argsFile()}'\nexec sleep 300\n`);
  await chmod(fakeBrowser, 0o755);
});
afterAll(() => rm(root, { recursive: true, force: true }));

function options(overrides: Partial<OpenAppWindowOptions> = {}): OpenAppWindowOptions & { lines: string[] } {
  const lines: string[] = [];
  return {
    open: true,
    loginUrl: () => 'http://127.0.0.1:8765/login?code=abc',
    dataDir: join(root, 'data'),
    env: { DISPLAY: ':0', HOME: root },
    log: (line) => lines.push(line),
    find: () => ({ path: fakeBrowser }),
    asRoot: false,
    lines,
    ...overrides,
  };
}

describe('appWindowCommand', () => {
  const browser = { path: '/usr/bin/chromium' };

  it('opens the link as an app window with its own profile', () => {
    expect(appWindowCommand(browser, 'http://127.0.0.1:1/login?code=x', '/data/browser-window', { env: { DISPLAY: ':0' }, asRoot: false })).toEqual({
      command: '/usr/bin/chromium',
      args: ['--app=http://127.0.0.1:1/login?code=x', '--user-data-dir=/data/browser-window', '--no-first-run', '--no-default-browser-check'],
    });
  });

  it('turns the sandbox off only as root, and asks for Wayland only without X', () => {
    const asRoot = appWindowCommand(browser, 'u', 'p', { env: { DISPLAY: ':0' }, asRoot: true }).args;
    expect(asRoot).toContain('--no-sandbox');
    expect(asRoot).not.toContain('--ozone-platform=wayland');
    const wayland = appWindowCommand(browser, 'u', 'p', { env: { WAYLAND_DISPLAY: 'wayland-0' }, asRoot: false }).args;
    expect(wayland).toContain('--ozone-platform=wayland');
    expect(wayland).not.toContain('--no-sandbox');
  });
});

describe('openAppWindow', () => {
  it('is not opened with --no-open, nor without a display, and makes no login link then', () => {
    const spawn = vi.fn();
    const loginUrl = vi.fn(() => 'x');
    const noOpen = options({ open: false, spawn, loginUrl });
    expect(openAppWindow(noOpen)).toBeUndefined();
    const noDisplay = options({ env: { HOME: root }, spawn, loginUrl });
    expect(openAppWindow(noDisplay)).toBeUndefined();
    expect(spawn).not.toHaveBeenCalled();
    expect(loginUrl).not.toHaveBeenCalled();
    expect([...noOpen.lines, ...noDisplay.lines]).toEqual([]);
  });

  it('says so when there is no browser, or a bad CHROMIUM_PATH, and opens nothing', () => {
    const spawn = vi.fn();
    const none = options({ find: () => undefined, spawn });
    expect(openAppWindow(none)).toBeUndefined();
    expect(none.lines.join('\n')).toMatch(/not opening a window: no chromium.*open the link above/);
    const bad = options({ find: () => { throw new Error('CHROMIUM_PATH=/x is not an executable file'); }, spawn });
    expect(openAppWindow(bad)).toBeUndefined();
    expect(bad.lines.join('\n')).toContain('CHROMIUM_PATH=/x is not an executable file');
    expect(spawn).not.toHaveBeenCalled();
  });

  it('opens on a Wayland display too', () => {
    const spawn = vi.fn(() => ({ on: () => undefined, stderr: null, pid: undefined }) as unknown as ChildProcess);
    openAppWindow(options({ env: { WAYLAND_DISPLAY: 'wayland-0', HOME: root }, spawn }));
    expect(spawn).toHaveBeenCalledOnce();
  });

  it('puts a snap browser\'s profile where the snap can read it', () => {
    let seen: string[] = [];
    const spawn = vi.fn((_command: string, args: string[]) => {
      seen = args;
      return { on: () => undefined, stderr: null, pid: undefined } as unknown as ChildProcess;
    });
    openAppWindow(options({ find: () => ({ path: '/usr/bin/chromium-browser', snap: 'chromium' }), spawn }));
    expect(seen).toContain(`--user-data-dir=${join(root, 'snap', 'chromium', 'common', 'session-deck', 'host-window')}`);
  });

  it('runs the browser with the login link, and close() ends it', async () => {
    const opts = options();
    const window = openAppWindow(opts);
    expect(window).toBeDefined();
    await waitFor(() => existsSync(argsFile()), { timeoutMs: 10_000 });
    const [pid, ...args] = (await readFile(argsFile(), 'utf8')).trim().split('\n');
    expect(args).toEqual([
      '--app=http://127.0.0.1:8765/login?code=abc',
      `--user-data-dir=${join(root, 'data', 'browser-window')}`,
      '--no-first-run',
      '--no-default-browser-check',
    ]);
    expect(opts.lines.join('\n')).toContain(`opened Session Deck in its own window: ${fakeBrowser}`);
    const alive = () => {
      try {
        process.kill(Number(pid), 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    window!.close();
    await waitFor(() => !alive(), { timeoutMs: 10_000 });
    expect(opts.lines.join('\n')).not.toContain('exited with code');
  });

  it('says that the host goes on when the window is closed', async () => {
    const closing = join(root, 'closing');
    await writeFile(closing, '#!/bin/sh\nexit 0\n');
    await chmod(closing, 0o755);
    const opts = options({ find: () => ({ path: closing }) });
    openAppWindow(opts);
    await waitFor(() => opts.lines.some((line) => line.includes('the window was closed; the host goes on')), { timeoutMs: 10_000 });
  });

  it('says when the browser fails at once', async () => {
    const failing = join(root, 'failing');
    await writeFile(failing, '#!/bin/sh\necho "Missing X server or $DISPLAY" >&2\nexit 1\n');
    await chmod(failing, 0o755);
    const opts = options({ find: () => ({ path: failing }) });
    openAppWindow(opts);
    await waitFor(() => opts.lines.some((line) => line.includes('exited with code 1')), { timeoutMs: 10_000 });
    expect(opts.lines.at(-1)).toContain('Missing X server or');
  });
});

async function waitFor(condition: () => boolean, { timeoutMs }: { timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
