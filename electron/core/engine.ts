// The engine: the services of Session Deck wired together, with an explicit lifecycle. Electron's
// main process and the headless host are two thin composition roots around this one class. The
// registry tells what happens to sessions as events; the journal, the live-registry file, the
// bridge and the public event stream each subscribe here.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionDeckApi } from '../shared/api';
import type { AboutInfo, ConfigStatus, DeckEvent, SecretInfo, SessionInfo, SessionThumbnail, StartRequest, ViewerAccess, ViewerOptions } from '../shared/session';
import type { Settings } from '../shared/settings';
import type { KioskProfile, KioskState, KioskUnlockResult } from '../shared/kiosk';
import { ApiError } from '../shared/errors';
import { createBridge, type Bridge, type BridgeActivity } from './bridge';
import { ConfigWatcher } from './config/config-watcher';
import { openDataDir, type DataDirLock } from './data-dir/open-data-dir';
import { ConfigError, loadSessionTypes, type SessionTypeConfig } from './config/session-types';
import { createJournal, RefusalAggregator, type HookConfig } from './journal';
import type { AuditInput, Journal } from './journal/journal-api';
import { identify } from './process/process-identity';
import { LiveRegistryFile } from './recovery/live-registry-file';
import { recoverSessions } from './recovery/recover-sessions';
import { RemoteLeftovers } from './recovery/remote-leftovers';
import { systemClock, systemScheduler, type Clock, type Scheduler } from './registry/clock';
import { EventHub } from './registry/event-hub';
import { SessionRegistry } from './registry/session-registry';
import { timingFrom, type TimingOverrides } from './registry/session-timers';
import { attachJournalWriter } from './registry/subscribers/journal-writer';
import { attachLiveRegistryWriter } from './registry/subscribers/live-registry-writer';
import { attachDesktopSizeTracker } from './registry/subscribers/desktop-size-tracker';
import { KioskSupervisor } from './kiosk/kiosk-supervisor';
import { memorySecretStore, type SecretStore } from './secrets/secret-store';
import { memorySettingsStore, SettingsService, type SettingsStore } from './settings/settings-service';
import { attachThumbnails, ThumbnailService, type ThumbnailServiceOptions } from './thumbnails';
import { ShareService, type ShareAudit } from './shares/share-service';

export interface EngineOptions {
  /** The session-type file. Watched: valid edits apply at once. */
  sessionsFile: string;
  /** Private state: per-session scratch directories, the journal. Created 0700 if missing. */
  dataDir: string;
  /** The data directory as the caller already opened it (checked and locked); else start() does. Released by close(). */
  dataDirLock?: DataDirLock;
  /** The user sessions run for, and the OS groups they are in (for options.group). */
  user: string;
  userGroups: readonly string[];
  /** Environment handed to session processes (the engine never reads process.env itself). */
  env: NodeJS.ProcessEnv;
  /** Origins whose pages may open a viewer connection (the renderer's origin). */
  allowedOrigins: readonly string[];
  /** Accept viewer connections without an Origin header (non-browser clients, tests). */
  allowMissingOrigin?: boolean;
  /**
   * The origin of the host page that opens share links (`/share/<id>`), started on the first share
   * (the app runs one only then); without it, sharing answers not_supported.
   */
  shareOrigin?: () => Promise<string>;
  /** Port of the viewer bridge on 127.0.0.1; 0 (default) picks a free one. */
  bridgePort?: number;
  /** Where settings persist (default: memory only). */
  settingsStore?: SettingsStore;
  /** Where saved secrets are kept, encrypted (default: memory only). */
  secretStore?: SecretStore;
  /** Commands run on audit events. */
  hooks?: HookConfig[];
  /** Shorter durations for tests; they win over the user-facing settings. */
  timing?: TimingOverrides;
  stopGraceMs?: number;
  /** How often what sessions left on unreachable hosts is tried again (default a minute). */
  remoteCleanupRetryMs?: number;
  /** Fake time for lifecycle tests. */
  clock?: Clock;
  scheduler?: Scheduler;
  /**
   * A sessions file that is invalid at start: 'refuse' (default) rejects start(); 'start_without_types'
   * starts with no types and the error in the config status, as after a broken edit, until it is fixed.
   */
  invalidSessionsFile?: 'refuse' | 'start_without_types';
  /** Kiosk mode: the profile whose session the engine keeps going (getKiosk and the other kiosk methods). */
  kiosk?: KioskProfile & { pinHash?: string };
  /** Thumbnails of running sessions (interval, width); false takes none. */
  thumbnails?: ThumbnailServiceOptions | false;
  /** Diagnostics (never secrets). */
  log?: (line: string) => void;
  /** Session Deck's version, for the About page. */
  version?: string;
}

