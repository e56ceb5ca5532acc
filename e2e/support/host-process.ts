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
  /** Ends the host with this signal (SIGTERM unless given) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startHost(sessionTypes: unknown): Promise<RunningHost> {
  const dir = await mkdtemp(join(tmpdir(), 'deck-e2e-'));
  const config = join(dir, 'sessions.json');
  await writeFile(config, JSON.stringify(sessionTypes, null, 2));
  const token = randomBytes(24).toString('base64url');
  const tokenFile = join(dir, 'token');
  await writeFile(tokenFile, token, { mode: 0o600 });

  const child: ChildProcess = spawn(
    process.execPath,
    ['dist/host/cli.js', '--config', config, '--port', '0', '--data-dir', join(dir, 'data'), '--token-file', tokenFile, '--no-open'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<{ url: string; loginUrl: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = output.match(/ready at (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1];
      const loginUrl = output.match(/log in.*?: (http:\/\/\S+)/)?.[1];
      if (url && loginUrl) resolve({ url, loginUrl });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => reject(new Error(`host exited before it was ready:\n${output}`)));
  });
  const { url, loginUrl } = await ready;

  return {
    url,
    loginUrl,
    token,
    dir,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
