// Users' script modules, each version (path, mtime, size) in a runner process of its own. The
// registry sees an ordinary realizeService: the services it returns forward every call to the
// runner. A runner that dies fails what was in flight in it and is started again on the next use;
// an edited module gets a new runner, and the old one ends once its last session has stopped.
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { RealizeService, RealizeServiceArgs, SessionResources, SessionService, StartOptions } from '../../../scripts/api';
import { ModuleHost, ScriptLoadError } from './module-host';

export const LOAD_TIMEOUT_MS = 10_000;

const settings = {
  loadTimeoutMs: LOAD_TIMEOUT_MS,
  log: (line: string): void => void process.stderr.write(`${line}\n`),
  /** The app's environment: a Python script's import check runs with its session part (PATH, ...). */
  env: {} as NodeJS.ProcessEnv,
};

/** Sets the load timeout, where lines about runners go (the app's log; tests) and the app's environment. */
export function configureScriptModules(options: Partial<typeof settings>): void {
  Object.assign(settings, options);
}

export const scriptModuleSettings = (): Readonly<typeof settings> => settings;

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

class ModuleVersion {
  private host: ModuleHost | undefined;
  private retired = false;

  constructor(
    readonly path: string,
    readonly version: string,
  ) {}

  readonly realize: RealizeService = (args) => new RemoteService(this, args);

  /** The live runner, loaded; a new one when there is none (first use, or the last one died). */
  async ensureHost(): Promise<ModuleHost> {
    if (this.retired) throw new ScriptLoadError(`script module ${this.path} was replaced by a newer version on disk`);
    if (!this.host?.alive) this.host = new ModuleHost({ path: this.path, loadTimeoutMs: settings.loadTimeoutMs, log: settings.log });
    await this.host.ready;
    return this.host;
  }

  /** The runner, when it is alive now (realizeService binds to it at once). */
  get liveHost(): ModuleHost | undefined {
    return this.host?.alive ? this.host : undefined;
  }

  /** No new sessions; the runner ends once no session of it is left. */
  retire(): void {
    this.retired = true;
    this.endIfIdle();
  }

  endIfIdle(): void {
    if (this.retired && this.host && this.host.sessionCount === 0) this.host.kill();
  }

  async close(): Promise<void> {
    this.retired = true;
    this.host?.kill();
    await this.host?.exited;
  }
}

interface Bound {
  host: ModuleHost;
  service: number;
  realized: Promise<{ hasProbe: boolean; hasExtend?: boolean }>;
}

class RemoteService implements SessionService {
  private bound: Bound | undefined;
  private started: { bound: Bound; session: SessionResources } | undefined;

  constructor(
    private readonly module: ModuleVersion,
    private readonly args: RealizeServiceArgs,
  ) {
    const host = module.liveHost;
    if (host) this.bindTo(host);
  }

  private bindTo(host: ModuleHost): Bound {
    // The functions among realizeService's arguments (setHostPort, ...) stay here; the runner calls them by name.
    const callbacks = Object.fromEntries(Object.entries(this.args).filter(([, value]) => typeof value === 'function')) as Record<string, (...args: never[]) => void>;
    const { name, count, index, commonOptions } = this.args;
    const service = host.newService(callbacks);
    const args = { service, name, count, index, commonOptions: { ...commonOptions }, callbacks: Object.keys(callbacks) };
    const realized = host.call({ method: 'realize', args }) as Promise<{ hasProbe: boolean; hasExtend?: boolean }>;
    realized.catch(() => undefined); // awaited by the first call; a realize error is that call's error
    this.bound = { host, service, realized };
    return this.bound;
  }

  private async use(): Promise<Bound & { hasProbe: boolean; hasExtend?: boolean }> {
    const host = await this.module.ensureHost();
    const bound = this.bound?.host === host ? this.bound : this.bindTo(host);
    return { ...bound, ...(await bound.realized) };
  }

  async start(token: string, timestamp: number, options: StartOptions): Promise<boolean> {
    const bound = await this.use();
    this.started = { bound, session: options.session };
    return bound.host.start(bound.service, token, timestamp, options);
  }

  async stop(): Promise<void> {
    const started = this.started;
    this.started = undefined;
    if (!started) return;
    const { host, service } = started.bound;
    if (!host.alive) {
      started.session.log(`stop() could not run: ${host.exitMessage}`);
      return;
    }
    try {
      await host.stop(service, started.session.id);
    } finally {
      this.module.endIfIdle();
    }
  }

  /** Forwarded to the module's extend(); one that has none refuses, saying so. */
  async extend(): Promise<number> {
    const started = this.started;
    if (!started) throw new Error('the session is not running');
    if (!(await started.bound.realized).hasExtend) throw new Error('its script module has no extend()');
    const deadline = await started.bound.host.call({ method: 'extend', args: { service: started.bound.service } });
    if (typeof deadline !== 'number' || !Number.isFinite(deadline)) throw new Error('its script module\'s extend() gave no deadline');
    return deadline;
  }

  async probe(): Promise<string | undefined> {
    const bound = await this.use();
    if (!bound.hasProbe) return undefined;
    const busy = await bound.host.call({ method: 'probe', args: { service: bound.service } });
    return typeof busy === 'string' ? busy : undefined;
  }
}

const versions = new Map<string, ModuleVersion>();
/** Replaced versions too, while their runners may still serve sessions. */
const everyVersion = new Set<ModuleVersion>();

/**
 * Which version of the module file at path is on disk now. Only a regular file is ever read: a
 * FIFO or a device (/dev/zero) would block or fill memory before any timeout could help.
 */
export async function moduleFileVersion(path: string): Promise<string> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScriptLoadError(code === 'ENOENT' ? `script module ${path} does not exist` : `script module ${path} cannot be read (${code})`);
  }
  if (!info.isFile()) throw new ScriptLoadError(`script module ${path} is ${kindOf(info)}, not a regular file`);
  return `${info.mtimeMs}:${info.size}:${info.ino}`;
}

/** The realizeService of the module at path, loaded in its runner. */
export async function loadUserModule(path: string): Promise<RealizeService> {
  const version = await moduleFileVersion(path);
  let current = versions.get(path);
  if (current?.version !== version) {
    current?.retire();
    current = new ModuleVersion(path, version);
    versions.set(path, current);
    everyVersion.add(current);
  }
  await current.ensureHost();
  return current.realize;
}

/** Ends every runner (at shutdown: their sessions have been stopped by then). */
export async function closeScriptModules(): Promise<void> {
  const all = [...everyVersion];
  versions.clear();
  everyVersion.clear();
  await Promise.all(all.map((module) => module.close()));
}