export const DEFAULT_STOP_GRACE_MS = 5_000;

type EngineAudit = Omit<AuditInput, 'user'>;

export class SessionDeckEngine implements SessionDeckApi {
  private readonly events: EventHub<DeckEvent>;
  private readonly registry: SessionRegistry;
  private readonly bridge: Bridge;
  private readonly thumbnails: ThumbnailService | null;
  private readonly settings: SettingsService;
  private readonly journal: Journal;
  private readonly watcher: ConfigWatcher;
  private readonly liveRegistry: LiveRegistryFile;
  private readonly remoteLeftovers: RemoteLeftovers;
  private readonly secrets: SecretStore;
  /** Share links; the host's share page trades their keys for view-only tickets here. */
  readonly shares: ShareService;
  private readonly log: (line: string) => void;
  private readonly stopGraceMs: number;
  private config: ConfigStatus;
  private started = false;
  private closing: Promise<void> | undefined;
  private dataDirLock: DataDirLock | undefined;
  private refusals: RefusalAggregator | undefined;
  private kiosk: KioskSupervisor | undefined;

  constructor(private readonly options: EngineOptions) {
    const log = (this.log = options.log ?? (() => undefined));
    this.dataDirLock = options.dataDirLock;
    this.stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    this.events = new EventHub((error) => log(`an event listener failed: ${String(error)}`));
    this.config = { file: options.sessionsFile, loadedAt: 0 };
    this.settings = new SettingsService(options.settingsStore ?? memorySettingsStore(), log);
    this.secrets = options.secretStore ?? memorySecretStore();
    this.journal = createJournal({ dir: join(options.dataDir, 'journal'), retentionDays: this.settings.get().retentionDays, hooks: options.hooks ?? [], log });
    this.liveRegistry = new LiveRegistryFile(join(options.dataDir, 'live-sessions.json'));
    this.remoteLeftovers = new RemoteLeftovers({
      path: join(options.dataDir, 'remote-leftovers.json'),
      env: options.env,
      stopGraceMs: this.stopGraceMs,
      log,
      ...(options.remoteCleanupRetryMs !== undefined ? { retryIntervalMs: options.remoteCleanupRetryMs } : {}),
    });
    this.registry = new SessionRegistry({
      readSecret: (name) => this.secrets.get(name),
      sessionsFile: options.sessionsFile,
      sessionsDir: join(options.dataDir, 'sessions'),
      user: options.user,
      userGroups: options.userGroups,
      env: options.env,
      stopGraceMs: this.stopGraceMs,
      timing: () => timingFrom(this.settings.get(), options.timing),
      userLimit: () => this.settings.get().userLimit,
      log,
      onSlotsChanged: () => this.emitTypes(),
      keepRemoteLeftover: (sessionId, record) => void this.remoteLeftovers.keep(sessionId, record),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    });
    this.thumbnails = options.thumbnails === false ? null : new ThumbnailService({ log, ...options.thumbnails });
    this.bridge = createBridge({ port: options.bridgePort ?? 0, allowedOrigins: options.allowedOrigins, allowMissingOrigin: options.allowMissingOrigin ?? false });
    this.shares = new ShareService({
      bridge: this.bridge,
      viewerTarget: (id) => this.registry.viewerTarget(id),
      sessionType: (id) => this.registry.getSession(id).type,
      ...(options.shareOrigin ? { shareOrigin: options.shareOrigin } : {}),
      audit: (record) => this.recordAudit(record),
      onChange: (sessionId, shares) => void this.events.emit({ kind: 'shares', sessionId, shares }),
      clock: options.clock ?? systemClock,
      scheduler: options.scheduler ?? systemScheduler,
      log,
    });
    this.watcher = new ConfigWatcher({
      file: options.sessionsFile,
      onValid: (types) => void this.applyConfig(types, 'reloaded'),
      onInvalid: (message) => void this.configInvalid(message),
    });
    this.subscribe();
  }

