// Which timer ends a session next, in words, and whether it is time to warn the user.
import type { SessionInfo, SessionTimerKind } from '../../../electron/shared/session';
import { formatCountdown } from '../lib/format';
import { WARNING_LEAD_MS } from '../lib/sessionFuture';

/** Warn this long before a timer fires. */
export const TIMER_WARNING_MS = WARNING_LEAD_MS;

export const TIMER_LABELS: Record<SessionTimerKind, string> = {
  inactivity: 'Closes after inactivity in',
  max_duration: 'Reaches its maximum duration in',
  last_viewer_grace: 'Stops with no viewer in',
};

const TIMER_REASONS: Record<SessionTimerKind, string> = {
  inactivity: 'inactivity',
  max_duration: 'maximum duration',
  last_viewer_grace: 'no viewer connected',
};

export interface TimerView {
  kind: SessionTimerKind;
  /** e.g. `Closes after inactivity in 12:03`. */
  text: string;
  remainingMs: number;
  warning: boolean;
  /** The alert's text: static, so a screen reader announces it once, not every second. */
  alert: string;
}

export function describeTimer(session: SessionInfo, now: number): TimerView | null {
  const timer = session.nextTimer;
  if (!timer) return null;
  const remainingMs = Math.max(0, timer.at - now);
  const warning = remainingMs < TIMER_WARNING_MS;
  const advice = timer.kind === 'last_viewer_grace' ? 'View it or extend it to keep it.' : 'Extend it to keep it.';
  return {
    kind: timer.kind,
    text: `${TIMER_LABELS[timer.kind]} ${formatCountdown(remainingMs)}`,
    remainingMs,
    warning,
    alert: `Session ${session.id} (${session.type}) ends in less than 2 minutes (${TIMER_REASONS[timer.kind]}). ${advice}`,
  };
}
