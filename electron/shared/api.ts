// The one API contract (design.md, contract 1). Electron IPC (preload) and the headless host's
// HTTP + Server-Sent Events are two transports of it; the renderer only ever sees SessionDeckApi.
import type { ApiErrorBody } from './errors';
import type { AuditQuery, AuditRecord, HistoryEntry, HistoryQuery, MetricsQuery, MetricsRow, Page } from './journal';
import type { ConfigStatus, DeckEvent, SecretInfo, SessionInfo, SessionTypeInfo, StartRequest, ViewerAccess, ViewerOptions } from './session';
import type { Settings } from './settings';

/** Request/response methods. Each rejects with an ApiError. */
export interface SessionDeckMethods {
  listTypes(): Promise<SessionTypeInfo[]>;
  listSessions(): Promise<SessionInfo[]>;
  getSession(id: string): Promise<SessionInfo>;
  /** Resolves once the session is ready; rejects (at_capacity, unknown_type, start_failed, ...) otherwise. */
  startSession(request: StartRequest): Promise<SessionInfo>;
  /** Resolves once the session has stopped. */
  stopSession(id: string): Promise<SessionInfo>;
  /** A fresh single-use viewer ticket for a running session (view-only on request). */
  openViewer(id: string, options?: ViewerOptions): Promise<ViewerAccess>;
  /**
   * Restarts the session's inactivity timer and moves its deadline to now + the maximum session
   * duration, never past 240 h (the setting's upper bound) after its start.
   */
  extendSession(id: string): Promise<SessionInfo>;

  getSettings(): Promise<Settings>;
  /** Validates every key (bad_request naming each problem) and applies them at once, without a restart. */
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
  getConfigStatus(): Promise<ConfigStatus>;

  /** Saved secrets (e.g. the password of an external VNC server), by name; values never come back. */
  listSecrets(): Promise<SecretInfo[]>;
  /** Stores a secret encrypted (the OS keyring through Electron's safeStorage in the app). */
  setSecret(name: string, value: string): Promise<SecretInfo[]>;
  deleteSecret(name: string): Promise<SecretInfo[]>;

  listHistory(query: HistoryQuery): Promise<Page<HistoryEntry>>;
  listAudit(query: AuditQuery): Promise<Page<AuditRecord>>;
  getMetrics(query: MetricsQuery): Promise<MetricsRow[]>;
}

export type MethodName = keyof SessionDeckMethods;

export interface SessionDeckApi extends SessionDeckMethods {
  /** Subscribes to changes; returns an unsubscribe that removes exactly this listener. */
  onEvent(listener: (event: DeckEvent) => void): () => void;
}

/** Errors do not survive Electron's IPC or contextBridge with their code, so results travel wrapped. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

type Wrapped<F> = F extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<ApiResult<R>> : never;

/** What the preload exposes as `window.sessionDeck`: the same named methods, results wrapped. */
export type PreloadApi = { [K in MethodName]: Wrapped<SessionDeckMethods[K]> } & {
  onEvent(listener: (event: DeckEvent) => void): () => void;
};

/** The list of method names, for registering handlers in one loop. */
export const METHOD_NAMES = [
  'listTypes',
  'listSessions',
  'getSession',
  'startSession',
  'stopSession',
  'openViewer',
  'extendSession',
  'getSettings',
  'updateSettings',
  'getConfigStatus',
  'listSecrets',
  'setSecret',
  'deleteSecret',
  'listHistory',
  'listAudit',
  'getMetrics',
] as const satisfies readonly MethodName[];

// Every method of the contract is in METHOD_NAMES (a compile error names the one missing).
type Missing = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
const _allMethodsListed: Missing extends never ? true : Missing = true;