  private subscribe(): void {
    const { registry } = this;
    attachJournalWriter({ events: registry.events, journal: this.journal, user: this.options.user, runningOfType: (type, host) => registry.runningOfType(type, host), now: Date.now, log: this.log });
    if (this.thumbnails) attachThumbnails({ events: registry.events, service: this.thumbnails, viewerTarget: (id) => registry.viewerTarget(id), log: this.log });
    attachDesktopSizeTracker({ events: registry.events, ownedTarget: (id) => registry.ownedServerOf(id), noteSize: (id, size) => registry.noteDesktopSize(id, size), log: this.log });
    attachLiveRegistryWriter({ events: registry.events, liveRecords: () => registry.liveRecords(), sink: this.liveRegistry, identify, log: this.log });
    registry.events.on((event) => {
      if (event.kind === 'refused' || event.kind === 'processes') return;
      if (event.kind === 'ending') {
        this.bridge.revokeSession(event.session.id); // its viewers learn that the session ended
        this.shares.sessionEnded(event.session.id);
      }
      if (event.kind === 'warning') void this.events.emit({ kind: 'warning', sessionId: event.session.id, timer: event.timer });
      else void this.events.emit({ kind: 'session', session: event.session });
      this.emitTypes();
    });
    this.bridge.onActivity((activity) => this.onBridgeActivity(activity));
    this.settings.onChange((settings, changes) => {
      this.journal.setRetentionDays(settings.retentionDays);
      void this.events.emit({ kind: 'settings', settings });
      this.emitTypes();
      for (const { key, from, to } of changes) void this.audit({ kind: 'settings_changed', details: { key, from, to } });
    });
  }

  /** Loads settings, the journal and the sessions file, opens the bridge. A bad file rejects. */
  async start(): Promise<void> {
    // Before anything is read or written there: ours, private, and no other Session Deck in it.
    this.dataDirLock ??= await openDataDir(this.options.dataDir, { log: this.log });
    const sessionsDir = join(this.options.dataDir, 'sessions');
    await mkdir(sessionsDir, { recursive: true, mode: 0o700 });
    await this.settings.start();
    this.journal.setRetentionDays(this.settings.get().retentionDays);
    await this.journal.start();
    let types: SessionTypeConfig[] = [];
    let invalid: string | undefined;
    try {
      types = await loadSessionTypes(this.options.sessionsFile);
    } catch (error) {
      if (!(error instanceof ConfigError) || this.options.invalidSessionsFile !== 'start_without_types') throw error;
      invalid = error.message;
    }
    await this.applyConfig(types, 'loaded');
    if (invalid !== undefined) await this.configInvalid(invalid);
    const mode = this.settings.get().recoveryMode;
    await this.remoteLeftovers.load();
    await recoverSessions({ file: this.liveRegistry, mode, registry: this.registry, sessionsDir, stopGraceMs: this.stopGraceMs, env: this.options.env, leftovers: this.remoteLeftovers,
      typeConfig: (name) => types.find((type) => type.name === name),
      log: this.log,
    });
    // What earlier sessions left on hosts that were unreachable: tried now, in the background, and then again.
    this.remoteLeftovers.start();
    await this.bridge.start();
    this.watcher.start();
    this.registry.startSweeping();
    this.started = true;
    this.startKiosk();
  }

