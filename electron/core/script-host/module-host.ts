// One runner process (script-runner.mjs) serving one version of a user's script module: its load
// (bounded), the calls into it, and the calls it makes back for the sessions it starts. The host
// keeps every session resource: processes are spawned, watched and ended here, never in the runner.
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ProcessRole, ScriptProcess, SessionResources, StartOptions } from '../../../scripts/api';
import type { HostCall, HostNotice, Reply, RunnerCall, RunnerCallMethod, RunnerMessage, SpawnRequest } from './runner-protocol';

/** Beside this file in the sources, beside the bundle in dist/ (scripts/dev/build.mjs puts it there). */
export const RUNNER_PATH = fileURLToPath(new URL('./script-runner.mjs', import.meta.url));

export class ScriptLoadError extends Error {
  override name = 'ScriptLoadError';
}

export interface ModuleHostOptions {
  path: string;
  loadTimeoutMs: number;
  /** Lines about the runner itself (an unhandled error inside the module). */
  log(line: string): void;
  /**
   * Starts the runner: a process with the IPC channel (JSON serialization) and, for session.spawn(),
   * the blocking socket as fd 4. Default: the Node runner, forked. The Python runner has no fd 4.
   */
  launch?: (path: string) => ChildProcess;
}

/** The Node runner for a JavaScript module. */
function forkNodeRunner(path: string): ChildProcess {
  return fork(RUNNER_PATH, [path], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc', 'pipe'],
    execArgv: [],
    // Under Electron, execPath is Electron itself: run it as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    serialization: 'json',
  });
}

type HostCallBody = HostCall extends infer C ? (C extends { t: 'call' } ? Omit<C, 't' | 'id'> : never) : never;

interface Binding {
  resources: SessionResources;
  processes: Map<number, ScriptProcess>;
}

const exitText = (code: number | null, signal: string | null) => (signal ? `was killed by ${signal}` : `exited with code ${code}`);

export class ModuleHost {
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  /** Why the runner is gone, once it is. */
  exitMessage: string | undefined;
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly bindings = new Map<string, Binding>();
  private readonly callbacks = new Map<number, Record<string, (...args: never[]) => void>>();
  private lastUnhandled: string | undefined;
  /** How the runner ended: "exited with code 70 after an unhandled error: ...". */
  private how = '';
  private nextService = 1;

