// Which of a type's hosts a new session goes to: the reachable, not draining host with the fewest
// running sessions of that type (list order breaks ties). A host that could not be reached is
// skipped with its reason, shown on the type until a later start reaches it again, and tried after
// the others meanwhile (a failing host goes to the back, not first in line again).
import type { HostInfo } from '../../shared/session';
import type { RemotePlacement } from './ssh-placement';

export class HostBoard {
  /** type -> host -> why the last attempt failed. */
  private readonly problems = new Map<string, Map<string, string>>();

  /** The hosts to try for a new session of type, best first; draining hosts are left out. */
  order(type: string, placement: RemotePlacement, running: (host: string) => number): string[] {
    const problems = this.problems.get(type);
    const rank = (host: string) => (problems?.has(host) ? 1 : 0);
    return placement.hosts
      .filter((host) => !placement.drain.includes(host))
      .map((host, position) => ({ host, position, running: running(host) }))
      .sort((a, b) => rank(a.host) - rank(b.host) || a.running - b.running || a.position - b.position)
      .map(({ host }) => host);
  }

  failed(type: string, host: string, reason: string): void {
    let problems = this.problems.get(type);
    if (!problems) this.problems.set(type, (problems = new Map()));
    problems.set(host, reason);
  }

  /** Returns whether a problem was shown for it (so the type list changes). */
  reached(type: string, host: string): boolean {
    return this.problems.get(type)?.delete(host) ?? false;
  }

  info(type: string, placement: RemotePlacement, running: (host: string) => number): HostInfo[] {
    const problems = this.problems.get(type);
    return placement.hosts.map((name) => ({
      name,
      sessions: running(name),
      ...(placement.drain.includes(name) ? { draining: true } : {}),
      ...(problems?.has(name) ? { problem: problems.get(name)! } : {}),
    }));
  }
}
