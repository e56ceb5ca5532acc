// How reports about sessions are merged. Events, list replies and command replies can cross on the
// way, so each report is judged by the engine's `revision`, which advances on every change to a
// session; `updatedAt` cannot be used, because extend, viewer counts, start steps and traffic leave it.
// Byte counts also come alone (traffic events, without a revision): they only grow, so the larger wins.
import type { SessionInfo, TrafficTotals } from '../../../electron/shared/session';

/** The newer of two reports about one session; on equal revisions the incoming one (they agree). */
export function newerReport(current: SessionInfo | undefined, incoming: SessionInfo): SessionInfo {
  if (current === undefined) return incoming;
  const newer = current.revision > incoming.revision ? current : incoming;
  const older = newer === current ? incoming : current;
  return withTraffic(newer, { sessionId: newer.id, bytesToViewer: older.bytesToViewer, bytesFromViewer: older.bytesFromViewer });
}

/** The session with the larger of its byte counts and the traffic's; the same object when nothing grew. */
export function withTraffic(session: SessionInfo, traffic: TrafficTotals): SessionInfo {
  const bytesToViewer = Math.max(session.bytesToViewer, traffic.bytesToViewer);
  const bytesFromViewer = Math.max(session.bytesFromViewer, traffic.bytesFromViewer);
  if (bytesToViewer === session.bytesToViewer && bytesFromViewer === session.bytesFromViewer) return session;
  return { ...session, bytesToViewer, bytesFromViewer };
}

/** Merges single reports (an event, a command's reply) into the known sessions. */
export function mergeReports(sessions: Record<string, SessionInfo>, incoming: readonly SessionInfo[]): Record<string, SessionInfo> {
  const merged = { ...sessions };
  for (const session of incoming) merged[session.id] = newerReport(merged[session.id], session);
  return merged;
}

/**
 * Merges a list reply requested at tick `requestedAt`. The list is the whole truth only about what
 * it could have known: a session it lacks is dropped unless it was reported after the request (it
 * may have started meanwhile), or it failed (its report stays until the user dismisses it).
 */
export function mergeList(
  sessions: Record<string, SessionInfo>,
  reportedAt: Record<string, number>,
  listed: readonly SessionInfo[],
  requestedAt: number,
): Record<string, SessionInfo> {
  const kept: Record<string, SessionInfo> = {};
  for (const [id, session] of Object.entries(sessions)) {
    if (session.state === 'failed' || (reportedAt[id] ?? 0) > requestedAt) kept[id] = session;
  }
  for (const session of listed) kept[session.id] = newerReport(sessions[session.id], session);
  return kept;
}
