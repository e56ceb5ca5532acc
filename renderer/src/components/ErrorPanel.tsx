// What went wrong: failed API calls, and sessions whose start failed with the script's message and log.
import { useShallow } from 'zustand/react/shallow';
import { useDeckStore } from '../store/deckStore';
import { selectFailedSessions, selectVisibleErrors } from '../store/selectors';

const OPERATION_LABELS = {
  load: 'Could not load the session list',
  start: 'Could not start',
  stop: 'Could not stop',
  viewer: 'Viewer',
  extend: 'Could not extend',
} as const;

export function ErrorPanel() {
  const errors = useDeckStore(useShallow(selectVisibleErrors));
  const failures = useDeckStore(useShallow(selectFailedSessions));
  const actions = useDeckStore((state) => state.actions);
  if (errors.length === 0 && failures.length === 0) return null;
  return (
    <section className="errors" aria-label="Errors">
      {errors.map((error) => (
        <div key={error.id} className="error" role="alert">
          <p>
            <strong>
              {OPERATION_LABELS[error.operation]}
              {error.subject ? ` ${error.subject}` : ''}:
            </strong>{' '}
            {error.message} <span className="muted small">({error.code})</span>
          </p>
          <button type="button" onClick={() => actions.dismissError(error.id)} aria-label="Dismiss error">
            Dismiss
          </button>
        </div>
      ))}
      {failures.map((session) => (
        <div key={session.id} className="error" role="alert">
          <div>
            <p>
              <strong>
                Session <span className="mono">{session.id}</span> ({session.type}, slot {session.index}) failed
              </strong>
              {session.cause ? <span className="muted small"> ({session.cause})</span> : null}
              {session.message ? `: ${session.message}` : ''}
            </p>
            {session.logTail && (
              <details open>
                <summary>Log tail</summary>
                <pre className="log-tail">{session.logTail}</pre>
              </details>
            )}
          </div>
          <button type="button" onClick={() => actions.dismissFailure(session.id)} aria-label={`Dismiss failure of ${session.id}`}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