  constructor(private readonly options: ModuleHostOptions) {
    this.child = (options.launch ?? forkNodeRunner)(options.path);
    const sync = this.child.stdio[4] as Socket | null | undefined;
    // The runner must never keep the host running, nor outlive it (it exits when the channel closes).
    this.child.unref();
    this.child.channel?.unref();
    if (sync) {
      sync.unref();
      createInterface({ input: sync }).on('line', (line) => this.onSpawnRequest(line, sync));
      sync.on('error', () => undefined);
    }
    // A runner that let go of its channel can answer nothing more; unheard, 'error' would end the host.
    this.child.on('disconnect', () => this.kill());
    this.child.on('error', (error) => options.log(`script module ${options.path}: its runner: ${error.message}`));

    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.how = `${exitText(code, signal)}${this.lastUnhandled ? ` after an unhandled error: ${this.lastUnhandled}` : ''}`;
        this.exitMessage ??= `script module ${options.path} ${this.how}`;
        for (const waiter of this.pending.values()) waiter.reject(new Error(this.exitMessage));
        this.pending.clear();
        this.bindings.clear();
        resolve();
      });
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.exitMessage = `script module ${options.path} did not finish loading within ${options.loadTimeoutMs / 1000} s`;
        reject(new ScriptLoadError(this.exitMessage));
        this.kill();
      }, options.loadTimeoutMs);
      const settle = (error?: string) => {
        clearTimeout(timer);
        if (error === undefined) return resolve();
        this.exitMessage ??= error;
        reject(new ScriptLoadError(error));
        this.kill();
      };
      this.child.on('message', (message: RunnerMessage) => {
        // The module runs in there and can send anything: nothing it sends may throw here.
        try {
          if (message.t === 'ready') settle();
          else if (message.t === 'load-failed') settle(`script module ${options.path} failed to load: ${String(message.message)}`);
          else this.onMessage(message);
        } catch (error) {
          options.log(`script module ${options.path} sent a message that makes no sense (${(error as Error).message}); ignored`);
        }
      });
      void this.exited.then(() => settle(`script module ${options.path} ${this.how} while loading`));
    });
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return this.exitMessage === undefined;
  }

  /** Sessions started here that have not been stopped yet. */
  get sessionCount(): number {
    return this.bindings.size;
  }

  /** A new service id, with the slot's functions (setHostPort, ...) that the runner's notices call. */
  newService(callbacks: Record<string, (...args: never[]) => void>): number {
    const service = this.nextService++;
    this.callbacks.set(service, callbacks);
    return service;
  }

  call(body: HostCallBody): Promise<unknown> {
    if (!this.alive || !this.child.connected) return Promise.reject(new Error(this.exitMessage ?? `script module ${this.options.path}: its runner is ending`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ t: 'call', id, ...body });
    });
  }

  async start(service: number, token: string, timestamp: number, options: StartOptions): Promise<boolean> {
    const { session, size, width, height, user, maxDurationMs } = options;
    this.bindings.set(session.id, { resources: session, processes: new Map() });
    const forwardAbort = () => this.notify({ t: 'abort', session: session.id, reason: (session.signal.reason as Error | undefined)?.message ?? 'aborted' });
    const host = session.host ? { host: { destination: session.host.destination, scratchDir: session.host.scratchDir, passwordFile: session.host.passwordFile } } : {};
    const data = { id: session.id, scratchDir: session.scratchDir, password: session.password, passwordFile: session.passwordFile, ...host };
    const started = this.call({ method: 'start', args: { service, token, timestamp, options: { size, width, height, user, maxDurationMs }, session: data } });
    if (session.signal.aborted) forwardAbort();
    else session.signal.addEventListener('abort', forwardAbort, { once: true });
    return (await started) === true;
  }

  async stop(service: number, session: string): Promise<void> {
    try {
      await this.call({ method: 'stop', args: { service, session } });
    } finally {
      this.bindings.delete(session);
    }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private notify(message: HostNotice | Reply): void {
    if (this.alive && this.child.connected) this.child.send(message);
  }

  private onMessage(message: RunnerMessage): void {
    if (message.t === 'reply') {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(new Error(message.message));
    } else if (message.t === 'call') {
      void this.answer(message);
    } else if (message.t === 'note') {
      if (message.what === 'log') this.bindings.get(message.session)?.resources.log(message.message);
      else if (message.what === 'setViewerPassword') this.bindings.get(message.session)?.resources.setViewerPassword(message.value);
      else if (message.what === 'setQueued') this.bindings.get(message.session)?.resources.setQueued((message.value ?? undefined) as never);
      else if (message.what === 'setJob') this.bindings.get(message.session)?.resources.setJob(message.value as never);
      else if (message.what === 'jobEnded') this.bindings.get(message.session)?.resources.jobEnded(String(message.value));
      else if (message.what === 'setDeadline') this.bindings.get(message.session)?.resources.setDeadline(message.value as never);
      else if (message.what === 'callback') {
        const callback = this.callbacks.get(message.service)?.[message.name];
        if (typeof callback !== 'function') throw new Error(`no function ${String(message.name)}`);
        callback(...(message.args.map((value) => value ?? undefined) as never[]));
      }
      else if (message.what === 'unhandled') {
        this.lastUnhandled = message.message;
        const line = `unhandled error in script module ${this.options.path}: ${message.message}`;
        this.options.log(line);
        for (const binding of this.bindings.values()) binding.resources.log(line);
      }
    }
  }

  /** A session resource the runner asked for, answered with its value or its error. */
  private async answer(message: RunnerCall): Promise<void> {
    const binding = this.bindings.get(message.session);
    try {
      // JSON has no undefined: a missing argument came as null.
      const args = message.args.map((value) => value ?? undefined);
      if (!binding) throw new Error(`session ${message.session} is not running in this script`);
      const { resources } = binding;
      const call = (method: (...values: never[]) => unknown) => method.apply(resources, args as never[]);
      let value: unknown;
      if (message.method === 'waitForPort') value = await call(resources.waitForPort);
      else if (message.method === 'waitForRfb') value = await call(resources.waitForRfb);
      else if (message.method === 'isPortFree') value = await call(resources.isPortFree);
      else if (message.method === 'secret') value = await call(resources.secret);
      else if (message.method.startsWith('host')) value = await this.callHost(resources, message.method, args);
      else value = await binding.processes.get(Number(args[0]))?.terminate(args[1] as number | undefined);
      this.notify({ t: 'reply', id: message.id, ok: true, value: value ?? null });
    } catch (error) {
      this.notify({ t: 'reply', id: message.id, ok: false, message: (error as Error)?.message ?? String(error) });
    }
  }

  /** session.host's run, spawn, adopt and forward, for a module in its runner. */
  private callHost(resources: SessionResources, method: RunnerCallMethod, args: unknown[]): Promise<unknown> {
    const host = resources.host;
    if (!host) throw new Error('this session runs on this machine: session.host is undefined');
    if (method === 'hostRun') return host.run(args[0] as string, (args[1] ?? undefined) as { stdin?: string; timeoutMs?: number } | undefined);
    if (method === 'hostSpawn') return host.spawn(args[0] as string, (args[1] ?? undefined) as { role?: ProcessRole; name?: string } | undefined);
    if (method === 'hostAdopt') return host.adopt(args[0] as number, (args[1] ?? undefined) as { role?: ProcessRole; name?: string } | undefined);
    return host.forward(args[0] as number | string);
  }

  /** session.spawn(), answered at once: the runner waits for this line. */
  private onSpawnRequest(line: string, sync: Socket): void {
    let reply: { ok: true; value: number } | { ok: false; message: string };
    try {
      const request = JSON.parse(line) as SpawnRequest;
      const binding = this.bindings.get(request.session);
      if (!binding) throw new Error(`session ${request.session} is not running in this script`);
      const [command, args, options] = request.args;
      const child = binding.resources.spawn(command, args, options);
      binding.processes.set(request.handle, child);
      void child.exited.then((exit) => this.notify({ t: 'exited', session: request.session, handle: request.handle, exit }));
      reply = { ok: true, value: child.pid };
    } catch (error) {
      reply = { ok: false, message: (error as Error)?.message ?? String(error) };
    }
    if (!sync.destroyed) sync.write(`${JSON.stringify(reply)}\n`);
  }
}
