// The renderer's state: what the API last told us, what the user is waiting for, and what went wrong.
// State and actions live here; derived values are in selectors.ts.
import { create } from 'zustand';
import type { SessionDeckApi } from '../../../electron/shared/api';
import { ApiError, type ApiErrorCode } from '../../../electron/shared/errors';
import { type ConfigStatus, type DeckEvent, isFinalState, type SessionInfo, type SessionTypeInfo } from '../../../electron/shared/session';
import type { Settings } from '../../../electron/shared/settings';
import type { ViewerPhase } from '../viewer/viewerConnection';

export type LoadStatus = 'idle' | 'loading' | 'loaded' | 'error';

/** A start the user asked for that has not answered yet. At most one per type. */
export interface PendingStart {
  type: string;
  size: string;
  /** Epoch milliseconds. */
  since: number;
}

export interface DeckError {
  /** Unique, for keys and dismissal. */
  id: number;
  /** What the user was doing. */
  operation: 'load' | 'start' | 'stop' | 'viewer' | 'extend';
  code: ApiErrorCode;
  message: string;
  /** The error's machine-readable detail (which limit, the script's log tail, ...). */
  details?: Record<string, unknown>;
  /** The type or session it concerns, when there is one. */
  subject?: string;
}

/** The top-level views of the window. */
export const DECK_VIEWS = ['sessions', 'history', 'audit', 'metrics', 'settings'] as const;
export type DeckView = (typeof DECK_VIEWS)[number];

export interface DeckState {
  status: LoadStatus;
  view: DeckView;
  /** The sessions file's state; `error` while it is broken. */
  config: ConfigStatus | null;
  settings: Settings | null;
  types: SessionTypeInfo[];
  /** Every session the API has told us about, by id (failed and terminated ones included). */
  sessions: Record<string, SessionInfo>;
  pendingStarts: Record<string, PendingStart>;
  /** Ids of sessions with a stop in flight. */
  pendingStops: Record<string, true>;
  errors: DeckError[];
  /** Failed sessions whose report the user has closed. */
  dismissedFailures: Record<string, true>;
  /** The size picked per type; falls back to the type's first size. */
  selectedSizes: Record<string, string>;
  /** The session the viewer shows; null means the most recent running one. */
  selectedSessionId: string | null;
  /** Sessions with a viewer tab open (each keeps its connection while it is open), in tab order. */
  openTabs: string[];
  /** Sessions the user disconnected from: not opened again automatically. */
  disconnected: Record<string, true>;
  /** Ids of sessions with an extend in flight. */
  pendingExtends: Record<string, true>;
  /** Small JPEG snapshots of connected viewers (data: URLs), by session id. */
  thumbnails: Record<string, string>;
  /** Where each mounted viewer is (ticket, connecting, first frame, ...), by session id. */
  viewerPhases: Record<string, ViewerPhase>;
  /** Starts that resolved and whose viewer has not shown its first frame yet, by type. */
  launches: Record<string, Launch>;
  /** Running sessions that ended without the user stopping them (timeouts, server exit, ...), until dismissed. */
  endedNotices: Record<string, SessionInfo>;
}

/** A started session on its way to the first frame. */
export interface Launch {
  sessionId: string;
  size: string;
  since: number;
}

export interface DeckActions {
  /** Plain state changes. */
  selectSize(type: string, size: string): void;
  selectSession(id: string | null): void;
  setView(view: DeckView): void;
  /** Opens (or shows) the viewer tab of a session. */
  openTab(id: string): void;
  /** Keeps a desktop shown automatically as a tab of its own (without switching to it). */
  adoptTab(id: string): void;
  /** Closes a session's viewer tab: the connection ends, the session keeps running. */
  closeTab(id: string): void;
  setThumbnail(id: string, dataUrl: string | null): void;
  /** A mounted viewer reports its phase (null when it is unmounted). */
  setViewerPhase(id: string, phase: ViewerPhase | null): void;
  dismissNotice(id: string): void;
  dismissError(id: number): void;
  dismissFailure(sessionId: string): void;
  applyEvent(event: DeckEvent): void;
  reportError(operation: DeckError['operation'], error: unknown, subject?: string): void;
  /** Calls to the API, each recording its outcome. */
  refresh(api: SessionDeckApi): Promise<void>;
  startSession(api: SessionDeckApi, type: string, size: string): Promise<SessionInfo | null>;
  stopSession(api: SessionDeckApi, id: string): Promise<void>;
  extendSession(api: SessionDeckApi, id: string): Promise<void>;
  loadSettings(api: SessionDeckApi): Promise<void>;
}

