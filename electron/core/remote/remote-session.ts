// A session's side on another machine: one SSH connection (ssh-connection.ts), a private scratch
// directory there holding the session's password file, the process groups started there (each
// watched by a command through the connection, so a server's exit ends the session within about
// a second), and the forwards of local Unix sockets to the host's loopback. A connection that drops
// is made again within a grace; if the host stays unreachable, or a server died meanwhile, the
// session is lost with a cause naming the host.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostProcess, HostRunResult, ProcessRole, SessionHost } from '../../../scripts/api';
import type { OwnedProcess } from '../process/owned-process';
import type { EndingExit } from '../process/ending-exit';
import { SshConnection, type SshConnectionOptions } from './ssh-connection';
import { SshError } from './ssh-errors';
import { aliveCommand, endCommand, identifyCommand, launchCommand, makeScratchCommand, shellQuote, watchCommand } from './remote-shell';
import type { RemoteForward, RemoteProcessRecord, RemoteRecord } from './remote-record';

/** How long a dropped connection may take to come back before the session counts the host as unreachable. */
export const RECONNECT_GRACE_MS = 4_000;

export interface RemoteSessionOptions extends Omit<SshConnectionOptions, 'dir'> {
  sessionId: string;
  /** The session's local scratch directory. */
  scratchDir: string;
  /** The session's password file (vncpasswd format), copied to the host. */
  passwordFile: string;
  /** The session log's descriptor: watchers write there. */
  logFd: number;
  stopGraceMs: number;
  /** Something the live registry records changed (a process, local or remote). */
  onChange(): void;
  reconnectGraceMs?: number;
  /** The host could not be reached at the end: what is left there, to end once it answers again. */
  onLeftover?(record: RemoteRecord): void;
}

interface Tracked extends RemoteProcessRecord {
  watcher?: OwnedProcess;
}

const remoteCommand = (snippet: string): string => `exec /bin/sh -c ${shellQuote(snippet)}`;

export class RemoteSession {
  readonly lost: Promise<EndingExit>;
  private readonly connection: SshConnection;
  private report: (loss: EndingExit) => void = () => undefined;
  private remoteDir = '';
  private readonly processes: Tracked[] = [];
  private readonly forwards: RemoteForward[] = [];
  private releasing = false;
  private recovering: Promise<void> | undefined;
  private done = false;
  private forwardCount = 0;

  constructor(private readonly options: RemoteSessionOptions) {
    this.connection = new SshConnection({ ...options, dir: options.scratchDir });
    this.lost = new Promise((resolve) => (this.report = resolve));
  }

  get destination(): string {
    return this.connection.destination;
  }

  /** Connects and makes the private directory with the password file on the host. */
  async open(signal?: AbortSignal): Promise<void> {
    await this.connection.open(signal);
    this.watchMaster();
    const password = await readFile(this.options.passwordFile);
    const made = await this.connection.run(remoteCommand(makeScratchCommand(this.options.sessionId)), { stdin: password.toString('base64') });
    const dir = made.stdout.trim();
    if (made.code !== 0 || !dir.startsWith('/')) throw new SshError('other', `cannot make a private directory on "${this.destination}": ${made.stderr.trim() || `exit code ${made.code}`}`);
    this.remoteDir = dir;
    this.options.log(`private directory on ${this.destination}: ${dir}`);
    this.options.onChange();
  }

  /** The API a script uses. */
  get host(): SessionHost {
    return {
      destination: this.destination,
      scratchDir: this.remoteDir,
      passwordFile: `${this.remoteDir}/passwd`,
      run: (command, options) => this.run(command, options),
      spawn: (command, options) => this.spawn(command, options),
      adopt: (pid, options) => this.adopt(pid, options),
      forward: (target) => this.forward(target),
    };
  }

  /** The local processes (the master, the watchers), for the session's process list. */
  localProcesses(): { process: OwnedProcess; role: ProcessRole; command: string }[] {
    const master = this.connection.masterProcess;
    return [
      ...(master && !master.hasExited ? [{ process: master, role: 'helper' as const, command: `ssh master for ${this.destination}` }] : []),
      ...this.processes.flatMap(({ watcher, role, name }) => (watcher && !watcher.hasExited ? [{ process: watcher, role, command: `ssh watcher of ${name} on ${this.destination}` }] : [])),
    ];
  }

  record(): RemoteRecord {
    const { sshConfig, sshOptions } = this.options.placement;
    return {
      destination: this.destination,
      ...(sshConfig ? { sshConfig } : {}),
      sshOptions: [...sshOptions],
      scratchDir: this.remoteDir,
      processes: this.processes.map(({ pid, startTime, role, name }) => ({ pid, startTime, role, name })),
      forwards: this.forwards.map((forward) => ({ ...forward })),
    };
  }

