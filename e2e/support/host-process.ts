// Starts the built headless host as a child process with its own config, data dir and token,
// and waits for its ready line (no sleeps).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface RunningHost {
  url: string;
  loginUrl: string;
  token: string;
  dir: string;
  output(): string;
  /**
   * Ends the host with this signal (SIGTERM unless given; SIGKILL is a crash, after which it
   * re-adopts the sessions still running) and starts it again on the same port with the same data directory.
   */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Ends the host with this signal (SIGTERM unless given) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

interface Launched {
  child: ChildProcess;
  exited: Promise<void>;
  url: string;
  loginUrl: string;
}

async function launch(dir: string, port: number, log: (text: string) => void, extraArgs: readonly string[]): Promise<Launched> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['dist/host/cli.js', '--config', join(dir, 'sessions.json'), '--port', String(port), '--data-dir', join(dir, 'data'), '--token-file', join(dir, 'token'), '--no-open', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<{ url: string; loginUrl: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      log(chunk.toString());
      const url = output.match(/ready at (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1];
      const loginUrl = output.match(/log in.*?: (http:\/\/\S+)/)?.[1];
      if (url && loginUrl) resolve({ url, loginUrl });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => reject(new Error(`host exited before it was ready:\n${output}`)));
  });
  return { child, exited, ...(await ready) };
}

/** `extraArgs` gets the host's scratch directory, for files it writes there (e.g. a kiosk profile). */
export async function startHost(sessionTypes: unknown, extraArgs: (dir: string) => Promise<string[]> = async () => []): Promise<RunningHost> {
  const dir = await mkdtemp(join(tmpdir(), 'deck-e2e-'));
  await writeFile(join(dir, 'sessions.json'), JSON.stringify(sessionTypes, null, 2));
  const token = randomBytes(24).toString('base64url');
  await writeFile(join(dir, 'token'), token, { mode: 0o600 });

  const extra = await extraArgs(dir);
  let output = '';
  const log = (text: string) => (output += text);
  // A host that never became ready leaves no scratch directory behind.
  let current = await launch(dir, 0, log, extra).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const end = async (signal: NodeJS.Signals) => {
    if (current.child.exitCode === null) current.child.kill(signal);
    await current.exited;
  };

  const host: RunningHost = {
    url: current.url,
    loginUrl: current.loginUrl,
    token,
    dir,
    output: () => output,
    async restart(signal: NodeJS.Signals = 'SIGTERM') {
      await end(signal);
      current = await launch(dir, Number(new URL(current.url).port), log, extra);
      host.url = current.url;
      host.loginUrl = current.loginUrl;
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      await end(signal);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return host;
}
