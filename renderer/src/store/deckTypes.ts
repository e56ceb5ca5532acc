// The store's shape in one place: each slice's state and actions, and what a slice is given.
// Behaviour lives in the slice files (serverSlice.ts, uiSlice.ts, ...); this file holds only types
// (and the list of views), so the slices and the factory import it instead of each other.
import type { StoreApi } from 'zustand/vanilla';
import type { SessionDeckApi } from '../../../electron/shared/api';
import type { ApiErrorCode } from '../../../electron/shared/errors';
import type { ConfigStatus, DeckEvent, SessionInfo, SessionTimer, SessionTypeInfo, ViewerAccess } from '../../../electron/shared/session';
import type { Settings } from '../../../electron/shared/settings';

export type LoadStatus = 'idle' | 'loading' | 'loaded' | 'error';

/** The top-level views of the window. */
export const DECK_VIEWS = ['sessions', 'history', 'audit', 'metrics', 'settings', 'about'] as const;
export type DeckView = (typeof DECK_VIEWS)[number];

/** How a desktop is fitted into its viewer: scaled to fit, 1:1 with scroll bars, or the remote resized. */
export const SCALE_MODES = ['fit', 'actual', 'remote'] as const;
export type ScaleMode = (typeof SCALE_MODES)[number];

/** The session list and types column: shown or hidden by the user, or `auto` (hidden beside a desktop in a narrow window). */
export const SIDEBAR_MODES = ['auto', 'open', 'closed'] as const;
export type SidebarMode = (typeof SIDEBAR_MODES)[number];

/** A start the user asked for that has not answered yet. At most one per type. */
export interface PendingStart {
  type: string;
  size: string;
  /** Epoch milliseconds. */
  since: number;
}

/** A started session on its way to the first frame. */
export interface Launch {
  sessionId: string;
  size: string;
  since: number;
}

export interface DeckError {
  /** Unique within a store, for keys and dismissal. */
  id: number;
  /** What the user was doing. */
  operation: 'load' | 'start' | 'stop' | 'viewer' | 'extend' | 'rename';
  code: ApiErrorCode;
  message: string;
  /** The error's machine-readable detail (which limit, the script's log tail, ...). */
  details?: Record<string, unknown>;
  /** The type or session it concerns, when there is one. */
  subject?: string;
}

/** What the engine told us: types, sessions, settings and the sessions file's state. */
export interface ServerState {
  status: LoadStatus;
  /** The last load could not reach the engine at all (the headless host is down or unreachable). */
  hostDown: boolean;
  /** The sessions file's state; `error` while it is broken. */
  config: ConfigStatus | null;
  settings: Settings | null;
  types: SessionTypeInfo[];
  /** Every session the API has told us about, by id (failed and terminated ones included). */
  sessions: Record<string, SessionInfo>;
  /**
   * A counter shared by reports and list requests, and the tick at which each session was last
   * reported: a list reply only drops sessions it could have known about.
   */
  syncTick: number;
  reportedAt: Record<string, number>;
}

export interface ServerActions {
  applyEvent(event: DeckEvent): void;
  /** Merges sessions from an event or a command's reply (newest revision wins). */
  upsertSessions(incoming: SessionInfo[]): void;
  /** Settings saved from this window. */
  setSettings(settings: Settings): void;
  /** Re-reads types, sessions and the sessions file's state, now. */
  refresh(): Promise<void>;
  /**
   * Asks for a refresh that is coalesced with others (one runs at a time, a burst adds one more)
   * and waits while a viewer of this window is signing in (see REFRESH_HOLD_MAX_MS).
   */
  requestRefresh(): void;
  loadSettings(): Promise<void>;
}

/** Where the user is: the view, the tabs, what is picked. */
export interface UiState {
  view: DeckView;
  /** The size picked per type; falls back to the type's first size. */
  selectedSizes: Record<string, string>;
  /** The session the viewer shows; null means the most recent running one. */
  selectedSessionId: string | null;
  /** Sessions with a viewer tab open (each keeps its connection while it is open), in tab order. */
  openTabs: string[];
  /** Sessions the user disconnected from: not opened again automatically. */
  disconnected: Record<string, true>;
  /** The scaling mode last chosen; every viewer opens with it. */
  scaleMode: ScaleMode;
  sidebar: SidebarMode;
  /** The desktop the user just opened or started: it takes the keyboard once it connects (restored tabs do not). */
  focusRequest: string | null;
  /** When each session was disconnected here (epoch ms): the viewer area says what happens to it next. */
  disconnectNotices: Record<string, number>;
}

