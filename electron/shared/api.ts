// The one API contract. Electron IPC (preload) and the headless host's HTTP + Server-Sent Events
// are two transports of it; the renderer only ever sees these methods. Each method's arguments are
// schemas (validate.ts): the TypeScript parameter types are derived from them, and dispatch() checks
// every call against them before the implementation runs.
import type { Static, TSchema } from 'typebox';
import type { ApiErrorBody } from './errors';
import type { KioskState, KioskUnlockResult } from './kiosk';
import type { AuditRecord, HistoryEntry, MetricsRow, Page } from './journal';
import type { AboutInfo, ConfigStatus, DeckEvent, SecretInfo, SessionInfo, SessionThumbnail, SessionTypeInfo, ViewerAccess } from './session';
import type { Settings } from './settings';
import type { CreatedShare, ShareInfo } from './share';
import {
  AuditQuerySchema,
  ClipboardTextSchema,
  HistoryQuerySchema,
  KioskPinSchema,
  MetricsQuerySchema,
  SecretNameSchema,
  SecretValueSchema,
  SessionIdSchema,
  SessionLabelSchema,
  SettingsPatchSchema,
  ShareIdSchema,
  ShareRequestSchema,
  StartRequestSchema,
  UiMemorySchema,
  ViewerOptionsSchema,
} from './validate';
import type { StoredUiMemory } from './ui-memory';

interface MethodSpec {
  /** Schemas of the required arguments, in order. */
  readonly args: readonly TSchema[];
  /** Schemas of optional trailing arguments. */
  readonly optional?: readonly TSchema[];
}

function spec<const A extends readonly TSchema[]>(args: A): { args: A; optional: readonly [] };
function spec<const A extends readonly TSchema[], const O extends readonly TSchema[]>(args: A, optional: O): { args: A; optional: O };
function spec(args: readonly TSchema[], optional: readonly TSchema[] = []): MethodSpec {
  return { args, optional };
}

/** Every method, with the schemas of its arguments. */
export const CONTRACT = {
  listTypes: spec([]),
  listSessions: spec([]),
  getSession: spec([SessionIdSchema]),
  startSession: spec([StartRequestSchema]),
  stopSession: spec([SessionIdSchema]),
  renameSession: spec([SessionIdSchema, SessionLabelSchema]),
  openViewer: spec([SessionIdSchema], [ViewerOptionsSchema]),
  extendSession: spec([SessionIdSchema]),
  getThumbnail: spec([SessionIdSchema]),
  createShare: spec([SessionIdSchema, ShareRequestSchema]),
  listShares: spec([SessionIdSchema]),
  revokeShare: spec([SessionIdSchema, ShareIdSchema]),
  getSettings: spec([]),
  updateSettings: spec([SettingsPatchSchema]),
  getConfigStatus: spec([]),
  getAbout: spec([]),
  listSecrets: spec([]),
  setSecret: spec([SecretNameSchema, SecretValueSchema]),
  deleteSecret: spec([SecretNameSchema]),
  listHistory: spec([HistoryQuerySchema]),
  listAudit: spec([AuditQuerySchema]),
  getMetrics: spec([MetricsQuerySchema]),
  getKiosk: spec([]),
  restartKiosk: spec([]),
  openKioskViewer: spec([], [ViewerOptionsSchema]),
  unlockKiosk: spec([KioskPinSchema]),
  readClipboard: spec([]),
  writeClipboard: spec([ClipboardTextSchema]),
  loadUiMemory: spec([]),
  saveUiMemory: spec([UiMemorySchema]),
} as const satisfies Record<string, MethodSpec>;

