// Derived values, kept apart from the state so components and tests read them the same way.
// Selectors that build arrays must be used with useShallow (zustand 5 compares snapshots by identity).
import type { SessionInfo, SessionState, SessionTypeInfo } from '../../../electron/shared/session';
import { isFinalState } from '../../../electron/shared/session';
import { type DeckError, type DeckState, isSameFailure, type PendingStart } from './deckStore';

/** States in which a session has a desktop a viewer can connect to. */
const VIEWABLE: readonly SessionState[] = ['ready', 'connected', 'idle'];
export const isViewable = (session: SessionInfo): boolean => VIEWABLE.includes(session.state);

const newestFirst = (a: SessionInfo, b: SessionInfo) => b.createdAt - a.createdAt || a.id.localeCompare(b.id);

export const selectTypes = (state: DeckState): SessionTypeInfo[] => state.types;
export const selectStatus = (state: DeckState) => state.status;
export const selectErrors = (state: DeckState): DeckError[] => state.errors;

export const selectType =
  (name: string) =>
  (state: DeckState): SessionTypeInfo | undefined =>
    state.types.find((type) => type.name === name);

/** Sessions that have not ended, newest first. */
export const selectActiveSessions = (state: DeckState): SessionInfo[] =>
  Object.values(state.sessions)
    .filter((session) => !isFinalState(session.state))
    .sort(newestFirst);

/** Failed sessions whose report the user has not closed, newest first. */
export const selectFailedSessions = (state: DeckState): SessionInfo[] =>
  Object.values(state.sessions)
    .filter((session) => session.state === 'failed' && !state.dismissedFailures[session.id])
    .sort(newestFirst);

export const selectPendingStart =
  (type: string) =>
  (state: DeckState): PendingStart | undefined =>
    state.pendingStarts[type];

export const selectIsStopping =
  (id: string) =>
  (state: DeckState): boolean =>
    state.pendingStops[id] === true;

export const freeSlotCount = (type: SessionTypeInfo): number =>
  type.slots.filter((slot) => slot.state === 'free').length;

/** The size the picker shows for a type: the user's choice if still offered, else the first size. */
export const selectSelectedSize =
  (type: SessionTypeInfo) =>
  (state: DeckState): string | undefined => {
    const chosen = state.selectedSizes[type.name];
    return chosen !== undefined && type.sizes.includes(chosen) ? chosen : type.sizes[0];
  };

/** Why a type cannot be started right now, in words for the user; null when it can. */
export const selectStartBlocker =
  (type: SessionTypeInfo) =>
  (state: DeckState): string | null => {
    if (state.pendingStarts[type.name]) return 'A session of this type is starting.';
    if (type.sizes.length === 0) return 'No window size is configured for this type.';
    if (type.slots.length === 0) return 'This type has no slots.';
    if (freeSlotCount(type) === 0) {
      return `No free slot: all ${type.slots.length} in use.`;
    }
    return null;
  };

/** The session the viewer shows: the selected one while it is viewable, else the newest viewable one. */
export const selectViewerSession = (state: DeckState): SessionInfo | undefined => {
  const selected = state.selectedSessionId ? state.sessions[state.selectedSessionId] : undefined;
  if (selected && isViewable(selected)) return selected;
  return selectActiveSessions(state).find(isViewable);
};

/** The last-known session of a type still starting, to show which slot it took. */
export const selectStartingSessionOfType =
  (type: string) =>
  (state: DeckState): SessionInfo | undefined =>
    selectActiveSessions(state).find((session) => session.type === type && session.state === 'starting');

/**
 * Errors to show: a failed start is reported both by the call (an ApiError) and by the failed
 * session (with the script's log); while the session's report is shown, the call's is not.
 */
export const selectVisibleErrors = (state: DeckState): DeckError[] => {
  const failures = selectFailedSessions(state);
  return state.errors.filter((error) => !failures.some((session) => isSameFailure(error, session)));
};
