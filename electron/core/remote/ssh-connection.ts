// One SSH connection per session, made by the system's `ssh` (so ~/.ssh/config, ProxyJump,
// agents, certificates and known_hosts work as the user set them): a ControlMaster whose control
// socket lies in the session's 0700 scratch directory, and every command and forward after it
// multiplexed through that socket, so they cost no new handshake. BatchMode always (never a
// prompt), strict host key checking always (never a key accepted blindly).
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { access, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnOwned, type OwnedProcess } from '../process/owned-process';
import type { RemotePlacement } from './ssh-placement';
import { describeSshFailure, identitiesFromVerbose, noSshClient, SshError } from './ssh-errors';

/** How long to wait for the connection to be up (ConnectTimeout is the TCP part of it). */
const CONNECT_TIMEOUT_MS = 15_000;
/** Keep-alives: a host that stops answering is noticed within about 3 s. */
const ALIVE = ['-o', 'ServerAliveInterval=1', '-o', 'ServerAliveCountMax=3'];
/** A Unix socket path (sun_path) holds at most this many bytes. */
const MAX_SOCKET_PATH = 107;

export interface SshConnectionOptions {
  destination: string;
  placement: Pick<RemotePlacement, 'sshConfig' | 'sshOptions'>;
  /** The session's private scratch directory: control socket, forwards, ssh's error output. */
  dir: string;
  /** Environment for ssh (the session's, plus SSH_AUTH_SOCK for an agent). */
  env: NodeJS.ProcessEnv;
  log(line: string): void;
  /** The system's ssh client; default "ssh" on PATH. */
  sshCommand?: string;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SshConnection {
  readonly controlPath: string;
  private master: OwnedProcess | undefined;
  private attempts = 0;

  constructor(readonly options: SshConnectionOptions) {
    this.controlPath = join(options.dir, 'ssh.ctl');
    // ssh adds a random suffix of 17 bytes while it sets the socket up.
    if (Buffer.byteLength(this.controlPath) + 17 > MAX_SOCKET_PATH) {
      throw new SshError('config', `the session's scratch directory ${options.dir} is too deep for an ssh control socket (at most ${MAX_SOCKET_PATH - 25} bytes): choose a shorter data directory`);
    }
  }

  get destination(): string {
    return this.options.destination;
  }

  /** The master process, while it runs (the session records and ends it like its other processes). */
  get masterProcess(): OwnedProcess | undefined {
    return this.master;
  }

  /** Whether the master is up. */
  get connected(): boolean {
    return this.master !== undefined && !this.master.hasExited;
  }

  /** ssh's arguments before the destination; ours come first because ssh keeps the first value of each setting. */
  private baseArgs(): string[] {
    const { sshConfig, sshOptions } = this.options.placement;
    return [
      ...(sshConfig ? ['-F', sshConfig] : []),
      '-o', 'BatchMode=yes',
      '-o', 'StrictHostKeyChecking=yes',
      '-o', `ControlPath=${this.controlPath}`,
      ...sshOptions.flatMap((option) => ['-o', option]),
    ];
  }

  /** Connects (the master); rejects with an SshError a person can act on. Resolves once commands can run. */
  async open(signal?: AbortSignal): Promise<void> {
    if (this.connected) return;
    await rm(this.controlPath, { force: true });
    const errFile = join(this.options.dir, `ssh-master-${++this.attempts}.err`);
    const errFd = openSync(errFile, 'a', 0o600);
    let master: OwnedProcess;
    try {
      master = spawnOwned(
        this.options.sshCommand ?? 'ssh',
        [
          ...this.baseArgs(),
          '-M', '-N',
          '-o', 'ControlPersist=no',
          '-o', 'ConnectTimeout=10',
          '-o', 'ExitOnForwardFailure=yes',
          // Forwarded Unix sockets: replaced when a forward is made again, readable by us only.
          '-o', 'StreamLocalBindUnlink=yes',
          '-o', 'StreamLocalBindMask=0177',
          ...ALIVE,
          '--', this.options.destination,
        ],
        { env: this.options.env, cwd: this.options.dir, outputFd: errFd },
      );
    } catch {
      throw noSshClient();
    } finally {
      closeSync(errFd);
    }
    this.master = master;
    const deadline = Date.now() + CONNECT_TIMEOUT_MS;
    while (!(await exists(this.controlPath))) {
      if (master.hasExited || Date.now() > deadline || signal?.aborted) {
        await master.terminate(500);
        this.master = undefined;
        const stderr = await readFile(errFile, 'utf8').catch(() => '');
        if (signal?.aborted) throw new SshError('other', `stopped connecting to "${this.destination}"`);
        if (!master.hasExited && stderr.trim() === '') throw new SshError('unreachable', `"${this.destination}" did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`);
        if ((await master.exited).code === 127 || /not found|No such file/.test(stderr)) throw noSshClient();
        throw describeSshFailure(this.destination, stderr, await this.diagnose(stderr));
      }
      await delay(20);
    }
    this.options.log(`connected to ${this.destination} (ssh master pid ${master.pid})`);
  }

  /** For a refused login: which keys ssh offers (ssh -v, no connection kept). */
  private async diagnose(stderr: string): Promise<{ identitiesTried?: string[] }> {
    if (!/Permission denied|Too many authentication failures/.test(stderr)) return {};
    const verbose = await this.spawnCapture(['-v', ...this.baseArgs(), '-o', 'ControlMaster=no', '-o', 'ControlPath=none', '--', this.destination, 'true'], {}, 10_000);
    return { identitiesTried: identitiesFromVerbose(verbose.stderr) };
  }

  /**
   * Runs a shell command line on the host through the master; stdin (a password, a file) goes
   * over the channel, never on a command line. Rejects with an SshError when the connection fails.
   */
  async run(command: string, options: { stdin?: string | Buffer; timeoutMs?: number } = {}): Promise<RunResult> {
    if (!this.connected) throw new SshError('unreachable', `not connected to "${this.destination}"`);
    const result = await this.spawnCapture([...this.baseArgs(), '-o', 'ControlMaster=no', '-T', '--', this.destination, command], options, options.timeoutMs ?? 30_000);
    if (result.code === 255 && !this.connected) throw new SshError('unreachable', `lost the connection to "${this.destination}"`);
    return result;
  }

  /** A command through the master that lives long (a watcher), as an owned process. */
  spawnThrough(command: string, outputFd: number): OwnedProcess {
    return spawnOwned(this.options.sshCommand ?? 'ssh', [...this.baseArgs(), '-o', 'ControlMaster=no', '-T', '-n', '--', this.destination, command], {
      env: this.options.env,
      cwd: this.options.dir,
      outputFd,
    });
  }

  /** Forwards the local Unix socket localPath to remote (a "127.0.0.1:PORT" or a Unix socket path on the host). */
  async forward(localPath: string, remote: string): Promise<void> {
    if (Buffer.byteLength(localPath) > MAX_SOCKET_PATH) throw new SshError('config', `the forward's socket path ${localPath} is too long`);
    const result = await this.spawnCapture([...this.baseArgs(), '-O', 'forward', '-L', `${localPath}:${remote}`, '--', this.destination], {}, 10_000);
    if (result.code !== 0) throw new SshError('other', `cannot forward to ${remote} on "${this.destination}": ${result.stderr.trim()}`);
  }

  /** Closes the master (its forwards with it). */
  async close(graceMs: number): Promise<void> {
    const master = this.master;
    this.master = undefined;
    if (!master || master.hasExited) return;
    await this.spawnCapture([...this.baseArgs(), '-O', 'exit', '--', this.destination], {}, 3000).catch(() => undefined);
    await master.terminate(graceMs);
  }

  private spawnCapture(args: string[], options: { stdin?: string | Buffer }, timeoutMs: number): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.sshCommand ?? 'ssh', args, { env: this.options.env, cwd: this.options.dir, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
      child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(error.code === 'ENOENT' ? noSshClient() : error);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin ?? '');
    });
  }
}
