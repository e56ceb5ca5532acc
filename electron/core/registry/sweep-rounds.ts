// What one round of the sweeper does to the running sessions: end those whose timer has fired,
// warn once of each timer about to fire, and end those whose unowned server stopped answering.
import type { SessionTimer, TerminationCause } from '../../shared/session';
import { isRunning, type SessionRecord, type VncTarget } from './session-record';
import { activeTimers, CAUSE_OF_TIMER, lastViewerGrace, TIMER_WARNING_MS, type TimedSession, type Timing } from './session-timers';

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
      ends.push(actions.end(record, CAUSE_OF_TIMER[timer.kind], timerEndMessage(timer, record, timing)));
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

/** "90 seconds", "15 minutes", "1 hour", "1 hour 30 minutes": a length of time as a user says it. */
export function spokenDuration(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 120 && seconds % 60 !== 0) return plural(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(minutes % 60, 'minute')}`;
}

/** Why a timer ended the session, in the words the history and the audit log show. */
export function timerEndMessage(timer: SessionTimer, session: TimedSession, timing: Timing): string {
  switch (timer.kind) {
    case 'inactivity':
      return `nothing was typed or clicked in it for ${spokenDuration(timing.inactivityTimeoutMs)}`;
    case 'max_duration':
      return `it reached its time limit, ${spokenDuration(timer.at - session.createdAt)} after it started`;
    case 'last_viewer_grace':
      return `nobody was watching it for ${spokenDuration(lastViewerGrace(session, timing) ?? timer.at - (session.lastViewerLeftAt ?? timer.at))} after the last viewer left`;
    default: {
      const unexpected: never = timer.kind;
      return unexpected;
    }
  }
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
