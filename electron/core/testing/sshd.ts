// Private OpenSSH servers for tests: each "host" is Debian's /usr/sbin/sshd with a config, host key
// and pid file of its own, listening on a loopback address of its own (127.0.0.2, 127.0.0.3, ...)
// and a free port, and accepting one throwaway client key. The client side gets a known_hosts with
// every host key and an ssh_config with an alias per host, so a session type can say "host": "n1"
// with "ssh_config" pointing at the file. Every sshd is ended by its pid (and, for stop(), every
// connection process it forked, as a real host going down would lose them).
//
//   const hosts = await startSshHosts(2); // aliases n1 (127.0.0.2), n2 (127.0.0.3)
//   ... "options": { "host": "n1", "ssh_config": hosts.configFile } ...
//   await hosts.host('n1').stop(); await hosts.host('n1').restart(); await hosts.close();
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { listProcesses } from '../../../scripts/lib/proc';
import { makeTempDir, type TempDir } from './fixtures';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

export interface SshHost {
  /** The ssh_config alias: n1, n2, ... */
  readonly alias: string;
  /** Its loopback address: 127.0.0.2, 127.0.0.3, ... */
  readonly address: string;
  readonly port: number;
  /** The listening sshd's pid (undefined while stopped). */
  readonly pid: number | undefined;
  /** Its host public key line ("ssh-ed25519 AAAA..."). */
  readonly hostKey: string;
  /** Kills the listener and every connection process it forked (SIGKILL): the host is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same address, port and key. */
  restart(): Promise<void>;
}

export interface SshHosts {
  readonly dir: string;
  /** ssh -F file with one alias per host (BatchMode, the test known_hosts, the client key). */
  readonly configFile: string;
  readonly knownHostsFile: string;
  readonly identityFile: string;
  readonly hosts: readonly SshHost[];
  host(alias: string): SshHost;
  /** Stops every host and removes the directory. */
  close(): Promise<void>;
}

async function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: address, port: 0, exclusive: true }, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the port sends an SSH banner. */
async function waitForBanner(address: string, port: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const banner = await new Promise<string>((resolve) => {
      const socket = connect({ host: address, port });
      socket.setTimeout(1000, () => socket.destroy());
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString('latin1'));
      });
      socket.once('error', () => resolve(''));
      socket.once('close', () => resolve(''));
    });
    if (banner.startsWith('SSH-2.0')) return;
    if (exited()) throw new Error(`sshd on ${address}:${port} exited before it listened`);
    if (Date.now() > deadline) throw new Error(`sshd on ${address}:${port} did not answer within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every live descendant of pid (connection processes and their shells). */
async function descendantsOf(pid: number): Promise<number[]> {
  const all = await listProcesses();
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const children = all.filter((stat) => frontier.includes(stat.ppid)).map((stat) => stat.pid);
    found.push(...children);
    frontier = children;
  }
  return found;
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}

class PrivateSshd implements SshHost {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    readonly alias: string,
    readonly address: string,
    readonly port: number,
    readonly hostKey: string,
    private readonly configFile: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async restart(): Promise<void> {
    if (this.child) throw new Error(`sshd ${this.alias} runs already`);
    // -D: no daemon (the pid is the listener's); -e: log to stderr, kept for a failure message.
    const child = spawn(SSHD, ['-D', '-e', '-f', this.configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.output = '';
    child.stderr?.on('data', (data: Buffer) => (this.output = (this.output + data.toString()).slice(-4000)));
    let exited = false;
    child.once('exit', () => (exited = true));
    try {
      await waitForBanner(this.address, this.port, () => exited);
    } catch (error) {
      await this.stop();
      throw new Error(`${(error as Error).message}: ${this.output.trim()}`, { cause: error });
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    this.child = undefined;
    const pid = child.pid;
    const connections = await descendantsOf(pid);
    const gone = new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    kill(pid, 'SIGKILL');
    for (const connection of connections) kill(connection, 'SIGKILL');
    await gone;
  }
}

function sshdConfig(dir: string, address: string, port: number): string {
  return [
    `ListenAddress ${address}:${port}`,
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, '..', 'authorized_keys')}`,
    // The test directory lies under /tmp, which sshd's ownership checks refuse.
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'AllowTcpForwarding yes',
    'AllowStreamLocalForwarding yes',
    'StreamLocalBindUnlink yes',
    // bash reads ~/.bashrc for a command from sshd unless it runs nested (SHLVL): the test hosts
    // must not depend on this machine's shell start-up files (a slow or hanging one, pyenv's).
    'SetEnv SHLVL=1',
    'MaxSessions 100',
    'MaxStartups 100',
    'LogLevel ERROR',
    '',
  ].join('\n');
}

/** Starts `count` private sshd hosts (aliases n1..nN on 127.0.0.2..), with client key, known_hosts and ssh_config. */
export async function startSshHosts(count: number, options: { prefix?: string } = {}): Promise<SshHosts> {
  const temp: TempDir = await makeTempDir(options.prefix ?? 'deck-sshd');
  const dir = temp.path;
  // sshd's privilege separation needs this directory, which only a running system sshd creates.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const identityFile = join(dir, 'client_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'session-deck-test', '-f', identityFile]);
  await writeFile(join(dir, 'authorized_keys'), await readFile(`${identityFile}.pub`), { mode: 0o600 });

  const hosts: PrivateSshd[] = [];
  const knownHosts: string[] = [];
  const config: string[] = [];
  const user = userInfo().username;
  try {
    for (let i = 0; i < count; i += 1) {
      const alias = `n${i + 1}`;
      const address = `127.0.0.${i + 2}`;
      const hostDir = join(dir, alias);
      await mkdir(hostDir, { mode: 0o700 });
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', alias, '-f', join(hostDir, 'host_key')]);
      const hostKey = (await readFile(join(hostDir, 'host_key.pub'), 'utf8')).trim().split(' ').slice(0, 2).join(' ');
      const port = await freePort(address);
      const configFile = join(hostDir, 'sshd_config');
      await writeFile(configFile, sshdConfig(hostDir, address, port));
      knownHosts.push(`[${address}]:${port} ${hostKey}`);
      config.push(
        `Host ${alias}`,
        `  HostName ${address}`,
        `  Port ${port}`,
        `  User ${user}`,
        `  IdentityFile ${identityFile}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
        '  GlobalKnownHostsFile /dev/null',
        '  StrictHostKeyChecking yes',
        '',
      );
      const host = new PrivateSshd(alias, address, port, hostKey, configFile);
      hosts.push(host);
      await host.restart();
    }
  } catch (error) {
    await Promise.all(hosts.map((host) => host.stop()));
    await temp.remove();
    throw error;
  }
  const knownHostsFile = join(dir, 'known_hosts');
  await writeFile(knownHostsFile, `${knownHosts.join('\n')}\n`, { mode: 0o600 });
  const configFile = join(dir, 'ssh_config');
  await writeFile(configFile, config.join('\n'), { mode: 0o600 });
  return {
    dir,
    configFile,
    knownHostsFile,
    identityFile,
    hosts,
    host(alias) {
      const host = hosts.find((candidate) => candidate.alias === alias);
      if (!host) throw new Error(`no test ssh host ${alias}`);
      return host;
    },
    async close() {
      await Promise.all(hosts.map((host) => host.stop()));
      await temp.remove();
    },
  };
}
