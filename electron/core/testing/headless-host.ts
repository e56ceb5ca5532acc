// The headless host (electron/headless/cli.ts) as a child process of a test, for what only a real
// process can show: kill -9 of Session Deck, then a start on the same data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface HostRun {
  child: ChildProcess;
  base: string;
  /** The host's output so far (stdout and stderr). */
  output(): string;
  call(path: string, init?: RequestInit): Promise<Response>;
}

/** Starts the host on dir/sessions.json, dir/data and dir/token; resolves once it serves. */
export async function startHost(dir: string, token: string): Promise<HostRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/headless/cli.ts', '--config', join(dir, 'sessions.json'), '--port', '0', '--data-dir', join(dir, 'data'), '--token-file', join(dir, 'token')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`host exited:\n${output}`)));
  });
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}) } });
  return { child, base, output: () => output, call };
}

/** SIGKILL, as a crash: nothing of the host runs its clean-up. */
export async function killHard(run: HostRun): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  const exited = new Promise((resolve) => run.child.once('exit', resolve));
  run.child.kill('SIGKILL');
  await exited;
}

/** SIGTERM: the host stops its sessions and exits. */
export async function stopGently(run: HostRun): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  const exited = new Promise((resolve) => run.child.once('exit', resolve));
  run.child.kill('SIGTERM');
  await exited;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = async (response: Response): Promise<any> => response.json();