  /**
   * Takes back what a session of an earlier run of Session Deck recorded (after a crash): connects
   * again, and resolves with the process of it that is no longer that very process on the host,
   * or undefined when all still run; then resume() forwards and watches them again.
   */
  async reconnect(recorded: RemoteRecord, signal?: AbortSignal): Promise<RemoteProcessRecord | undefined> {
    this.remoteDir = recorded.scratchDir;
    this.processes.push(...recorded.processes.map((process) => ({ ...process })));
    await this.connection.open(signal);
    this.watchMaster();
    const alive = await this.connection.run(remoteCommand(aliveCommand(this.processes)));
    if (alive.code !== 0) throw new SshError('other', `cannot look at the processes on "${this.destination}": ${alive.stderr.trim() || `exit code ${alive.code}`}`);
    const living = new Set(alive.stdout.split('\n').filter(Boolean).map(Number));
    return this.processes.find((tracked) => tracked.role !== 'helper' && !living.has(tracked.pid));
  }

  /** After reconnect(): the recorded forwards made again through the new connection, every process watched. */
  async resume(recorded: RemoteRecord): Promise<void> {
    for (const { local, remote } of recorded.forwards ?? []) {
      await this.connection.forward(local, remote);
      this.forwards.push({ local, remote });
      this.options.log(`forwarding ${local} to ${remote} on ${this.destination} again`);
    }
    for (const tracked of this.processes) this.watch(tracked);
    this.options.onChange();
  }

  async run(command: string, options: { stdin?: string; timeoutMs?: number } = {}): Promise<HostRunResult> {
    if (typeof command !== 'string' || command.trim() === '') throw new Error('host.run needs a command line');
    return this.connection.run(command, options);
  }

  async spawn(command: string, options: { role?: ProcessRole; name?: string } = {}): Promise<HostProcess> {
    if (this.releasing) throw new Error('the session has ended; no new process may start');
    const role = options.role ?? 'server';
    const name = this.nameOf(options.name);
    const launched = await this.connection.run(remoteCommand(launchCommand(this.remoteDir, name, command)));
    const match = /^(\d+) (\d+)$/.exec(launched.stdout.trim());
    if (launched.code !== 0 || !match) throw new Error(`${name} did not start on "${this.destination}": ${launched.stderr.trim() || launched.stdout.trim() || `exit code ${launched.code}`}`);
    return this.track({ pid: Number(match[1]), startTime: match[2]!, role, name }, 'started');
  }

  /**
   * Takes a process that one of the session's commands started on the host and that left for a
   * process group of its own (a daemonizing server) as the session's: watched, recorded, ended
   * with it. It must be its group's leader, or in a group the session started.
   */
  async adopt(pid: number, options: { role?: ProcessRole; name?: string } = {}): Promise<HostProcess> {
    if (this.releasing) throw new Error('the session has ended; no process may be adopted');
    if (!Number.isInteger(pid) || pid <= 1) throw new Error(`host.adopt: expected a process id, found ${JSON.stringify(pid)}`);
    const known = this.processes.find((tracked) => tracked.pid === pid);
    if (known) return { pid, startTime: known.startTime };
    const found = await this.connection.run(remoteCommand(identifyCommand(pid, this.remoteDir)));
    const match = /^(\d+) (\d+)$/.exec(found.stdout.trim());
    if (found.code !== 0 || !match) throw new Error(`cannot adopt pid ${pid} on "${this.destination}": ${found.stderr.trim() || `exit code ${found.code}`}`);
    const group = Number(match[1]);
    if (group !== pid && !this.processes.some((tracked) => tracked.pid === group)) {
      throw new Error(`cannot adopt pid ${pid} on "${this.destination}": it is in process group ${group}, which the session did not start, so it could not be ended by group`);
    }
    return this.track({ pid, startTime: match[2]!, role: options.role ?? 'server', name: this.nameOf(options.name) }, 'adopted');
  }

  private nameOf(name: string | undefined): string {
    return /^[A-Za-z0-9_.-]{1,40}$/.test(name ?? '') ? name! : `process-${this.processes.length + 1}`;
  }

  private track(tracked: Tracked, how: 'started' | 'adopted'): HostProcess {
    this.processes.push(tracked);
    this.options.log(`${how} ${tracked.role} ${tracked.name} on ${this.destination} (pid ${tracked.pid} there)`);
    this.watch(tracked);
    this.options.onChange();
    return { pid: tracked.pid, startTime: tracked.startTime };
  }