/** What each method resolves to. Each rejects with an ApiError. */
export interface MethodResults {
  listTypes: SessionTypeInfo[];
  listSessions: SessionInfo[];
  getSession: SessionInfo;
  /** Resolves once the session is ready; rejects (at_capacity, unknown_type, start_failed, ...) otherwise. */
  startSession: SessionInfo;
  /** Resolves once the session has stopped. */
  stopSession: SessionInfo;
  /** Gives a session (running or not yet ended) a new label; '' removes it. */
  renameSession: SessionInfo;
  /** A fresh single-use viewer ticket for a running session (view-only on request). */
  openViewer: ViewerAccess;
  /**
   * Restarts the session's inactivity timer and moves its deadline to now + the maximum session
   * duration, never past 240 h (the setting's upper bound) after its start.
   */
  extendSession: SessionInfo;
  /** The latest picture of a running session's desktop (at least 200 px wide where the desktop is); null until one has arrived or once it has ended. */
  getThumbnail: SessionThumbnail | null;
  /** A view-only share link of a running session, for `minutes`; its key is in the URL's fragment, shown only now. */
  createShare: CreatedShare;
  /** The session's shares that still open, with their viewers now. */
  listShares: ShareInfo[];
  /** Ends the share and cuts its viewers off; answers the remaining shares. */
  revokeShare: ShareInfo[];
  getSettings: Settings;
  /** Validates every key (bad_request naming each problem) and applies them at once, without a restart. */
  updateSettings: Settings;
  getConfigStatus: ConfigStatus;
  /** Version, data directory and sessions file, for the About page. */
  getAbout: AboutInfo;
  /** Saved secrets (e.g. the password of an external VNC server), by name; values never come back. */
  listSecrets: SecretInfo[];
  /** Stores a secret encrypted (the OS keyring through Electron's safeStorage in the app). */
  setSecret: SecretInfo[];
  deleteSecret: SecretInfo[];
  listHistory: Page<HistoryEntry>;
  listAudit: Page<AuditRecord>;
  getMetrics: MetricsRow[];
  /** Kiosk mode only (else not_found): what the kiosk shows. */
  getKiosk: KioskState;
  /** A new kiosk session: after "prompt", for an idle reset (the running one ends first), or back from an administrator. */
  restartKiosk: KioskState;
  /** A viewer ticket for the kiosk's running session (view-only only where the profile allows it). */
  openKioskViewer: ViewerAccess;
  /** Checks the admin PIN (rate-limited, audited); a right one leaves kiosk mode. */
  unlockKiosk: KioskUnlockResult;
  /** The local clipboard's text (the app: the native clipboard; a browser: its own clipboard). */
  readClipboard: string;
  writeClipboard: void;
  /** What the window remembered (tabs, sizes, ...; see ui-memory.ts), or null: nothing yet, or unreadable. */
  loadUiMemory: StoredUiMemory | null;
  saveUiMemory: void;
}

type Statics<A extends readonly TSchema[]> = { -readonly [I in keyof A]: Static<A[I]> };
/** A method's parameters, derived from its argument schemas. */
export type ArgsOf<K extends keyof typeof CONTRACT> = [...Statics<(typeof CONTRACT)[K]['args']>, ...Partial<Statics<(typeof CONTRACT)[K]['optional']>>];

/** Every method of the contract. */
export type DeckMethods = { [K in keyof MethodResults]: (...args: ArgsOf<K>) => Promise<MethodResults[K]> };
export type MethodName = keyof DeckMethods;

/** Methods about the local desktop, answered next to the UI rather than by the engine. */
export const CLIPBOARD_METHODS = ['readClipboard', 'writeClipboard'] as const satisfies readonly MethodName[];
export type ClipboardMethodName = (typeof CLIPBOARD_METHODS)[number];
export type ClipboardMethods = Pick<DeckMethods, ClipboardMethodName>;

/** What the window remembers: kept beside the UI (electron-store in the app, local storage in a browser). */
export const UI_MEMORY_METHODS = ['loadUiMemory', 'saveUiMemory'] as const satisfies readonly MethodName[];
export type UiMemoryMethods = Pick<DeckMethods, (typeof UI_MEMORY_METHODS)[number]>;

/** Methods answered beside the UI, never by the engine. */
export const LOCAL_METHODS: readonly MethodName[] = [...CLIPBOARD_METHODS, ...UI_MEMORY_METHODS];
export type LocalMethodName = ClipboardMethodName | (typeof UI_MEMORY_METHODS)[number];
export type LocalMethods = Pick<DeckMethods, LocalMethodName>;

/** What the engine answers (over IPC and HTTP alike). */
export type SessionDeckMethods = Omit<DeckMethods, LocalMethodName>;
export type EngineMethodName = keyof SessionDeckMethods;

export interface SessionDeckApi extends SessionDeckMethods {
  /** Subscribes to changes; returns an unsubscribe that removes exactly this listener. */
  onEvent(listener: (event: DeckEvent) => void): () => void;
}

/** What the renderer works with: the engine's methods, events, the local clipboard and the window's memory. */
export type DeckClient = SessionDeckApi & LocalMethods;

/** Errors do not survive Electron's IPC or contextBridge with their code, so results travel wrapped. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

type Wrapped<F> = F extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<ApiResult<R>> : never;

/** What the preload exposes as `window.sessionDeck`: the same named methods, results wrapped. */
export type PreloadApi = { [K in MethodName]: Wrapped<DeckMethods[K]> } & {
  onEvent(listener: (event: DeckEvent) => void): () => void;
};

/** Every method name, for wrapping the methods in one loop. */
export const METHOD_NAMES = Object.keys(CONTRACT) as MethodName[];
export const ENGINE_METHOD_NAMES = METHOD_NAMES.filter((name): name is EngineMethodName => !LOCAL_METHODS.includes(name));

// The results table and the contract name the same methods (a compile error names the odd one).
type Unlisted = Exclude<keyof typeof CONTRACT, MethodName> | Exclude<MethodName, keyof typeof CONTRACT>;
const _sameMethods: Unlisted extends never ? true : Unlisted = true;
