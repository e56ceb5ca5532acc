// What went wrong: failed API calls, and sessions whose start failed with the script's message and log.
import { useShallow } from 'zustand/react/shallow';
import { useDeckStore } from '../store/useDeckStore';
import { selectPanelErrors, selectPanelFailures } from '../store/selectors';
import { LogTail } from './LogTail';
import { FailedSessionReport } from './StartError';

const OPERATION_LABELS = {
  load: 'Could not load the session list',
  start: 'Could not start',
  stop: 'Could not stop',
  viewer: 'Viewer',
  extend: 'Could not extend',
  rename: 'Could not rename',
} as const;

/** `loginHref`: where to log in again (the headless host's login page) when the host no longer knows us. */
export function ErrorPanel({ loginHref }: { loginHref?: string | undefined }) {
  // The host being unreachable is said once, by the banner over the window.
  const errors = useDeckStore(useShallow((state) => selectPanelErrors(state).filter((error) => error.code !== 'unreachable')));
  const failures = useDeckStore(useShallow(selectPanelFailures));
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
            {typeof error.details?.logTail === 'string' && <LogTail text={error.details.logTail} />}
            {error.code === 'unauthenticated' && loginHref && (
              <>
                {' '}
                <a href={loginHref}>Log in again</a> with the access token (the host may have restarted).
              </>
            )}
          </p>
          <button type="button" onClick={() => actions.dismissError(error.id)} aria-label="Dismiss error">
            Dismiss
          </button>
        </div>
      ))}
      {failures.map((session) => (
        <FailedSessionReport key={session.id} session={session} onDismiss={() => actions.dismissFailure(session.id)} />
      ))}
    </section>
  );
}
