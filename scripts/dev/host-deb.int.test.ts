// The host's Debian package, for real: built with dpkg-deb, installed with dpkg -i, the installed
// host started on its own Node with the installed example, a session started and stopped through
// its API, then dpkg -r, after which nothing of the package is left. Needs root and dpkg; elsewhere
// (or where the package is installed already, which this test leaves alone) it says why it skips.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fileExists, findProcesses, makeTempDir, type TempDir } from '../../electron/core/testing/fixtures';
import { reserveDisplay } from '../../electron/core/testing/free-display';
// @ts-expect-error: a plain .mjs build script, without types
import { buildHostDeb, PACKAGE } from './build-host-deb.mjs';

const run = promisify(execFile);
const ok = (command: string, args: string[]) => run(command, args).then(() => true, () => false);

const INSTALLED = ['/usr/bin/session-deck-host', '/usr/lib/session-deck-host', '/usr/share/session-deck-host', '/usr/lib/systemd/user/session-deck-host.service'];

async function skipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'installing a package needs root';
  if (!(await ok('dpkg', ['--version'])) || !(await ok('dpkg-deb', ['--version']))) return 'dpkg and dpkg-deb are not installed (not a Debian system)';
  if (await ok('dpkg-query', ['-W', '-f=${db:Status-Status}\\n', PACKAGE]).then(async (found) => found && (await run('dpkg-query', ['-W', '-f=${db:Status-Status}', PACKAGE])).stdout === 'installed')) {
    return `${PACKAGE} is installed on this machine already (this test installs and removes it, so it leaves that one alone)`;
  }
  return undefined;
}

const SKIP = await skipReason();
if (SKIP) console.log(`SKIPPED host package test: ${SKIP}`);
const DISPLAY = SKIP ? 0 : await reserveDisplay();

/** Starts the installed host; resolves with its process and base URL once it says it is ready. */
function startInstalledHost(args: string[]): Promise<{ child: ChildProcess; base: string; output: string[] }> {
  const child = spawn('/usr/bin/session-deck-host', args, { env: { PATH: '/usr/bin:/bin', HOME: '/root' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const ready = /ready at (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
      if (ready) resolve({ child, base: ready[1]!, output });
    });
    child.once('exit', (code) => reject(new Error(`the installed host exited with code ${code}: ${output.join('\n')}`)));
  });
}

describe.skipIf(SKIP !== undefined)('the session-deck-host package', () => {
  let dir: TempDir;
  let host: ChildProcess | undefined;

  afterAll(async () => {
    if (host && host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
    // Whatever happened above, the machine is left without the package.
    if (await ok('dpkg-query', ['-W', PACKAGE])) await run('dpkg', ['--purge', PACKAGE]).catch(() => undefined);
    await dir?.remove();
  });

  it('builds with dpkg-deb, installs with dpkg -i, runs a session through the installed host, and dpkg -r leaves only user data', { timeout: 300_000 }, async () => {
    dir = await makeTempDir('deck-host-deb');
    const deb = await buildHostDeb(join(dir.path, 'out'));
    const { stdout: fields } = await run('dpkg-deb', ['-f', deb, 'Package', 'Depends']);
    expect(fields).toContain(`Package: ${PACKAGE}`);
    // Only archive packages: no nodejs (the package carries its own Node).
    expect(fields).toMatch(/Depends: .*tigervnc-standalone-server/);
    expect(fields).not.toMatch(/nodejs/);

    await run('dpkg', ['-i', deb]);
    for (const path of INSTALLED) expect(await fileExists(path)).toBe(true);
    expect((await run('/usr/lib/session-deck-host/node', ['--version'])).stdout.trim()).toBe(process.version);
    const unit = await readFile('/usr/lib/systemd/user/session-deck-host.service', 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/session-deck-host --config \$\{SESSIONS\} --no-open$/m);
    if (await ok('systemd-analyze', ['--version'])) await run('systemd-analyze', ['verify', '/usr/lib/systemd/user/session-deck-host.service']);

    // The installed example, on a display reserved for this test.
    const example = JSON.parse(await readFile('/usr/share/session-deck-host/sessions.example.json', 'utf8'));
    const [typeName] = Object.keys(example).filter((key) => key !== '$schema');
    const type = example[typeName!];
    const sessions = join(dir.path, 'sessions.json');
    await writeFile(sessions, JSON.stringify({ [typeName!]: { ...type, count: 1, options: { ...type.options, display_base: DISPLAY } } }));
    const dataDir = join(dir.path, 'data');
    const started = await startInstalledHost(['--config', sessions, '--port', '0', '--data-dir', dataDir, '--no-open']);
    host = started.child;
    const token = (await readFile(join(dataDir, 'access-token'), 'utf8')).trim();
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${started.base}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });

    const created = await api('/api/sessions', { method: 'POST', body: JSON.stringify({ type: typeName, size: type.options.sizes[0] }) });
    const session = (await created.json()) as { id: string; state: string };
    expect({ status: created.status, session }).toMatchObject({ status: 201, session: { state: 'ready' } });
    expect(await findProcesses('Xvnc', `:${DISPLAY}`)).toHaveLength(1);
    const stopped = (await (await api(`/api/sessions/${session.id}`, { method: 'DELETE' })).json()) as { state: string };
    expect(stopped.state).toBe('terminated');
    expect(await findProcesses('Xvnc', `:${DISPLAY}`)).toEqual([]);

    const exited = new Promise((resolve) => host!.once('exit', resolve));
    host.kill('SIGTERM');
    await exited;
    expect(await findProcesses('/usr/lib/session-deck-host/node')).toEqual([]);

    await run('dpkg', ['-r', PACKAGE]);
    for (const path of INSTALLED) expect(await fileExists(path)).toBe(false);
    // No conffiles or maintainer scripts: nothing stays registered either.
    const status = await run('dpkg-query', ['-W', '-f=${db:Status-Status}', PACKAGE]).then(({ stdout }) => stdout, () => 'unknown');
    expect(['not-installed', 'unknown']).toContain(status);
    // The user's data stays.
    expect(await fileExists(join(dataDir, 'access-token'))).toBe(true);
  });
});
