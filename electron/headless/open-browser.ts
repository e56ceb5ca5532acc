// The headless host's own window: where there is a display, the host's UI opens in the system's
// Chromium in app mode (a window without browser chrome, logged in by a one-time link), so that
// `npm start` shows the app where no Electron binary can be had. Its profile is its own, so it is a
// separate browser process that the host can close again without touching the user's browser.
import { spawn as spawnProcess, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { browserScratchDir, describeBrowser, findBrowser, type Browser } from '../../scripts/dev/find-browser.mjs';

export const hasDisplay = (env: NodeJS.ProcessEnv): boolean => Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);

/** The browser's command line for an app window on `url` with its own profile. */
export function appWindowCommand(
  browser: Browser,
  url: string,
  profileDir: string,
  { env, asRoot }: { env: NodeJS.ProcessEnv; asRoot: boolean },
): { command: string; args: string[] } {
  const args = [`--app=${url}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--no-default-browser-check'];
  // Chromium refuses to start as root unless its sandbox is off.
  if (asRoot) args.push('--no-sandbox');
  // With Wayland alone (no XWayland), Chromium must be told to use it.
  if (env.WAYLAND_DISPLAY && !env.DISPLAY) args.push('--ozone-platform=wayland');
  return { command: browser.path, args };
}

/** The window's profile: in the data directory, or where a snap browser can read it. */
export function appProfileDir(browser: Browser, dataDir: string, env: NodeJS.ProcessEnv): string {
  return browser.snap ? join(browserScratchDir(browser, dataDir, env), 'host-window') : join(dataDir, 'browser-window');
}

export interface AppWindow {
  /** Closes the window (ends its browser process group). */
  close(): void;
}

export interface OpenAppWindowOptions {
  /** false for --no-open */
  open: boolean;
  /**
   * Makes a fresh login link; called only when a window is opened. Its code is single-use and
   * expires soon, because it shows on the browser's command line (`ps`) until the window used it.
   */
  loginUrl: () => string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  find?: (env: NodeJS.ProcessEnv) => Browser | undefined;
  spawn?: (command: string, args: string[], options: SpawnOptions) => ChildProcess;
  asRoot?: boolean;
}

/** Opens the app window when asked for and possible; says why not when there is no browser. */
export function openAppWindow(options: OpenAppWindowOptions): AppWindow | undefined {
  const { env, log } = options;
  if (!options.open || !hasDisplay(env)) return undefined;
  let browser: Browser | undefined;
  try {
    browser = (options.find ?? findBrowser)(env);
  } catch (error) {
    log(`not opening a window: ${(error as Error).message}`);
    return undefined;
  }
  if (!browser) {
    log('not opening a window: no chromium, chromium-browser or google-chrome on PATH (or set CHROMIUM_PATH); open the link above');
    return undefined;
  }
  const profileDir = appProfileDir(browser, options.dataDir, env);
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  const { command, args } = appWindowCommand(browser, options.loginUrl(), profileDir, {
    env,
    asRoot: options.asRoot ?? process.getuid?.() === 0,
  });
  // Its own process group: Ctrl+C reaches the host, which stops the sessions and then the window.
  const child = (options.spawn ?? spawnProcess)(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
  });
  let closing = false;
  child.on('error', (error) => log(`could not open a window with ${command}: ${error.message}`));
  child.on('exit', (code) => {
    if (closing) return;
    const last = stderrTail.trim().split('\n').at(-1);
    log(code ? `the window's browser exited with code ${code}${last ? `: ${last}` : ''}` : 'the window was closed; the host goes on (Ctrl+C stops it)');
  });
  log(`opened Session Deck in its own window: ${describeBrowser(browser, env)} (--no-open: don't)`);
  return {
    close() {
      if (closing || child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      closing = true;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