export interface UiActions {
  selectSize(type: string, size: string): void;
  selectSession(id: string | null): void;
  setView(view: DeckView): void;
  /** Opens (or shows) the viewer tab of a session. */
  openTab(id: string): void;
  /** Keeps a desktop shown automatically as a tab of its own (without switching to it). */
  adoptTab(id: string): void;
  /** Closes a session's viewer tab: the connection ends, the session keeps running. */
  closeTab(id: string): void;
  setScaleMode(mode: ScaleMode): void;
  /** Shows or hides the sidebar (`shownNow`: whether it is shown at the moment, `auto` included). */
  toggleSidebar(shownNow: boolean): void;
  /** A viewer took the keyboard its user asked for: later connects of it do not take it again unasked. */
  consumeFocusRequest(id: string): boolean;
  dismissDisconnectNotice(id: string): void;
  /** Drops tabs and notes of sessions the engine no longer has (after a list that knows them all). */
  pruneTabs(): void;
}

/** What the mounted viewers report. */
export interface ViewerState {
  /** Small JPEG snapshots of connected viewers (data: URLs), by session id. */
  thumbnails: Record<string, string>;
  /** Where each mounted viewer is (ticket, connecting, first frame, ...), by session id. */
  viewerPhases: Record<string, ViewerPhase>;
  /** Starts that resolved and whose viewer has not shown its first frame yet, by type. */
  launches: Record<string, Launch>;
  /** Timer warnings the engine sent, by session id, until the timer moves (Extend) or the session ends. */
  warnings: Record<string, SessionTimer>;
  /** What Extend did, by session id, for a few seconds: the new deadline. */
  extended: Record<string, { at: number; timer?: SessionTimer; deadline?: number }>;
}

export interface ViewerActions {
  setThumbnail(id: string, dataUrl: string | null): void;
  /** A mounted viewer reports its phase (null when it is unmounted). */
  setViewerPhase(id: string, phase: ViewerPhase | null): void;
  /** A start resolved: follow its session until the viewer shows the first frame. */
  beginLaunch(type: string, launch: Launch): void;
  dismissExtended(id: string): void;
  /** A viewer of the session is about to mount: ask for its ticket now (see viewerTickets.ts). */
  prefetchViewerTicket(id: string): void;
  /** The ticket prefetched for the session's first connect, once (undefined if none is fresh). */
  takeViewerTicket(id: string): Promise<ViewerAccess> | undefined;
}

/** What went wrong, and what ended, until the user dismisses it. */
export interface NoticesState {
  errors: DeckError[];
  /** The id the next error gets. */
  nextErrorId: number;
  /** Failed sessions whose report the user has closed. */
  dismissedFailures: Record<string, true>;
  /** Running sessions that ended without the user stopping them (timeouts, server exit, ...), until dismissed. */
  endedNotices: Record<string, SessionInfo>;
}

export interface NoticesActions {
  reportError(operation: DeckError['operation'], error: unknown, subject?: string): void;
  /** Drops the errors of one operation (and subject, when given): a new attempt replaces their report. */
  clearErrors(operation: DeckError['operation'], subject?: string): void;
  dismissError(id: number): void;
  dismissFailure(sessionId: string): void;
  dismissNotice(id: string): void;
}

/** Commands in flight, and what this window asked for. */
export interface OperationsState {
  pendingStarts: Record<string, PendingStart>;
  /** Ids of sessions with a stop in flight. */
  pendingStops: Record<string, true>;
  /** Ids of sessions with an extend in flight. */
  pendingExtends: Record<string, true>;
  /** Sessions this window asked to stop: their end needs no explanation. */
  stoppedHere: Record<string, true>;
  /** Stops asked for that wait out their Undo period: when each really stops (epoch ms), by session id. */
  stopsScheduled: Record<string, number>;
}

export interface OperationsActions {
  startSession(type: string, size: string, label?: string): Promise<SessionInfo | null>;
  /** Stops now. */
  stopSession(id: string): Promise<void>;
  /** Stops after STOP_UNDO_MS unless undone. */
  scheduleStop(id: string): void;
  undoStop(id: string): void;
  extendSession(id: string): Promise<void>;
  /** Resolves true once renamed; a refusal is reported as an error of the session. */
  renameSession(id: string, label: string): Promise<boolean>;
}

export type DeckState = ServerState & UiState & ViewerState & NoticesState & OperationsState;
export type DeckActions = ServerActions & UiActions & ViewerActions & NoticesActions & OperationsActions;
/** Actions are grouped under one stable key, so a component can take them all without re-rendering. */
export type DeckStore = DeckState & { actions: DeckActions };
export type DeckStoreApi = StoreApi<DeckStore>;

/** What each slice's actions are built from: the store's own set/get and the API they call. */
export interface SliceContext {
  set: DeckStoreApi['setState'];
  get: DeckStoreApi['getState'];
  subscribe: DeckStoreApi['subscribe'];
  api: SessionDeckApi;
}

/** Where a viewer's connection stands, as the viewer and the session cards show it. */
export type ViewerPhase = 'ticket' | 'connecting' | 'first_frame' | 'connected' | 'retry_wait' | 'disconnected';
