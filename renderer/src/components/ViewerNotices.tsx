// What the viewer area says about desktops that went away: one that ended without this window
// stopping it (why, and Start again with the same type and size), and one the user disconnected
// from (it keeps running: until when, read from its timers). They float over the desktop area, so
// nothing moves under the pointer.
import type { SessionInfo } from '../../../electron/shared/session';
import { causeLabel, endDetail, sessionName } from '../lib/format';
import { afterDisconnect } from '../lib/sessionFuture';

export function endedText(session: SessionInfo): string {
  const cause =
    session.cause === 'user_stopped' ? ': stopped from elsewhere (another window or the API)' : session.cause ? `: ${causeLabel(session.cause)}` : '';
  const message = endDetail(session.cause, session.message);
  const detail = message ? ` (${message})` : '';
  return `Session ${session.id} (${session.type}, slot ${session.index}) ended${cause}${detail}.`;
}

export interface ViewerNoticesProps {
  ended: SessionInfo[];
  /** Sessions disconnected from here that still run. */
  disconnected: SessionInfo[];
  now: number;
  /** Whether a start of this type can go now (null) or why not. */
  startBlocker(type: string): string | null;
  onDismissEnded(id: string): void;
  onStartAgain(session: SessionInfo): void;
  onViewAgain(id: string): void;
  onDismissDisconnected(id: string): void;
}

export function ViewerNotices({ ended, disconnected, now, startBlocker, onDismissEnded, onStartAgain, onViewAgain, onDismissDisconnected }: ViewerNoticesProps) {
  if (ended.length === 0 && disconnected.length === 0) return null;
  return (
    <div className="notices">
      {ended.map((session) => {
        const blocker = startBlocker(session.type);
        return (
          <div key={session.id} className="notice" role="alert">
            <p>{endedText(session)}</p>
            <div className="notice-actions">
              <button type="button" onClick={() => onStartAgain(session)} disabled={blocker !== null} title={blocker ?? `A new ${session.type} session at ${session.size}`}>
                Start again
              </button>
              <button type="button" onClick={() => onDismissEnded(session.id)} aria-label={`Dismiss notice about ${session.id}`}>
                Dismiss
              </button>
            </div>
          </div>
        );
      })}
      {disconnected.map((session) => (
        <div key={session.id} className="notice notice-info" role="note" aria-label={`Disconnected from ${session.id}`}>
          <p>
            <strong>
              Disconnected from {sessionName(session)}.
            </strong>{' '}
            The session keeps running. {afterDisconnect(session, now)}
          </p>
          <div className="notice-actions">
            <button type="button" onClick={() => onViewAgain(session.id)}>
              View again
            </button>
            <button type="button" onClick={() => onDismissDisconnected(session.id)} aria-label={`Dismiss disconnect note about ${session.id}`}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
