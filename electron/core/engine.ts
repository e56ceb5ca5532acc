// The engine: the services of Session Deck wired together, with an explicit lifecycle. Electron's
// main process and the headless host are two thin composition roots around this one class. The
// registry tells what happens to sessions as events; the journal, the live-registry file, the
// bridge and the public event stream each subscribe here.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionDeckApi } from '../shared/api';
import type { AboutInfo, ConfigStatus, DeckEvent, SecretInfo, SessionInfo, SessionThumbnail, StartRequest, ViewerAccess, ViewerOptions } from '../shared/session';
import type { Settings } from '../shared/settings';
import type { KioskState, KioskUnlockResult } from '../shared/kiosk';
import { createBridge, type Bridge, type BridgeActivity } from './bridge';
import { SessionsFileService } from './config/sessions-file-service';
import { openDataDir, type DataDirLock } from './data-dir/open-data-dir';
import { DEFAULT_STOP_GRACE_MS, type EngineOptions } from './engine-options';
import { createJournal, RefusalAggregator } from './journal';
import type { AuditInput, Journal } from './journal/journal-api';
import { identify } from './process/process-identity';
import { CrashRecovery } from './recovery/crash-recovery';
import { systemClock, systemScheduler } from './registry/clock';
import { EventHub } from './registry/event-hub';
import { SessionRegistry } from './registry/session-registry';
import { timingFrom } from './registry/session-timers';
import { attachJournalWriter } from './registry/subscribers/journal-writer';
import { attachLiveRegistryWriter } from './registry/subscribers/live-registry-writer';
import { attachDesktopSizeTracker } from './registry/subscribers/desktop-size-tracker';
import { KioskMode } from './kiosk/kiosk-mode';
import { memorySecretStore } from './secrets/secret-store';
import { SecretsService } from './secrets/secrets-service';
import { memorySettingsStore, SettingsService } from './settings/settings-service';
import { attachThumbnails, ThumbnailService } from './thumbnails';
import { ShareService, type ShareAudit } from './shares/share-service';

type EngineAudit = Omit<AuditInput, 'user'>;

export class SessionDeckEngine implements SessionDeckApi {
  private readonly events: EventHub<DeckEvent>;
  private readonly registry: SessionRegistry;
  private readonly bridge: Bridge;
  private readonly thumbnails: ThumbnailService | null;
  private readonly settings: SettingsService;
  private readonly journal: Journal;
  private readonly sessionsFile: SessionsFileService;
  private readonly recovery: CrashRecovery;
  private readonly secrets: SecretsService;
  /** Share links; the host's share page trades their keys for view-only tickets here. */
  readonly shares: ShareService;
  private readonly log: (line: string) => void;
  private readonly stopGraceMs: number;
  private readonly kiosk: KioskMode;
  private started = false;
  private closing: Promise<void> | undefined;
  private dataDirLock: DataDirLock | undefined;
  private refusals: RefusalAggregator | undefined;

  constructor(private readonly options: EngineOptions) {
    const log = (this.log = options.log ?? (() => undefined));
    this.dataDirLock = options.dataDirLock;
    this.stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    this.events = new EventHub((error) => log(`an event listener failed: ${String(error)}`));
    this.settings = new SettingsService(options.settingsStore ?? memorySettingsStore(), log);
    this.secrets = new SecretsService(options.secretStore ?? memorySecretStore(), (record) => this.audit(record));
    this.journal = createJournal({ dir: join(options.dataDir, 'journal'), retentionDays: this.settings.get().retentionDays, hooks: options.hooks ?? [], log });
    this.recovery = new CrashRecovery({
      dataDir: options.dataDir,
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
      keepRemoteLeftover: (sessionId, record) => this.recovery.keepLeftover(sessionId, record),
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
    this.sessionsFile = new SessionsFileService({
      file: options.sessionsFile,
      invalidAtStart: options.invalidSessionsFile ?? 'refuse',
      apply: (types) => this.registry.applyConfig(types),
      onStatus: (config, applied) => {
        void this.events.emit({ kind: 'config', config });
        if (applied) this.emitTypes();
      },
      audit: (record) => this.audit(record),
      log,
    });
    this.kiosk = new KioskMode({
      profile: options.kiosk,
      sessions: this,
      audit: (kind, details, sessionId) => this.audit({ kind, details, ...(sessionId ? { sessionId } : {}) }),
      onState: (kiosk) => void this.events.emit({ kind: 'kiosk', kiosk }),
      clock: options.clock ?? systemClock,
      scheduler: options.scheduler ?? systemScheduler,
      log,
    });
    this.subscribe();
  }

  private subscribe(): void {
    const { registry } = this;
    attachJournalWriter({ events: registry.events, journal: this.journal, user: this.options.user, runningOfType: (type, host) => registry.runningOfType(type, host), now: Date.now, log: this.log });
    if (this.thumbnails) attachThumbnails({ events: registry.events, service: this.thumbnails, viewerTarget: (id) => registry.viewerTarget(id), log: this.log });
    attachDesktopSizeTracker({ events: registry.events, ownedTarget: (id) => registry.ownedServerOf(id), noteSize: (id, size) => registry.noteDesktopSize(id, size), log: this.log });
    attachLiveRegistryWriter({ events: registry.events, liveRecords: () => registry.liveRecords(), sink: this.recovery.liveRegistry, identify, log: this.log });
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
    registry.traffic.on((totals) => void this.events.emit({ kind: 'traffic', ...totals })); // byte counts only: no types event
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
    const types = await this.sessionsFile.load();
    await this.recovery.recover({ registry: this.registry, mode: this.settings.get().recoveryMode, sessionsDir, types });
    await this.bridge.start();
    this.sessionsFile.watch();
    this.registry.startSweeping();
    this.started = true;
    this.kiosk.start();
  }

  /** Stops every session, then closes the services in the reverse order of start(). Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // First, so that the sessions ended by closing are not started again.
      this.kiosk.close();
      this.sessionsFile.close();
      this.thumbnails?.close();
      this.shares.close();
      await this.registry.close();
      await this.recovery.close();
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
    return this.sessionsFile.reload();
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
  getConfigStatus = async (): Promise<ConfigStatus> => this.sessionsFile.status;

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

  getKiosk = async (): Promise<KioskState> => this.kiosk.state();
  restartKiosk = (): Promise<KioskState> => this.kiosk.restart();
  openKioskViewer = (options: ViewerOptions = {}): Promise<ViewerAccess> => this.kiosk.openViewer(options);
  unlockKiosk = (pin: string): Promise<KioskUnlockResult> => this.kiosk.unlock(pin);

  getThumbnail = async (id: string): Promise<SessionThumbnail | null> => {
    this.registry.getSession(id); // not_found for a session that never was
    return this.thumbnails?.served(id) ?? null;
  };

  setSecret = (name: string, value: string): Promise<SecretInfo[]> => this.secrets.set(name, value);
  deleteSecret = (name: string): Promise<SecretInfo[]> => this.secrets.delete(name);

  // --- wiring -------------------------------------------------------------------------------

  private emitTypes(): void {
    if (this.events.size > 0) void this.events.emit({ kind: 'types', types: this.registry.listTypes() });
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
