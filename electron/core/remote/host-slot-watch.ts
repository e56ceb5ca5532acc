// Looks at the hosts of the types on other machines in the background, so that the type list shows
// before anyone presses Start whether a host answers and which idle slots something else holds
// there. One round at a time, at most every intervalMs: per host, one short-lived connection (the
// system's ssh, BatchMode, strict host keys, the type's ssh_config and ssh_options) through which
// every idle slot's probe runs, then closed. Nothing here waits on it: the results are reported
// when the round ends, and the type list shows the last ones.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { ProbeHost } from '../../../scripts/api';
import { SshConnection } from './ssh-connection';
import { SshError } from './ssh-errors';
import type { RemotePlacement } from './ssh-placement';

/** How often the hosts are looked at (a handshake per host each time). */
export const HOST_CHECK_INTERVAL_MS = 5_000;

/** The idle slots of one type to look at, with their scripts' probes. */
export interface HostCheckRequest {
  type: string;
  placement: RemotePlacement;
  slots: { index: number; probe(host: ProbeHost): Promise<string | undefined> }[];
}

/** What one host said for one type: why it cannot be reached, or each slot's probe (undefined: free). */
export interface HostCheckReport {
  type: string;
  host: string;
  problem?: string;
  held: Map<number, string | undefined>;
}

export interface HostSlotWatchOptions {
  /**
   * A directory of the watch's own (made 0700): each connection's private directory is made in it
   * and removed after; what a crash left there is removed at the first round.
   */
  dir: string;
  /** The environment ssh runs with (PATH, HOME, SSH_AUTH_SOCK for an agent). */
  env: NodeJS.ProcessEnv;
  log(line: string): void;
  intervalMs?: number;
  now?: () => number;
}

/** Hosts reached with the same ssh settings share a connection within a round. */
const connectionKey = (host: string, placement: RemotePlacement) => JSON.stringify([host, placement.sshConfig ?? null, placement.sshOptions]);

export class HostSlotWatch {
  private round: Promise<void> | undefined;
  private lastRoundAt = Number.NEGATIVE_INFINITY;
  private readonly closing = new AbortController();
  private cleared = false;

  constructor(private readonly options: HostSlotWatchOptions) {}

  /**
   * Starts a round when none runs and the last began at least the interval ago (or force), and
   * returns at once; report gets the results when it ends.
   */
  refreshIfDue(requests: () => HostCheckRequest[], report: (reports: HostCheckReport[]) => void, force = false): void {
    const now = (this.options.now ?? Date.now)();
    if (this.round || this.closing.signal.aborted || (!force && now - this.lastRoundAt < (this.options.intervalMs ?? HOST_CHECK_INTERVAL_MS))) return;
    const wanted = requests().filter((request) => request.placement.hosts.length > 0);
    if (wanted.length === 0) return;
    this.lastRoundAt = now;
    this.round = this.check(wanted)
      .then((reports) => {
        if (!this.closing.signal.aborted) report(reports);
      })
      .catch((error: unknown) => this.options.log(`checking the hosts failed: ${String(error)}`))
      .finally(() => (this.round = undefined));
  }

  /** Resolves once the round in flight (if any) has ended. */
  async settled(): Promise<void> {
    await this.round;
  }

  /** Ends the round in flight (its connections) and starts no more. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.round;
  }

  private async check(requests: HostCheckRequest[]): Promise<HostCheckReport[]> {
    if (!this.cleared) await rm(this.options.dir, { recursive: true, force: true });
    this.cleared = true;
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const groups = new Map<string, { host: string; placement: RemotePlacement; requests: HostCheckRequest[] }>();
    for (const request of requests) {
      for (const host of request.placement.hosts.filter((name) => !request.placement.drain.includes(name))) {
        const key = connectionKey(host, request.placement);
        const group = groups.get(key) ?? { host, placement: request.placement, requests: [] };
        group.requests.push(request);
        groups.set(key, group);
      }
    }
    const reports = await Promise.all([...groups.values()].map((group) => this.checkHost(group.host, group.placement, group.requests)));
    return reports.flat();
  }

  private async checkHost(host: string, placement: RemotePlacement, requests: HostCheckRequest[]): Promise<HostCheckReport[]> {
    const dir = await mkdtemp(`${this.options.dir}/`);
    let connection: SshConnection | undefined;
    try {
      try {
        // ssh's own lines (connected, master pid) would repeat every round: only failures are logged.
        connection = new SshConnection({ destination: host, placement, dir, env: this.options.env, log: () => undefined });
        await connection.open(this.closing.signal);
      } catch (error) {
        // As at a start: only a host that cannot be reached is a problem of the host.
        if (!(error instanceof SshError) || error.problem === 'no_client' || error.problem === 'config' || this.closing.signal.aborted) {
          this.options.log(`cannot check ${host}: ${(error as Error).message}`);
          return [];
        }
        return requests.map((request) => ({ type: request.type, host, problem: error.message, held: new Map() }));
      }
      const open = connection;
      const probeHost: ProbeHost = { destination: host, run: (command, options) => open.run(command, options) };
      const reports: HostCheckReport[] = [];
      for (const request of requests) {
        const held = new Map<number, string | undefined>();
        for (const slot of request.slots) {
          if (this.closing.signal.aborted) break;
          try {
            held.set(slot.index, await slot.probe(probeHost));
          } catch (error) {
            // Unknown is not held: the start itself looks again.
            this.options.log(`cannot check slot ${slot.index} of ${request.type} on ${host}: ${(error as Error).message}`);
          }
        }
        reports.push({ type: request.type, host, held });
      }
      return reports;
    } finally {
      await connection?.close(1_000);
      await rm(dir, { recursive: true, force: true });
    }
  }
}
