// Notices: errors of the user's operations, failed sessions' reports, and desktops that ended by
// themselves, each kept until dismissed.
import { ApiError } from '../../../electron/shared/errors';
import { isFinalState, type SessionInfo } from '../../../electron/shared/session';
import type { DeckError, NoticesActions, NoticesState, SliceContext } from './deckTypes';
import { without } from './records';

export const initialNoticesState = (): NoticesState => ({
  errors: [],
  nextErrorId: 1,
  dismissedFailures: {},
  endedNotices: {},
});

export function toDeckError(id: number, operation: DeckError['operation'], error: unknown, subject?: string): DeckError {
  const base = { id, operation, ...(subject === undefined ? {} : { subject }) };
  if (error instanceof ApiError) {
    return { ...base, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  return { ...base, code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** A start error and a failed session that say the same thing (shown once, with the session's log). */
export const isSameFailure = (error: DeckError, session: SessionInfo): boolean =>
  error.operation === 'start' &&
  error.subject === session.type &&
  session.message !== undefined &&
  session.message.length > 0 &&
  // The call's message may prefix the session's (e.g. with the type name).
  error.message.includes(session.message);

/**
 * A session that was running and ended without this window stopping it (a timeout, its server
 * exiting, a stop from another window or the API): worth saying why its desktop went away.
 * Failed starts are not: their card reports them.
 */
export const isEndedElsewhere = (previous: SessionInfo, next: SessionInfo, stoppedHere: boolean): boolean =>
  previous.state !== 'starting' &&
  !isFinalState(previous.state) &&
  isFinalState(next.state) &&
  !(next.cause === 'user_stopped' && stoppedHere);

export function noticesActions({ set }: SliceContext): NoticesActions {
  return {
    reportError: (operation, error, subject) =>
      set((state) => ({
        errors: [...state.errors, toDeckError(state.nextErrorId, operation, error, subject)],
        nextErrorId: state.nextErrorId + 1,
      })),
    clearErrors: (operation, subject) =>
      set((state) => ({
        errors: state.errors.filter((error) => !(error.operation === operation && (subject === undefined || error.subject === subject))),
      })),
    dismissError: (id) => set((state) => ({ errors: state.errors.filter((error) => error.id !== id) })),
    dismissFailure: (sessionId) =>
      set((state) => {
        const failed = state.sessions[sessionId];
        return {
          dismissedFailures: { ...state.dismissedFailures, [sessionId]: true },
          // The start error that reported this same failure goes with it.
          errors: failed ? state.errors.filter((error) => !isSameFailure(error, failed)) : state.errors,
        };
      }),
    // The notice stands where the desktop was: dismissing it closes that tab too.
    dismissNotice: (id) =>
      set((state) => ({ endedNotices: without(state.endedNotices, id), openTabs: state.openTabs.filter((tab) => tab !== id) })),
  };
}