  /** Stops every session, then closes the services in the reverse order of start(). Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // First, so that the sessions ended by closing are not started again.
      this.kiosk?.close();
      this.watcher.close();
      this.thumbnails?.close();
      this.shares.close();
      await this.registry.close();
      await this.remoteLeftovers.close();
      if (this.started) await this.bridge.close();
      await this.refusals?.flush();
      await this.journal.close();
      await this.dataDirLock?.release();
      this.started = false;
    })();
    return this.closing;
  }

  get bridgePort(): number {
    return this.bridge.port;
  }

  /** Re-reads the sessions file now (the watcher does this on every change). */
  reloadConfig(): Promise<void> {
    return this.watcher.reload();
  }

  // --- the contract: each method is the service that owns it --------------------------------

  onEvent = (listener: (event: DeckEvent) => void): (() => void) => this.events.on(listener);
  listTypes = async () => this.registry.listTypes();
  listSessions = async () => this.registry.listSessions();
  getSession = async (id: string) => this.registry.getSession(id);
  startSession = (request: StartRequest) => this.registry.startSession(request);
  stopSession = (id: string): Promise<SessionInfo> => this.registry.stopSession(id);
  extendSession = async (id: string) => this.registry.extendSession(id);
  createShare: SessionDeckApi['createShare'] = (id, { minutes }) => this.shares.create(id, minutes);
  listShares: SessionDeckApi['listShares'] = async (id) => this.shares.list(id);
  revokeShare: SessionDeckApi['revokeShare'] = (id, shareId) => this.shares.revoke(id, shareId);
  renameSession = async (id: string, label: string) => this.registry.renameSession(id, label);
  getSettings = async (): Promise<Settings> => this.settings.get();
  updateSettings = (patch: Partial<Settings>) => this.settings.update(patch);
  getConfigStatus = async (): Promise<ConfigStatus> => ({ ...this.config });

  getAbout = async (): Promise<AboutInfo> => ({
    version: this.options.version ?? 'unknown',
    dataDir: this.options.dataDir,
    sessionsFile: this.options.sessionsFile,
    user: this.options.user,
  });
  listSecrets = (): Promise<SecretInfo[]> => this.secrets.list();
  listHistory: SessionDeckApi['listHistory'] = (query) => this.journal.listHistory(query);
  listAudit: SessionDeckApi['listAudit'] = (query) => this.journal.listAudit(query);
  getMetrics: SessionDeckApi['getMetrics'] = (query) => this.journal.getMetrics(query);

  openViewer = async (id: string, options: ViewerOptions = {}): Promise<ViewerAccess> => {
    const { target, password } = this.registry.viewerTarget(id);
    const viewOnly = options.viewOnly ?? false;
    // The password stays with the bridge, which authenticates with the server itself, and starts
    // doing so now: by the time the viewer's WebSocket is open, the bridge is signed in. The viewer
    // is the app's noVNC, which answers RFB 3.8, so the bridge's side of its handshake goes at once.
    const { url } = this.bridge.issueTicket(id, target, { viewOnly, shared: true, password, preconnect: true, eagerHandshake: true });
    return { url, viewOnly };
  };

  getKiosk = async (): Promise<KioskState> => this.kioskSupervisor().state;
  restartKiosk = (): Promise<KioskState> => this.kioskSupervisor().restart(this.kioskSupervisor().state.phase === 'running' ? 'idle' : 'prompt');
  openKioskViewer = (options: ViewerOptions = {}): Promise<ViewerAccess> => this.kioskSupervisor().openViewer(options);
  unlockKiosk = (pin: string): Promise<KioskUnlockResult> => this.kioskSupervisor().unlock(pin);

  getThumbnail = async (id: string): Promise<SessionThumbnail | null> => {
    this.registry.getSession(id); // not_found for a session that never was
    return this.thumbnails?.served(id) ?? null;
  };

  setSecret = async (name: string, value: string): Promise<SecretInfo[]> => {
    await this.secrets.set(name, value);
    await this.audit({ kind: 'settings_changed', details: { key: 'secret', name, action: 'saved' } });
    return this.secrets.list();
  };

