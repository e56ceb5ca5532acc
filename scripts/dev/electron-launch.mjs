// Decides how `npm start` runs the Electron app: finds the binary, fetching it once where the
// network allows (Electron >= 42 downloads it on first use, not at install, and the set-up skips the
// download), and checks that its sandbox can start here: as root, or under Ubuntu 24.04's AppArmor
// restriction of user namespaces without a setuid sandbox helper, Chromium aborts at once. It never
// turns the sandbox off itself; it says what to do. Run directly, it prints the binary's path, or
// says why not (on stderr) and exits 1, and start.sh runs the headless host instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** A failed download is tried again after this long, not at every start. */
export const RETRY_AFTER_MS = 24 * 3600_000;
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

/**
 * @param {{ uid: number, restrictUserns: boolean, helper?: { uid: number, mode: number, path: string }, noSandbox: boolean }} facts
 * @returns {string | undefined} what to do, or undefined when the sandbox can start
 */
export function sandboxProblem({ uid, restrictUserns, helper, noSandbox }) {
  if (noSandbox) return undefined;
  if (uid === 0) {
    return (
      "Electron's sandbox does not start as root. Run npm start as a normal user, " +
      'or, knowing that the app then runs without its sandbox, pass it yourself: npm start -- --no-sandbox'
    );
  }
  const setuidHelper = helper !== undefined && helper.uid === 0 && (helper.mode & 0o4000) !== 0;
  if (restrictUserns && !setuidHelper) {
    const path = helper?.path ?? 'chrome-sandbox';
    return (
      "Ubuntu's AppArmor keeps Electron's sandbox from starting here (kernel.apparmor_restrict_unprivileged_userns = 1). " +
      `Make its sandbox helper setuid root: sudo chown root:root '${path}' && sudo chmod 4755 '${path}', ` +
      'or give the binary an AppArmor profile that allows userns (see README, "Electron first launch")'
    );
  }
  return undefined;
}

/** The facts sandboxProblem() needs, read from this machine. */
export function sandboxFacts(binary, argv) {
  let restrictUserns = false;
  try {
    restrictUserns = readFileSync('/proc/sys/kernel/apparmor_restrict_unprivileged_userns', 'utf8').trim() === '1';
  } catch {
    // No such switch: no such restriction.
  }
  const path = join(dirname(binary), 'chrome-sandbox');
  const helper = existsSync(path) ? { path, uid: statSync(path).uid, mode: statSync(path).mode } : undefined;
  return { uid: process.getuid?.() ?? -1, restrictUserns, noSandbox: argv.includes('--no-sandbox'), ...(helper ? { helper } : {}) };
}

/**
 * Runs the installer unless it failed less than RETRY_AFTER_MS ago (then says so in one line).
 * @param {{ install: string[], marker: string, now?: number, log: (line: string) => void, env?: NodeJS.ProcessEnv }} options
 * @returns {boolean} whether the installer ran and succeeded
 */
export function fetchOnce({ install, marker, now = Date.now(), log, env = process.env }) {
  if (existsSync(marker)) {
    const { failedAt = 0, reason = '' } = JSON.parse(readFileSync(marker, 'utf8'));
    if (now - failedAt < RETRY_AFTER_MS) {
      log(`no Electron binary: its download failed at ${new Date(failedAt).toISOString()} (${reason}); tried again after 24 h, or at once after: rm '${marker}'`);
      return false;
    }
  }
  log('no Electron binary yet: downloading it once (about 100 MB)…');
  const [command, ...args] = install;
  const childEnv = { ...env };
  delete childEnv.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(command, args, { env: childEnv, encoding: 'utf8', timeout: DOWNLOAD_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status === 0) return true;
  const lines = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n');
  const reason = result.error ? result.error.message : (lines.find((line) => /error/i.test(line)) ?? lines.at(-1) ?? `exit ${result.status}`).trim().slice(0, 200);
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, JSON.stringify({ failedAt: now, reason }));
  log(`the Electron download failed (${reason}); trying again in 24 h`);
  return false;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = (line) => process.stderr.write(`start: ${line}\n`);
  let binary = findElectronBinary();
  if (!binary && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const marker = join(root, 'node_modules', '.cache', 'session-deck', 'electron-download.json');
    if (fetchOnce({ install: [process.execPath, join(root, 'node_modules', 'electron', 'install.js')], marker, log })) binary = findElectronBinary();
  }
  if (!binary) {
    if (process.env.ELECTRON_OVERRIDE_DIST_PATH) log(`no Electron binary in ELECTRON_OVERRIDE_DIST_PATH (${process.env.ELECTRON_OVERRIDE_DIST_PATH})`);
    process.exit(1);
  }
  const problem = sandboxProblem(sandboxFacts(binary, process.argv.slice(2)));
  if (problem) {
    log(problem);
    process.exit(1);
  }
  console.log(binary);
}
