// One live session as a card: a live thumbnail, its label (renamed in place) and what it is, the size
// it runs at now, how long it has run, the timer that ends it next (with a warning and Extend), and
// its View and Stop buttons.
import { useState, type FormEvent, type ReactNode } from 'react';
import { MAX_LABEL_LENGTH, type SessionInfo } from '../../../electron/shared/session';
import { isViewable } from '../store/selectors';
import { formatBytes, formatDuration, formatMoment, formatSize, stateLabel } from '../lib/format';
import { JobStatus } from './JobStatus';
import { describeTimer } from './sessionTimer';

export interface SessionRowProps {
  session: SessionInfo;
  now: number;
  viewing: boolean;
  stopping: boolean;
  extending: boolean;
  thumbnail: string | undefined;
  /** The session's share links, if any (rendered by the list, which has the API). */
  shares?: ReactNode;
  onView(): void;
  onStop(): void;
  onExtend(): void;
  /** Resolves true once renamed. */
  onRename(label: string): Promise<boolean>;
}

/** The session's label, or a form to change it. */
function SessionLabel({ session, onRename }: { session: SessionInfo; onRename(label: string): Promise<boolean> }) {
  const [editing, setEditing] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (editing === null) return;
    void onRename(editing).then((done) => done && setEditing(null));
  };
  if (editing === null) {
    return (
      <p className="session-label">
        {session.label ? <strong>{session.label}</strong> : <span className="muted small">No label</span>}{' '}
        <button type="button" className="link small" onClick={() => setEditing(session.label ?? '')} aria-label={`Rename ${session.id}`}>
          Rename
        </button>
      </p>
    );
  }
  return (
    <form className="session-label" onSubmit={submit}>
      <input
        type="text"
        aria-label={`Label of ${session.id}`}
        maxLength={MAX_LABEL_LENGTH}
        value={editing}
        autoFocus
        onChange={(event) => setEditing(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && setEditing(null)}
      />
      <button type="submit" className="small">
        Save
      </button>
    </form>
  );
}

export function SessionRow({ session, now, viewing, stopping, extending, thumbnail, shares, onView, onStop, onExtend, onRename }: SessionRowProps) {
  const size = session.currentSize ?? session.size;
  const timer = describeTimer(session, now);
  const running = isViewable(session);
  return (
    <li className={`session-row${viewing ? ' is-viewing' : ''}${timer?.warning ? ' is-warning' : ''}`}>
      <div className="session-main">
        <button type="button" className="thumb" onClick={onView} disabled={!running} tabIndex={-1} aria-hidden="true">
          {thumbnail ? <img src={thumbnail} alt="" /> : <span className="thumb-empty">{running ? 'no picture yet' : stateLabel(session.state)}</span>}
        </button>
        <div className="session-info">
          <SessionLabel session={session} onRename={onRename} />
          <p className="session-title">
            <strong>{session.type}</strong> <span className="muted">slot {session.index}</span>
            {session.host && <span className="muted"> on {session.host}</span>}
          </p>
          <p className="muted small">
            <span className="mono">{session.id}</span> · <span title="The size the desktop runs at now">{formatSize(size)}</span>
            {size !== session.size && <span> (started at {formatSize(session.size)})</span>}
          </p>
          <p className="small">
            <span className={`badge badge-${session.state}`}>{stopping ? 'stopping…' : stateLabel(session.state)}</span>{' '}
            <span className="muted">
              {session.user} · up {formatDuration(now - session.createdAt)} · {session.viewers} viewer{session.viewers === 1 ? '' : 's'}
            </span>
          </p>
          <JobStatus session={session} now={now} />
        </div>
      </div>
      {timer && (
        <p className={`timer small${timer.warning ? ' is-warning' : ''}`}>
          {timer.text}
          {session.deadline !== undefined && <span className="muted"> · ends by {formatMoment(session.deadline, now)} at the latest</span>}
        </p>
      )}
      {timer?.warning && (
        <p role="alert" className="timer-alert small">
          {timer.alert}
        </p>
      )}
      <p className="muted small traffic" title="Data sent to the viewers (↓) and from them (↑), so far">
        ↓ {formatBytes(session.bytesToViewer)} ↑ {formatBytes(session.bytesFromViewer)}
      </p>
      {shares}
      <div className="row-actions">
        <button type="button" aria-pressed={viewing} onClick={onView} disabled={!running} aria-label={`View ${session.id}`}>
          View
        </button>
        <button type="button" onClick={onExtend} disabled={!running || extending} aria-label={`Extend ${session.id}`}>
          {extending ? 'Extending…' : 'Extend'}
        </button>
        <button type="button" className="danger" onClick={onStop} disabled={stopping} aria-label={`Stop ${session.id}`}>
          Stop
        </button>
      </div>
    </li>
  );
}
