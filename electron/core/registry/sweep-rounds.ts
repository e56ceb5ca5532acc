// What one round of the sweeper does to the running sessions: end those whose timer has fired,
// warn once of each timer about to fire, and end those whose unowned server stopped answering.
import type { SessionTimer, TerminationCause } from '../../shared/session';
import { isRunning, type SessionRecord, type VncTarget } from './session-record';
import { activeTimers, CAUSE_OF_TIMER, TIMER_WARNING_MS, type Timing } from './session-timers';

export interface SweepActions {
  end(record: SessionRecord, cause: TerminationCause, message: string): Promise<unknown>;
  warn(record: SessionRecord, timer: SessionTimer): void;
}

export function sweepTimers(records: Iterable<SessionRecord>, timing: Timing, now: number, actions: SweepActions): Promise<unknown>[] {
  const ends: Promise<unknown>[] = [];
  for (const record of records) {
    if (!isRunning(record)) continue;
    const [timer] = activeTimers(record, timing);
    if (!timer) continue;
    // A batch job's time limit is the scheduler's to enforce (the script then reports the end): only warn.
    const schedulerEnds = timer.kind === 'max_duration' && record.deadlineFromJob === true;
    if (timer.at <= now && !schedulerEnds) {
      ends.push(actions.end(record, CAUSE_OF_TIMER[timer.kind], `${timer.kind.replace(/_/g, ' ')} timer fired`));
      continue;
    }
    // Once per timer and deadline: an extended deadline or new activity warns again.
    const key = `${timer.kind}@${timer.at}`;
    if (timer.at > now && timer.at - now <= TIMER_WARNING_MS && !record.warned.has(key)) {
      record.warned.add(key);
      actions.warn(record, timer);
    }
  }
  return ends;
}

/** A server the session did not spawn (an external one) is alive while it answers. */
export function checkUnownedServers(
  records: Iterable<SessionRecord>,
  /** With the password viewers use: a check that completes a handshake must succeed at it. */
  checkAlive: (target: VncTarget, password: string) => Promise<void>,
  end: SweepActions['end'],
): Promise<unknown>[] {
  const checks: Promise<unknown>[] = [];
  for (const record of records) {
    if (!isRunning(record) || !record.resources || record.resources.ownsServer || record.resources.watchedByScript) continue;
    checks.push(checkAlive(record.lifecycle.target, record.resources.viewerPassword).catch((error: Error) => end(record, 'server_exited', `the server stopped answering: ${error.message}`)));
  }
  return checks;
}