  deleteSecret = async (name: string): Promise<SecretInfo[]> => {
    await this.secrets.delete(name);
    await this.audit({ kind: 'settings_changed', details: { key: 'secret', name, action: 'deleted' } });
    return this.secrets.list();
  };

  // --- wiring -------------------------------------------------------------------------------

  private kioskSupervisor(): KioskSupervisor {
    if (!this.kiosk) throw new ApiError('not_found', 'Session Deck is not in kiosk mode');
    return this.kiosk;
  }

  private startKiosk(): void {
    const profile = this.options.kiosk;
    if (!profile) return;
    this.kiosk = new KioskSupervisor({
      profile,
      sessions: this,
      audit: (kind, details, sessionId) => this.audit({ kind, details, ...(sessionId ? { sessionId } : {}) }),
      onState: (kiosk) => void this.events.emit({ kind: 'kiosk', kiosk }),
      clock: this.options.clock ?? systemClock,
      scheduler: this.options.scheduler ?? systemScheduler,
      log: this.log,
    });
    this.kiosk.start();
  }

  private emitTypes(): void {
    if (this.events.size > 0) void this.events.emit({ kind: 'types', types: this.registry.listTypes() });
  }

  private async applyConfig(types: SessionTypeConfig[], how: 'loaded' | 'reloaded'): Promise<void> {
    const change = this.registry.applyConfig(types);
    this.config = { file: this.options.sessionsFile, loadedAt: Date.now() };
    void this.events.emit({ kind: 'config', config: { ...this.config } });
    this.emitTypes();
    if (how === 'reloaded') await this.audit({ kind: 'config_reloaded', details: { ...change } });
  }

  private async configInvalid(message: string): Promise<void> {
    this.log(`sessions file: ${message}; the last good configuration stays in use`);
    this.config = { ...this.config, error: message };
    void this.events.emit({ kind: 'config', config: { ...this.config } });
    await this.audit({ kind: 'config_invalid', details: { error: message } });
  }

  private onBridgeActivity(activity: BridgeActivity): void {
    switch (activity.kind) {
      case 'viewer_connected':
      case 'viewer_disconnected': {
        const connected = activity.kind === 'viewer_connected';
        this.registry.noteViewers(activity.sessionId, activity.viewers, connected);
        this.shares.viewersChanged(activity.sessionId);
        const details = connected ? { viewOnly: activity.viewOnly, viewers: activity.viewers } : { code: activity.code, reason: activity.reason, viewers: activity.viewers };
        void this.audit({ kind: activity.kind, sessionId: activity.sessionId, details });
        return;
      }
      case 'input':
        return this.registry.noteInput(activity.sessionId, activity.at);
      case 'traffic':
        return this.registry.noteTraffic(activity.sessionId, activity.toViewer, activity.toTarget);
      case 'ticket_rejected': {
        // One record per minute, reason and session, with a count: a flood of refusals must not flood the journal.
        const clock = this.options.clock ?? systemClock;
        const scheduler = this.options.scheduler ?? systemScheduler;
        this.refusals ??= new RefusalAggregator({ time: { now: () => clock.now(), after: (ms, run) => scheduler.after(ms, run) }, write: (record) => this.audit(record) });
        this.refusals.note(activity.sessionId, activity.reason);
        return;
      }
      default: {
        const unhandled: never = activity;
        this.log(`bridge: unknown activity ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /** Records about a session name its type and slot too, whoever reports them. */
  private async audit(input: EngineAudit): Promise<void> {
    await this.recordAudit(input).catch((error: Error) => this.log(`journal: cannot record ${input.kind}: ${error.message}`));
  }

  /** As audit(), but rejects when the record cannot be written (for what must not happen unrecorded). */
  private async recordAudit(input: EngineAudit | ShareAudit): Promise<void> {
    const session = input.sessionId !== undefined && !('type' in input && input.type !== undefined) ? this.registry.findSession(input.sessionId) : undefined;
    const where = session ? { type: session.type, index: session.index } : {};
    await this.journal.record({ user: this.options.user, ...where, ...input });
  }
}
