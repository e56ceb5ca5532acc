// What outlives a crash of Session Deck, as the engine keeps it: the live-registry file (every live
// session and its processes, written by a registry subscriber) and what sessions left on hosts that
// could not be reached. At start both are put to use: recorded sessions re-adopted or cleaned up,
// leftovers tried now and then again at every interval. Apart from the engine, which only wires it.
import { join } from 'node:path';
import type { Settings } from '../../shared/settings';
import type { SessionTypeConfig } from '../config/session-types';
import type { RemoteRecord } from '../remote/remote-record';
import type { SessionRegistry } from '../registry/session-registry';
import { LiveRegistryFile } from './live-registry-file';
import { recoverSessions } from './recover-sessions';
import { RemoteLeftovers } from './remote-leftovers';

export interface CrashRecoveryOptions {
  /** The data directory: both files live there. */
  dataDir: string;
  /** The app's environment, for ssh to a session's host. */
  env: NodeJS.ProcessEnv;
  stopGraceMs: number;
  /** How often what sessions left on unreachable hosts is tried again (default a minute). */
  retryIntervalMs?: number;
  log(line: string): void;
}

export class CrashRecovery {
  /** Where the registry's subscriber writes the live sessions. */
  readonly liveRegistry: LiveRegistryFile;
  private readonly leftovers: RemoteLeftovers;

  constructor(private readonly options: CrashRecoveryOptions) {
    this.liveRegistry = new LiveRegistryFile(join(options.dataDir, 'live-sessions.json'));
    this.leftovers = new RemoteLeftovers({
      path: join(options.dataDir, 'remote-leftovers.json'),
      env: options.env,
      stopGraceMs: options.stopGraceMs,
      log: options.log,
      ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}),
    });
  }

  /** A session's host could not be reached at its end: what it left there, kept to end once the host answers. */
  keepLeftover(sessionId: string, record: RemoteRecord): void {
    void this.leftovers.keep(sessionId, record);
  }

  /** At start, before the bridge opens: what the last run recorded, re-adopted or cleaned up as the mode says. */
  async recover(options: { registry: SessionRegistry; mode: Settings['recoveryMode']; sessionsDir: string; types: readonly SessionTypeConfig[] }): Promise<void> {
    const { registry, mode, sessionsDir, types } = options;
    await this.leftovers.load();
    await recoverSessions({ file: this.liveRegistry, mode, registry, sessionsDir, stopGraceMs: this.options.stopGraceMs, env: this.options.env, leftovers: this.leftovers,
      typeConfig: (name) => types.find((type) => type.name === name),
      log: this.options.log,
    });
    // What earlier sessions left on hosts that were unreachable: tried now, in the background, and then again.
    this.leftovers.start();
  }

  close(): Promise<void> {
    return this.leftovers.close();
  }
}
