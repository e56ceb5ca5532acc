// Why a start failed, in the card of the type the user tried to start: which limit, not authorized,
// or the script's error with the tail of its log.
import type { SessionInfo } from '../../../electron/shared/session';
import type { DeckError } from '../store/deckTypes';
import { causeLabel } from '../lib/format';
import { LogTail } from './LogTail';

export function startErrorTitle(error: DeckError): string {
  switch (error.code) {
    case 'at_capacity':
      if (error.details?.limit === 'user') return 'At capacity: your user limit is reached';
      if (error.details?.limit !== 'type') return 'At capacity';
      // Slots another program holds are not "in use" by sessions: say which it is.
      return typeof error.details.heldByOthers === 'number' && error.details.heldByOthers > 0
        ? 'No free slot: another program holds them'
        : 'At capacity: every slot of this type is in use';
    case 'not_authorized':
      return 'Not authorized to start this type';
    case 'start_failed':
      return 'The session script failed';
    case 'unknown_type':
      return 'This type no longer exists';
    case 'journal_unavailable':
      return 'Not started: Session Deck cannot record it (its data directory cannot be written)';
    default:
      return 'Could not start';
  }
}

export function StartErrorReport({ error, onDismiss }: { error: DeckError; onDismiss(): void }) {
  const logTail = typeof error.details?.logTail === 'string' ? error.details.logTail : undefined;
  return (
    <div className="error" role="alert">
      <div>
        <p>
          <strong>{startErrorTitle(error)}.</strong> {error.message} <span className="muted small">({error.code})</span>
        </p>
        {logTail && (
          <details open>
            <summary>Log tail</summary>
            <LogTail text={logTail} />
          </details>
        )}
      </div>
      <button type="button" onClick={onDismiss} aria-label="Dismiss error">
        Dismiss
      </button>
    </div>
  );
}

export function FailedSessionReport({ session, onDismiss }: { session: SessionInfo; onDismiss(): void }) {
  return (
    <div className="error" role="alert">
      <div>
        <p>
          <strong>
            Session <span className="mono">{session.id}</span> (slot {session.index}) failed
          </strong>
          {session.cause ? <span className="muted small"> ({causeLabel(session.cause)})</span> : null}
          {session.message ? `: ${session.message}` : ''}
        </p>
        {session.logTail && (
          <details open>
            <summary>Log tail</summary>
            <LogTail text={session.logTail} />
          </details>
        )}
      </div>
      <button type="button" onClick={onDismiss} aria-label={`Dismiss failure of ${session.id}`}>
        Dismiss
      </button>
    </div>
  );
}
