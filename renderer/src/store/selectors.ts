// Derived values, kept apart from the state so components and tests read them the same way.
// Selectors that build arrays must be used with useShallow (zustand 5 compares snapshots by identity).
import type { SessionInfo, SessionState, SessionTypeInfo } from '../../../electron/shared/session';
import { isFinalState } from '../../../electron/shared/session';
import type { DeckError, DeckState, Launch, PendingStart } from './deckTypes';
import { isSameFailure } from './noticesSlice';

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

/** Sessions that count against the user limit (every one not ended). */
export const selectActiveCount = (state: DeckState): number => selectActiveSessions(state).length;

/** Why a type cannot be started right now, in words for the user; null when it can. */
export const selectStartBlocker =
  (type: SessionTypeInfo) =>
  (state: DeckState): string | null => {
    if (state.hostDown) return 'The Session Deck host is not answering.';
    if (type.removed) return 'Removed from the sessions file: running sessions continue, no new one starts.';
    if (!type.allowed) return `Not allowed for you${type.notAllowedReason ? `: ${type.notAllowedReason}` : '.'}`;
    if (type.notInstalled) return `Cannot start here: ${type.notInstalled}.`;
    if (state.pendingStarts[type.name]) return 'A session of this type is starting.';
    if (type.sizes.length === 0) return 'No window size is configured for this type.';
    if (type.slots.length === 0) return 'This type has no slots.';
    const unavailable = type.slots.filter((slot) => slot.state === 'unavailable').length;
    if (freeSlotCount(type) === 0 && unavailable === 0) {
      return `At capacity: all ${type.slots.length} slots of this type are in use.`;
    }
    // The engine looks at such slots again every few seconds (and at a start), so this clears by itself.
    if (freeSlotCount(type) === 0) {
      return unavailable === type.slots.length
        ? 'No free slot: another program (not Session Deck) holds every slot of this type; see why below.'
        : 'No free slot: the others are held by another program (not Session Deck); see why below.';
    }
    const limit = state.settings?.userLimit;
    const active = selectActiveCount(state);
    if (limit !== undefined && active >= limit) {
      return `At your limit: ${active} of ${limit} sessions running (Settings, User limit).`;
    }
    return null;
  };

/**
 * The session the viewer shows: the selected one while it is viewable, else the newest viewable open
 * tab, else the newest viewable session the user has not disconnected from.
 */
export const selectViewerSession = (state: DeckState): SessionInfo | undefined => {
  const selected = state.selectedSessionId ? state.sessions[state.selectedSessionId] : undefined;
  if (selected && isViewable(selected)) return selected;
  const viewable = selectActiveSessions(state).filter(isViewable);
  return viewable.find((session) => state.openTabs.includes(session.id)) ?? viewable.find((session) => !state.disconnected[session.id]);
};

/** Ids of the sessions whose viewer is mounted (connected): the open tabs and the one shown, in tab order. */
export const selectViewerTabs = (state: DeckState): string[] => {
  const shown = selectViewerSession(state)?.id;
  const tabs = state.openTabs.filter((id) => {
    const session = state.sessions[id];
    return session !== undefined && isViewable(session);
  });
  return shown === undefined || tabs.includes(shown) ? tabs : [...tabs, shown];
};

/** The last-known session of a type still starting (or queued), to show which slot it took. */
export const selectStartingSessionOfType =
  (type: string) =>
  (state: DeckState): SessionInfo | undefined =>
    selectActiveSessions(state).find((session) => session.type === type && (session.state === 'starting' || session.state === 'queued'));

/**
 * Errors to show: a failed start is reported both by the call (an ApiError) and by the failed
 * session (with the script's log); while the session's report is shown, the call's is not.
 */
export const selectVisibleErrors = (state: DeckState): DeckError[] => {
  const failures = selectFailedSessions(state);
  return state.errors.filter((error) => !failures.some((session) => isSameFailure(error, session)));
};

/** A resolved start whose viewer has not shown the desktop yet, while its session still runs. */
export const selectLaunch =
  (type: string) =>
  (state: DeckState): Launch | undefined => {
    const launch = state.launches[type];
    const session = launch ? state.sessions[launch.sessionId] : undefined;
    return launch && session && isViewable(session) ? launch : undefined;
  };

/** Start errors are shown in their type's card; the error panel shows the rest. */
const isCardError = (state: DeckState, error: DeckError) =>
  error.operation === 'start' && state.types.some((type) => type.name === error.subject);

export const selectStartErrorsOfType =
  (type: string) =>
  (state: DeckState): DeckError[] =>
    selectVisibleErrors(state).filter((error) => error.operation === 'start' && error.subject === type);

export const selectFailedSessionsOfType =
  (type: string) =>
  (state: DeckState): SessionInfo[] =>
    selectFailedSessions(state).filter((session) => session.type === type);

/** Errors for the window-wide panel: everything not shown in a type card. */
export const selectPanelErrors = (state: DeckState): DeckError[] =>
  selectVisibleErrors(state).filter((error) => !isCardError(state, error));

export const selectPanelFailures = (state: DeckState): SessionInfo[] =>
  selectFailedSessions(state).filter((session) => !state.types.some((type) => type.name === session.type));
