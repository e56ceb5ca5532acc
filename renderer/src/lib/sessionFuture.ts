// What happens to a session next, and when: whether to warn now, and what Disconnect and Extend
// tell the user, read from the session's own timers (the engine's next timer and deadline).
import type { SessionInfo, SessionTimer } from '../../../electron/shared/session';
import { formatCountdown, formatMoment } from './format';

/** Warn this long before a timer ends a session. */
export const WARNING_LEAD_MS = 2 * 60_000;

/**
 * The timer to warn about now: the engine's warning while that timer still stands, else the
 * session's next timer once it is closer than WARNING_LEAD_MS (a page opened after the warning).
 */
export function warningTimer(session: SessionInfo, warned: SessionTimer | undefined, now: number): SessionTimer | null {
  const next = session.nextTimer;
  if (!next) return null;
  if (warned && warned.kind === next.kind && warned.at === next.at) return next;
  return next.at - now < WARNING_LEAD_MS ? next : null;
}

/** After a Disconnect: the session keeps running; until when, and what ends it. */
export function afterDisconnect(session: SessionInfo, now: number): string {
  const timer = session.nextTimer;
  const latest = session.deadline === undefined ? '' : ` It ends at ${formatMoment(session.deadline, now)} at the latest (maximum duration).`;
  if (!timer) return `It keeps running until you stop it.${latest}`;
  const at = formatMoment(timer.at, now);
  const left = formatCountdown(timer.at - now);
  switch (timer.kind) {
    case 'last_viewer_grace':
      return `It stops at ${at} (in ${left}) because no viewer is connected, unless you view it again.${latest}`;
    case 'inactivity':
      return `It keeps running without a viewer until its inactivity timeout: it closes at ${at} (in ${left}) unless you view or extend it.${latest}`;
    case 'max_duration':
      return `It keeps running until its maximum duration, at ${at} (in ${left}).`;
    default: {
      const unexpected: never = timer.kind;
      return unexpected;
    }
  }
}

/** After Extend: the timer and the deadline it moved to. */
export function afterExtend(result: { timer?: SessionInfo['nextTimer']; deadline?: number }, now: number): string {
  const parts: string[] = [];
  if (result.timer?.kind === 'inactivity') parts.push(`closes after inactivity at ${formatMoment(result.timer.at, now)} at the earliest`);
  else if (result.timer?.kind === 'last_viewer_grace') parts.push(`stops at ${formatMoment(result.timer.at, now)} unless a viewer connects`);
  if (result.deadline !== undefined) parts.push(`ends by ${formatMoment(result.deadline, now)} at the latest`);
  return parts.length > 0 ? `Extended: it now ${parts.join(', and ')}.` : 'Extended.';
}
