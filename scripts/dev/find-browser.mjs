// The one place that finds the Chromium-family browser used by the end-to-end tests, the bridge's
// noVNC tests, the benchmark and the headless host's app window: CHROMIUM_PATH, else the first of
// chromium (Debian), chromium-browser (Ubuntu, a snap), google-chrome on PATH.
//
// A snap browser (Ubuntu's chromium) runs confined: it has its own private /tmp and cannot read
// hidden directories in $HOME (such as ~/.local/share), so a profile directory made there is not the
// one it sees. Its own $HOME/snap/<name>/common is always readable and writable for it.
// Plain JavaScript so that scripts/dev/setup-system.sh can run it before npm has installed anything.
import { accessSync, constants, mkdirSync, openSync, readSync, closeSync, realpathSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, delimiter, isAbsolute, join } from 'node:path';

export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

/**
 * @typedef {{ path: string, snap?: string }} Browser  `snap`: the snap's name when the browser is one
 */

/** @param {string} file */
function isExecutableFile(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The snap a browser runs as, if it is one: /snap/bin/NAME (a link to /usr/bin/snap), or a
 * wrapper script that execs /snap/bin/NAME (Ubuntu's /usr/bin/chromium-browser).
 * @param {string} file
 * @returns {string | undefined} */
export function snapName(file) {
  let real;
  try {
    real = realpathSync(file);
  } catch {
    return undefined;
  }
  if (real === '/usr/bin/snap') return basename(file);
  let text;
  try {
    const fd = openSync(real, 'r');
    try {
      const head = Buffer.alloc(8192);
      text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('latin1');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (!text.startsWith('#!')) return undefined;
  return /\/snap\/bin\/([A-Za-z0-9][A-Za-z0-9_-]*)/.exec(text)?.[1];
}

/**
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Browser | undefined}
 */
export function findBrowser(env = process.env) {
  const given = env.CHROMIUM_PATH;
  let path;
  if (given) {
    if (!isAbsolute(given) || !isExecutableFile(given)) {
      throw new Error(`CHROMIUM_PATH=${given} is not an executable file (give the absolute path of chromium or chrome)`);
    }
    path = given;
  } else {
    const dirs = (env.PATH ?? '').split(delimiter).filter((dir) => isAbsolute(dir));
    path = BROWSER_NAMES.flatMap((name) => dirs.map((dir) => join(dir, name))).find(isExecutableFile);
  }
  if (!path) return undefined;
  const snap = snapName(path);
  return snap ? { path, snap } : { path };
}

/** Like findBrowser, but says what to do when there is none.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Browser} */
export function requireBrowser(env = process.env) {
  const browser = findBrowser(env);
  if (!browser) {
    throw new Error(
      `no browser found: none of ${BROWSER_NAMES.join(', ')} is on PATH. ` +
        'Run scripts/dev/setup-system.sh, or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }
  return browser;
}

/**
 * Where profile directories for this browser may be made: `preferred` (default: the system's temp
 * directory), or for a snap its own $HOME/snap/<name>/common/session-deck, created if missing.
 * @param {Browser} browser
 * @param {string} [preferred]
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function browserScratchDir(browser, preferred = tmpdir(), env = process.env) {
  if (!browser.snap) return preferred;
  const dir = join(env.HOME || homedir(), 'snap', browser.snap, 'common', 'session-deck');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** One line for people: which browser, and where a snap's profiles go.
 * @param {Browser} browser
 * @param {NodeJS.ProcessEnv} [env] */
export function describeBrowser(browser, env = process.env) {
  if (!browser.snap) return browser.path;
  const dir = join(env.HOME || homedir(), 'snap', browser.snap, 'common', 'session-deck');
  return `${browser.path} (the ${browser.snap} snap: it cannot read /tmp or hidden folders in your home, so its profiles go under ${dir})`;
}
