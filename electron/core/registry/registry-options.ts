// What the registry is given: where sessions live, who runs them, the settings it reads at every
// use, and the seams (time, script loading, liveness) that tests replace.
import type { RemoteRecord } from '../remote/remote-record';
import type { Clock, Scheduler } from './clock';
import type { VncTarget } from './session-record';
import type { Timing } from './session-timers';
import type { LoadScript } from './slot-allocator';

export interface RegistryOptions {
  sessionsFile: string;
  /** Where each session's scratch directory is made. */
  sessionsDir: string;
  user: string;
  /** The OS groups of the user, for options.group. */
  userGroups: readonly string[];
  /** Environment handed to session processes. */
  env: NodeJS.ProcessEnv;
  stopGraceMs: number;
  /** Read at every use, so settings apply without a restart. */
  timing(): Timing;
  userLimit(): number;
  log(line: string): void;
  /** Saved secrets, for scripts that ask for one by name. */
  readSecret?: (name: string) => Promise<string | undefined>;
  /** How many ended sessions stay readable in memory (the journal keeps them all). */
  keepEnded?: number;
  clock?: Clock;
  scheduler?: Scheduler;
  loadScript?: LoadScript;
  /**
   * Whether a server the session does not own is still there (default: a loopback port still
   * listens, or a full handshake with the viewers' password elsewhere; never a half-open one).
   */
  checkAlive?: (target: VncTarget, password?: string) => Promise<void>;
  /** A session could not end what it has on its host (unreachable): keep it, to end once the host answers. */
  keepRemoteLeftover?: (sessionId: string, record: RemoteRecord) => void;
  /** listTypes would show something new that no session event tells (a slot found held, or free). */
  onSlotsChanged?: () => void;
}
