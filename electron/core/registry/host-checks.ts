// The background check of the hosts of types on other machines, wired to what it informs: the
// slots (held there by something else) and the host board (a host that cannot be reached). Kicked
// by every sweep and every configuration applied; it never holds either up.
import type { HostBoard } from '../remote/host-board';
import { HostSlotWatch, type HostCheckReport } from '../remote/host-slot-watch';
import { sessionEnvironment } from '../script-host/session-environment';
import type { SlotAllocator } from './slot-allocator';

export interface HostChecksDeps {
  slots: SlotAllocator;
  hosts: HostBoard;
  /** The checks' own directory, for their short-lived connections (in the data directory). */
  dir: string;
  /** The app's environment: ssh gets the sessions' part of it and the agent's socket. */
  env: NodeJS.ProcessEnv;
  log(line: string): void;
  /** The type list would show something new. */
  changed(): void;
}

export class HostChecks {
  private readonly watch: HostSlotWatch;

  constructor(private readonly deps: HostChecksDeps) {
    const { env } = deps;
    this.watch = new HostSlotWatch({
      dir: deps.dir,
      env: { ...sessionEnvironment(env), ...(env.SSH_AUTH_SOCK ? { SSH_AUTH_SOCK: env.SSH_AUTH_SOCK } : {}) },
      log: deps.log,
    });
  }

  /** Starts a round when one is due (force: a new configuration), without waiting for it. */
  refresh(force = false): void {
    // Reports of starts made while the round runs are newer than its own: the board keeps those.
    const since = this.deps.hosts.mark();
    this.watch.refreshIfDue(
      () => this.deps.slots.hostCheckRequests(),
      (reports) => this.apply(reports, since),
      force,
    );
  }

  /** Resolves once the round in flight (if any) has been taken in. */
  settled(): Promise<void> {
    return this.watch.settled();
  }

  close(): Promise<void> {
    return this.watch.close();
  }

  private apply(reports: readonly HostCheckReport[], since: number): void {
    let changed = this.deps.slots.applyHostChecks(reports);
    for (const report of reports) {
      const shown = report.problem === undefined ? this.deps.hosts.reached(report.type, report.host, since) : this.deps.hosts.failed(report.type, report.host, report.problem, since);
      changed = shown || changed;
    }
    if (changed) this.deps.changed();
  }
}
