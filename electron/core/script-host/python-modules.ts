// Nexus-style Python session scripts (a `script` ending in .py): the system python3 runs
// python/script_runner.py, which speaks the runner protocol of the JavaScript runner. Unlike a
// JavaScript module, which the host serves from one runner per file, each session gets a runner of
// its own: a Python script starts its server with subprocess, not through Session Deck, so the
// session owns the runner's whole process group (and every process carrying the session's marker).
// After stop(), and after a failed start, the session's release ends all of it, runner included.
// realize_service runs in that runner for the session's slot; the sessions file's check imports
// the script once per version in a short-lived runner, so a syntax error is a configuration error.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RealizeService, RealizeServiceArgs, SessionResources, SessionService, StartOptions } from '../../../scripts/api';
import { ModuleHost } from './module-host';
import { COMMAND_VARIABLE, preparePythonHome } from './python-home';
import { moduleFileVersion, scriptModuleSettings } from './script-modules';
import { runnerSpawnerOf } from './session-resources';
import { sessionEnvironment } from './session-environment';

/** Beside this file in the sources, beside the bundle in dist/ (scripts/dev/build.mjs copies it). */
export const PYTHON_DIR = fileURLToPath(new URL('./python/', import.meta.url));
const PYTHON_RUNNER = join(PYTHON_DIR, 'script_runner.py');
/** The system's python3, found on the PATH the app was started with. */
const PYTHON = 'python3';

/** What every Python runner gets besides the session's environment: the base module, no .pyc beside the script, unbuffered print(). */
const pythonEnvironment = (): Record<string, string> => ({ PYTHONPATH: PYTHON_DIR, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' });

export const isPythonScript = (script: string): boolean => script.endsWith('.py');

class PythonService implements SessionService {
  private running: { host: ModuleHost; service: number; session: SessionResources } | undefined;

  constructor(
    private readonly path: string,
    private readonly args: RealizeServiceArgs,
  ) {}

  async start(token: string, timestamp: number, options: StartOptions): Promise<boolean> {
    const { session } = options;
    const { home, tmp, password, passwordFile } = await preparePythonHome(session, this.args.commonOptions);
    const command = this.args.commonOptions.command;
    const env = {
      ...pythonEnvironment(),
      HOME: home,
      // TightVNC would put it in ~/.vnc when HOME lies under /tmp, where the desktop's programs do not look.
      XAUTHORITY: join(home, '.Xauthority'),
      TMPDIR: tmp,
      USER: options.user,
      ...(typeof command === 'string' ? { [COMMAND_VARIABLE]: command } : {}),
    };
    const spawnRunner = runnerSpawnerOf(session);
    const { loadTimeoutMs, log } = scriptModuleSettings();
    const host = new ModuleHost({ path: this.path, loadTimeoutMs, log, launch: (path) => spawnRunner(PYTHON, [PYTHON_RUNNER, path], env) });
    const service = host.newService({ setHostPort: this.args.setHostPort });
    this.running = { host, service, session };
    await host.ready;
    const { name, count, index, commonOptions } = this.args;
    await host.call({ method: 'realize', args: { service, name, count, index, commonOptions: { ...commonOptions }, callbacks: ['setHostPort'] } });
    // The script is told the password its server is to check: a saved one where password_secret names it.
    return host.start(service, token, timestamp, { ...options, session: { ...session, password, passwordFile } });
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    if (!running.host.alive) {
      running.session.log(`stop() could not run: ${running.host.exitMessage}`);
      return;
    }
    // The runner and what is left of its group end when the session is released, right after this.
    await running.host.stop(running.service, running.session.id);
  }
}

/** Where python3 is looked for when the app's environment has no PATH. */
const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

/** An import check in a runner of its own, with the app's session environment; it exits after saying. */
function launchCheck(path: string): ChildProcess {
  return spawn(PYTHON, [PYTHON_RUNNER, '--check', path], {
    cwd: dirname(path),
    env: { PATH: DEFAULT_PATH, ...sessionEnvironment(scriptModuleSettings().env), ...pythonEnvironment() },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    serialization: 'json',
  });
}

/** Per script path: the version on disk that was checked, and its realizeService once it passed. */
const checked = new Map<string, { version: string; result: Promise<RealizeService> }>();

async function checkImport(path: string): Promise<RealizeService> {
  const { loadTimeoutMs, log } = scriptModuleSettings();
  const host = new ModuleHost({ path, loadTimeoutMs, log, launch: launchCheck });
  try {
    await host.ready;
  } finally {
    host.kill();
  }
  return (args) => new PythonService(path, args);
}

/** The realizeService of the Python script at path, once it imports and defines realize_service. */
export async function loadPythonModule(path: string): Promise<RealizeService> {
  const version = await moduleFileVersion(path);
  let check = checked.get(path);
  if (check?.version !== version) {
    check = { version, result: checkImport(path) };
    checked.set(path, check);
  }
  return check.result;
}
