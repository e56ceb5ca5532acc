// How npm start decides to run Electron: the sandbox checks (root, Ubuntu's AppArmor restriction)
// and the one-time download, with real processes and files.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchOnce, RETRY_AFTER_MS, sandboxProblem } from './electron-launch.mjs';

const helper = (uid: number, mode: number) => ({ uid, mode, path: '/opt/e/chrome-sandbox' });

describe('Electron sandbox check', () => {
  it('says what to do as root, and never turns the sandbox off itself', () => {
    expect(sandboxProblem({ uid: 0, restrictUserns: false, noSandbox: false })).toMatch(/does not start as root.*npm start -- --no-sandbox/);
    expect(sandboxProblem({ uid: 0, restrictUserns: false, noSandbox: true })).toBeUndefined();
  });

  it("under Ubuntu's AppArmor restriction, asks for a setuid helper unless there is one", () => {
    expect(sandboxProblem({ uid: 1000, restrictUserns: true, helper: helper(1000, 0o100755), noSandbox: false })).toMatch(
      /apparmor_restrict_unprivileged_userns = 1.*sudo chmod 4755 '\/opt\/e\/chrome-sandbox'/,
    );
    expect(sandboxProblem({ uid: 1000, restrictUserns: true, noSandbox: false })).toMatch(/AppArmor/);
    expect(sandboxProblem({ uid: 1000, restrictUserns: true, helper: helper(0, 0o104755), noSandbox: false })).toBeUndefined();
    expect(sandboxProblem({ uid: 1000, restrictUserns: false, noSandbox: false })).toBeUndefined();
  });
});

describe('fetching Electron once', () => {
  let dir: string;
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('runs the installer, remembers a failure, and tries again only a day later', async () => {
    dir = await mkdtemp(join(tmpdir(), 'deck-fetch-'));
    const marker = join(dir, 'cache', 'electron-download.json');
    const ran = join(dir, 'ran');
    const failing = [process.execPath, '-e', `require('fs').appendFileSync(${JSON.stringify(ran)}, 'x'); console.error('Error: getaddrinfo ENOTFOUND github.com'); process.exit(1)`];
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    expect(fetchOnce({ install: failing, marker, now: 1_000, log })).toBe(false);
    expect(JSON.parse(readFileSync(marker, 'utf8'))).toEqual({ failedAt: 1_000, reason: 'Error: getaddrinfo ENOTFOUND github.com' });
    expect(fetchOnce({ install: failing, marker, now: 1_000 + RETRY_AFTER_MS - 1, log })).toBe(false);
    expect(readFileSync(ran, 'utf8')).toBe('x');
    expect(lines.at(-1)).toMatch(/its download failed at .*ENOTFOUND.*rm '/);
    expect(fetchOnce({ install: [process.execPath, '-e', 'process.exit(0)'], marker, now: 1_000 + RETRY_AFTER_MS, log })).toBe(true);
    expect(existsSync(ran)).toBe(true);
  });

  it('runs the installer without the set-up\'s ELECTRON_SKIP_BINARY_DOWNLOAD', async () => {
    dir = await mkdtemp(join(tmpdir(), 'deck-fetch-'));
    const check = [process.execPath, '-e', 'process.exit(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? 1 : 0)'];
    expect(fetchOnce({ install: check, marker: join(dir, 'm.json'), log: () => undefined, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })).toBe(true);
  });
});
