// One live session: what it is, how long it has run, and its View and Stop buttons.
import type { SessionInfo } from '../../../electron/shared/session';
import { isViewable } from '../store/selectors';
import { formatDuration, formatSize, stateLabel } from './format';

export interface SessionRowProps {
  session: SessionInfo;
  now: number;
  viewing: boolean;
  stopping: boolean;
  onView(): void;
  onStop(): void;
}

export function SessionRow({ session, now, viewing, stopping, onView, onStop }: SessionRowProps) {
  return (
    <li className={`session-row${viewing ? ' is-viewing' : ''}`}>
      <span className="mono">{session.id}</span>
      <span>
        {session.type} · slot {session.index} · {formatSize(session.size)}
      </span>
      <span className={`badge badge-${session.state}`}>{stopping ? 'stopping…' : stateLabel(session.state)}</span>
      <span className="muted small">up {formatDuration(now - session.createdAt)}</span>
      <span className="row-actions">
        <button
          type="button"
          aria-pressed={viewing}
          onClick={onView}
          disabled={!isViewable(session)}
          aria-label={`View ${session.id}`}
        >
          View
        </button>
        <button type="button" className="danger" onClick={onStop} disabled={stopping} aria-label={`Stop ${session.id}`}>
          Stop
        </button>
      </span>
    </li>
  );
}