  async forward(target: number | string): Promise<string> {
    let remote: string;
    if (typeof target === 'number' && Number.isInteger(target) && target > 0 && target < 65_536) remote = `127.0.0.1:${target}`;
    else if (typeof target === 'string' && target.startsWith('/')) remote = target;
    else throw new Error(`host.forward: expected a port number or an absolute socket path on the host, found ${JSON.stringify(target)}`);
    const local = join(this.options.scratchDir, `fwd${++this.forwardCount}.sock`);
    await this.connection.forward(local, remote);
    this.forwards.push({ local, remote });
    this.options.log(`forwarding ${local} to ${remote} on ${this.destination}`);
    return local;
  }

  /** A watcher through the connection for one process group: its exit tells whether the group or the connection is gone. */
  private watch(tracked: Tracked): void {
    const watcher = this.connection.spawnThrough(remoteCommand(watchCommand(tracked.pid, tracked.startTime)), this.options.logFd);
    tracked.watcher = watcher;
    void watcher.exited.then((exit) => {
      if (this.releasing || tracked.watcher !== watcher) return;
      // 255 is ssh's own failure: the connection, not the process.
      if (exit.code === 255 || exit.signal) return void this.connectionTrouble();
      if (tracked.role !== 'helper') this.lose({ cause: tracked.role === 'server' ? 'server_exited' : 'command_exited', description: `${tracked.name} (pid ${tracked.pid} on ${this.destination}) has exited` });
    });
  }

  private watchMaster(): void {
    const master = this.connection.masterProcess;
    void master?.exited.then(() => {
      if (!this.releasing && this.connection.masterProcess === master) void this.connectionTrouble();
    });
  }

  private lose(loss: EndingExit): void {
    if (this.done) return;
    this.done = true;
    this.options.log(loss.description);
    this.report(loss);
  }

  /** The connection dropped: make it again within the grace, with the servers still alive, or lose the session. */
  private connectionTrouble(): Promise<void> {
    this.recovering ??= (async () => {
      const graceMs = this.options.reconnectGraceMs ?? RECONNECT_GRACE_MS;
      const deadline = Date.now() + graceMs;
      this.options.log(`the connection to ${this.destination} dropped; trying again for ${graceMs / 1000} s`);
      let last = 'no answer';
      while (!this.releasing && !this.done && Date.now() < deadline) {
        try {
          await this.connection.close(200);
          await this.connection.open(AbortSignal.timeout(Math.max(500, deadline - Date.now())));
          this.watchMaster();
          const alive = await this.connection.run(remoteCommand(aliveCommand(this.processes)));
          const living = new Set(alive.stdout.split('\n').filter(Boolean).map(Number));
          const dead = this.processes.find((tracked) => tracked.role !== 'helper' && !living.has(tracked.pid));
          if (dead) return this.lose({ cause: dead.role === 'server' ? 'server_exited' : 'command_exited', description: `${dead.name} (pid ${dead.pid} on ${this.destination}) has exited` });
          for (const { local, remote } of this.forwards) await this.connection.forward(local, remote);
          for (const tracked of this.processes) if (living.has(tracked.pid)) this.watch(tracked);
          this.options.log(`connected to ${this.destination} again; the session goes on`);
          this.options.onChange();
          return;
        } catch (error) {
          last = (error as Error).message;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
      if (!this.releasing) this.lose({ cause: 'host_unreachable', description: `the host ${this.destination} is unreachable: ${last}` });
    })().finally(() => (this.recovering = undefined));
    return this.recovering;
  }

  /** Ends every process group started on the host, removes the scratch directory there, closes the connection. */
  async release(): Promise<void> {
    if (this.releasing) return;
    this.releasing = true;
    if (this.connection.connected && this.remoteDir) {
      try {
        const ended = await this.connection.run(remoteCommand(endCommand(this.processes, this.remoteDir, this.options.stopGraceMs)), { timeoutMs: this.options.stopGraceMs + 10_000 });
        if (ended.code !== 0) this.options.log(`cleaning up on ${this.destination}: ${ended.stderr.trim() || `exit code ${ended.code}`}`);
        // 255 is ssh's own failure: the clean-up did not run there.
        if (ended.code === 255 || ended.code === null) this.options.onLeftover?.(this.record());
      } catch (error) {
        this.options.log(`could not clean up on ${this.destination}: ${(error as Error).message}; Session Deck ends what is left there once the host answers again`);
        this.options.onLeftover?.(this.record());
      }
    } else if (this.remoteDir) {
      this.options.log(
        `${this.destination} is unreachable: its processes (${this.processes.map((p) => p.pid).join(', ') || 'none'}) and ${this.remoteDir} could not be removed there; ` +
          'Session Deck ends them once the host answers again',
      );
      this.options.onLeftover?.(this.record());
    }
    await Promise.all(this.processes.map(({ watcher }) => watcher?.terminate(500)));
    await this.connection.close(this.options.stopGraceMs);
  }
}