export type DeckStore = DeckState & { actions: DeckActions };

export function getInitialState(): DeckState {
  return {
    status: 'idle',
    view: 'sessions',
    config: null,
    settings: null,
    types: [],
    sessions: {},
    pendingStarts: {},
    pendingStops: {},
    errors: [],
    dismissedFailures: {},
    selectedSizes: {},
    selectedSessionId: null,
    openTabs: [],
    disconnected: {},
    pendingExtends: {},
    thumbnails: {},
    viewerPhases: {},
    launches: {},
    endedNotices: {},
  };
}

let nextErrorId = 1;

export function toDeckError(operation: DeckError['operation'], error: unknown, subject?: string): DeckError {
  const base = { id: nextErrorId++, operation, ...(subject === undefined ? {} : { subject }) };
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
 */
export const isEndedElsewhere = (previous: SessionInfo, next: SessionInfo, stoppedHere: boolean): boolean =>
  previous.state !== 'starting' &&
  !isFinalState(previous.state) &&
  isFinalState(next.state) &&
  !(next.cause === 'user_stopped' && stoppedHere);

/** Keeps the newer of two reports about the same session (events and list replies can cross). */
function newer(current: SessionInfo | undefined, incoming: SessionInfo): SessionInfo {
  return current && current.updatedAt > incoming.updatedAt ? current : incoming;
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export const useDeckStore = create<DeckStore>()((set, get) => {
  // When each session was last reported, on a counter shared with the refreshes: a list reply only
  // drops sessions it could have known about (not one reported while the list was in flight).
  let clock = 0;
  const reportedAt = new Map<string, number>();
  /** Sessions this window asked to stop: their end needs no explanation. */
  const stoppedHere = new Set<string>();

  const upsertSessions = (incoming: SessionInfo[]) =>
    set((state) => {
      const sessions = { ...state.sessions };
      let endedNotices = state.endedNotices;
      for (const session of incoming) {
        const previous = state.sessions[session.id];
        sessions[session.id] = newer(previous, session);
        reportedAt.set(session.id, ++clock);
        // A running session that ended by itself: say why where its desktop was (failed starts are reported in their card).
        if (previous && isEndedElsewhere(previous, sessions[session.id] ?? session, stoppedHere.has(session.id))) {
          endedNotices = { ...endedNotices, [session.id]: sessions[session.id] ?? session };
        }
      }
      return { sessions, endedNotices };
    });

  /** Applies a list reply requested at `requestedAt`. */
  const replaceSessions = (listed: SessionInfo[], requestedAt: number) =>
    set((state) => {
      const sessions: Record<string, SessionInfo> = {};
      for (const [id, session] of Object.entries(state.sessions)) {
        // Keep failed ones so their report (the script's message and log) stays until dismissed,
        // and ones reported after the list was requested.
        if (session.state === 'failed' || (reportedAt.get(id) ?? 0) > requestedAt) sessions[id] = session;
      }
      for (const session of listed) sessions[session.id] = newer(state.sessions[session.id], session);
      return { sessions };
    });

  const actions: DeckActions = {
    selectSize: (type, size) => set((state) => ({ selectedSizes: { ...state.selectedSizes, [type]: size } })),
    selectSession: (id) => set({ selectedSessionId: id }),
    setView: (view) => set({ view }),
    openTab: (id) =>
      set((state) => ({
        openTabs: state.openTabs.includes(id) ? state.openTabs : [...state.openTabs, id],
        disconnected: without(state.disconnected, id),
        selectedSessionId: id,
        view: 'sessions',
      })),
    adoptTab: (id) => set((state) => (state.openTabs.includes(id) ? state : { openTabs: [...state.openTabs, id] })),
    closeTab: (id) =>
      set((state) => ({
        openTabs: state.openTabs.filter((tab) => tab !== id),
        disconnected: { ...state.disconnected, [id]: true },
        selectedSessionId: state.selectedSessionId === id ? null : state.selectedSessionId,
        thumbnails: without(state.thumbnails, id),
      })),
    setViewerPhase: (id, phase) =>
      set((state) => {
        const viewerPhases = phase ? { ...state.viewerPhases, [id]: phase } : without(state.viewerPhases, id);
        // A launch is over once its viewer shows the desktop, gives up, or goes away.
        const launches = Object.fromEntries(
          Object.entries(state.launches).filter(
            ([, launch]) => launch.sessionId !== id || (phase !== null && phase !== 'connected' && phase !== 'disconnected'),
          ),
        );
        return { viewerPhases, launches };
      }),
    dismissNotice: (id) =>
      set((state) => ({ endedNotices: without(state.endedNotices, id), openTabs: state.openTabs.filter((tab) => tab !== id) })),
    setThumbnail: (id, dataUrl) =>
      set((state) => ({ thumbnails: dataUrl ? { ...state.thumbnails, [id]: dataUrl } : without(state.thumbnails, id) })),
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
    reportError: (operation, error, subject) =>
      set((state) => ({ errors: [...state.errors, toDeckError(operation, error, subject)] })),

    applyEvent(event) {
      switch (event.kind) {
        case 'types':
          set({ types: event.types });
          return;
        case 'session':
          upsertSessions([event.session]);
          return;
        case 'config':
          set({ config: event.config });
          return;
        case 'settings':
          set({ settings: event.settings });
          return;
        default: {
          const unexpected: never = event;
          console.warn('Session Deck: unknown event', unexpected);
        }
      }
    },

    async refresh(api) {
      if (get().status === 'idle') set({ status: 'loading' });
      const requestedAt = ++clock;
      try {
        const [types, sessions] = await Promise.all([api.listTypes(), api.listSessions()]);
        set({ types, status: 'loaded' });
        replaceSessions(sessions, requestedAt);
        // The sessions file's state is secondary: a host without it yet must not fail the load.
        api.getConfigStatus().then(
          (config) => set({ config }),
          (error: unknown) => console.warn('Session Deck: no configuration status', error),
        );
        // A load error from earlier is stale once a load succeeds.
        set((state) => ({ errors: state.errors.filter((error) => error.operation !== 'load') }));
      } catch (error) {
        set((state) => ({
          status: state.status === 'loaded' ? 'loaded' : 'error',
          errors: [...state.errors.filter((e) => e.operation !== 'load'), toDeckError('load', error)],
        }));
      }
    },

    async startSession(api, type, size) {
      if (get().pendingStarts[type]) return null;
      set((state) => ({
        pendingStarts: { ...state.pendingStarts, [type]: { type, size, since: Date.now() } },
        // A new attempt replaces the report of the previous one for this type.
        errors: state.errors.filter((error) => !(error.operation === 'start' && error.subject === type)),
      }));
      try {
        const session = await api.startSession({ type, size });
        upsertSessions([session]);
        set((state) => {
          // Its viewer may have opened already (events can beat the reply): no launch left to follow then.
          const phase = state.viewerPhases[session.id];
          if (phase === 'connected' || phase === 'disconnected') return state;
          return { launches: { ...state.launches, [type]: { sessionId: session.id, size, since: state.pendingStarts[type]?.since ?? Date.now() } } };
        });
        get().actions.openTab(session.id);
        return session;
      } catch (error) {
        get().actions.reportError('start', error, type);
        return null;
      } finally {
        set((state) => ({ pendingStarts: without(state.pendingStarts, type) }));
        // Slots changed either way; do not depend on an event having arrived.
        void get().actions.refresh(api);
      }
    },

    async stopSession(api, id) {
      if (get().pendingStops[id]) return;
      stoppedHere.add(id);
      set((state) => ({ pendingStops: { ...state.pendingStops, [id]: true } }));
      try {
        const session = await api.stopSession(id);
        upsertSessions([session]);
      } catch (error) {
        get().actions.reportError('stop', error, id);
      } finally {
        set((state) => ({
          pendingStops: without(state.pendingStops, id),
          selectedSessionId: state.selectedSessionId === id ? null : state.selectedSessionId,
          openTabs: state.openTabs.filter((tab) => tab !== id),
          thumbnails: without(state.thumbnails, id),
        }));
        void get().actions.refresh(api);
      }
    },

    async extendSession(api, id) {
      if (get().pendingExtends[id]) return;
      set((state) => ({
        pendingExtends: { ...state.pendingExtends, [id]: true },
        errors: state.errors.filter((error) => !(error.operation === 'extend' && error.subject === id)),
      }));
      try {
        upsertSessions([await api.extendSession(id)]);
      } catch (error) {
        get().actions.reportError('extend', error, id);
      } finally {
        set((state) => ({ pendingExtends: without(state.pendingExtends, id) }));
      }
    },

    async loadSettings(api) {
      try {
        set({ settings: await api.getSettings() });
      } catch (error) {
        console.warn('Session Deck: settings not loaded', error);
      }
    },
  };

  return { ...getInitialState(), actions };
});

/** Resets the data, keeping the actions (tests call this before each case). */
export const resetDeckStore = (): void => useDeckStore.setState(getInitialState());
