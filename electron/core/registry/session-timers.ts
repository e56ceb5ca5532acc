// The timers that can end a running session, derived from its record, the settings and the clock:
// nothing is scheduled per session, a periodic sweep compares them with the time.
import type { SessionTimer, SessionTimerKind, TerminationCause } from '../../shared/session';
import type { Settings } from '../../shared/settings';
import { SETTINGS_SPEC } from '../../shared/settings';

/** Durations in milliseconds, from the settings or, in tests, from the engine's constructor. */
export interface Timing {
  inactivityTimeoutMs: number;
  maxSessionMs: number;
  /** 0: a session keeps running after its last viewer leaves (unless its type says otherwise). */
  lastViewerGraceMs: number;
  startTimeoutMs: number;
  sweepIntervalMs: number;
}

export type TimingOverrides = Partial<Timing>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function timingFrom(settings: Settings, overrides: TimingOverrides = {}): Timing {
  return {
    inactivityTimeoutMs: settings.inactivityTimeoutMinutes * MINUTE,
    maxSessionMs: settings.maxSessionHours * HOUR,
    lastViewerGraceMs: settings.lastViewerGraceSeconds * 1000,
    startTimeoutMs: settings.startTimeoutSeconds * 1000,
    sweepIntervalMs: settings.sweepIntervalSeconds * 1000,
    ...overrides,
  };
}

/** No session may run longer than the setting's upper bound, however often it is extended. */
export const ABSOLUTE_MAX_SESSION_MS = SETTINGS_SPEC.maxSessionHours.max * HOUR;

export interface TimedSession {
  createdAt: number;
  lastActivityAt: number;
  /** Set when the session was extended; otherwise createdAt + maxSessionMs. */
  extendedDeadline?: number;
  viewers: number;
  /** When the viewer count last fell to zero; undefined while viewed or never viewed. */
  lastViewerLeftAt?: number;
  /** Its type's end_when_last_viewer_leaves grace; undefined: the setting decides. */
  lastViewerGraceMs?: number;
}

/** A running session is warned this long before a timer ends it. */
export const TIMER_WARNING_MS = 2 * 60_000;

export const CAUSE_OF_TIMER: Record<SessionTimerKind, TerminationCause> = {
  inactivity: 'inactivity_timeout',
  max_duration: 'max_duration',
  last_viewer_grace: 'last_viewer_left',
};

export const deadlineOf = (session: TimedSession, timing: Timing): number =>
  session.extendedDeadline ?? session.createdAt + timing.maxSessionMs;

/** How long the session runs on after its last viewer left, or undefined: it keeps running. */
export function lastViewerGrace(session: TimedSession, timing: Timing): number | undefined {
  if (session.lastViewerGraceMs !== undefined) return session.lastViewerGraceMs;
  return timing.lastViewerGraceMs > 0 ? timing.lastViewerGraceMs : undefined;
}

/** Every timer that applies to the session now, soonest first. */
export function activeTimers(session: TimedSession, timing: Timing): SessionTimer[] {
  const timers: SessionTimer[] = [
    { kind: 'inactivity', at: session.lastActivityAt + timing.inactivityTimeoutMs },
    { kind: 'max_duration', at: deadlineOf(session, timing) },
  ];
  const grace = lastViewerGrace(session, timing);
  if (session.viewers === 0 && session.lastViewerLeftAt !== undefined && grace !== undefined) {
    timers.push({ kind: 'last_viewer_grace', at: session.lastViewerLeftAt + grace });
  }
  return timers.sort((a, b) => a.at - b.at);
}

export const nextTimer = (session: TimedSession, timing: Timing): SessionTimer | undefined => activeTimers(session, timing)[0];

/** The deadline after an extension: now + the maximum duration, never past the absolute bound. */
export const extendedDeadline = (session: TimedSession, timing: Timing, now: number): number =>
  Math.min(now + timing.maxSessionMs, session.createdAt + ABSOLUTE_MAX_SESSION_MS);
