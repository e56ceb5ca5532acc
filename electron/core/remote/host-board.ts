// Which of a type's hosts a new session goes to: the reachable, not draining host with the fewest
// running sessions of that type (list order breaks ties). A host that could not be reached is
// skipped with its reason, shown on the type until a later start reaches it again, and tried after
// the others meanwhile (a failing host goes to the back, not first in line again). The background
// check of the hosts (host-slot-watch) reports here too, so a host that is down shows before any
// start; its result is dropped when a start learnt something newer while it ran.
import type { HostInfo } from '../../shared/session';
import type { RemotePlacement } from './ssh-placement';

export class HostBoard {
  /** type -> host -> why the last attempt failed. */
  private readonly problems = new Map<string, Map<string, string>>();
  /** "type\0host" -> the mark of its last report. */
  private readonly reportedAt = new Map<string, number>();
  private marks = 0;

  /**
   * The hosts to try for a new session of type, best first; draining hosts are left out, and hosts
   * where the slot is known to be held by something else (avoid) come last.
   */
  order(type: string, placement: RemotePlacement, running: (host: string) => number, avoid: (host: string) => boolean = () => false): string[] {
    const problems = this.problems.get(type);
    const rank = (host: string) => (avoid(host) ? 2 : problems?.has(host) ? 1 : 0);
    return placement.hosts
      .filter((host) => !placement.drain.includes(host))
      .map((host, position) => ({ host, position, running: running(host) }))
      .sort((a, b) => rank(a.host) - rank(b.host) || a.running - b.running || a.position - b.position)
      .map(({ host }) => host);
  }

  /** A mark for a background check beginning now: pass it with its reports. */
  mark(): number {
    return ++this.marks;
  }

  /** Returns whether what is shown changed. since: the mark of the check that found it (none for a start). */
  failed(type: string, host: string, reason: string, since?: number): boolean {
    if (!this.report(type, host, since)) return false;
    let problems = this.problems.get(type);
    if (!problems) this.problems.set(type, (problems = new Map()));
    const changed = problems.get(host) !== reason;
    problems.set(host, reason);
    return changed;
  }

  /** Returns whether a problem was shown for it (so the type list changes). */
  reached(type: string, host: string, since?: number): boolean {
    if (!this.report(type, host, since)) return false;
    return this.problems.get(type)?.delete(host) ?? false;
  }

  /** Whether a report begun at since is still news (nothing was reported since); records it. */
  private report(type: string, host: string, since: number | undefined): boolean {
    const key = `${type}\0${host}`;
    if (since !== undefined && (this.reportedAt.get(key) ?? 0) > since) return false;
    this.reportedAt.set(key, this.mark());
    return true;
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
