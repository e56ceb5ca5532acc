// The engine: the services of Session Deck wired together, with an explicit lifecycle. Electron's
// main process and the headless host are two thin composition roots around this one class.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionDeckApi } from '../shared/api';
import type { AuditQuery, AuditRecord, HistoryEntry, HistoryQuery, MetricsQuery, MetricsRow, Page } from '../shared/journal';
import type { ConfigStatus, DeckEvent, SecretInfo, SessionInfo, SessionTypeInfo, StartRequest, ViewerAccess, ViewerOptions } from '../shared/session';
import type { Settings } from '../shared/settings';
import { createBridge, type Bridge, type BridgeActivity } from './bridge';
import { ConfigWatcher } from './config/config-watcher';
import { loadSessionTypes, type SessionTypeConfig } from './config/session-types';
import { createJournal, type HookConfig } from './journal';
import type { Journal } from './journal/journal-api';
import { LiveRegistryFile } from './recovery/live-registry-file';
import { recoverSessions } from './recovery/recover-sessions';
import { SessionRegistry } from './registry/session-registry';
import { timingFrom, type TimingOverrides } from './registry/session-timers';
import { memorySecretStore, type SecretStore } from './secrets/secret-store';
import { memorySettingsStore, SettingsService, type SettingsStore } from './settings/settings-service';

export interface EngineOptions {
  /** The session-type file (the seed's JSON shape). Watched: valid edits apply at once. */
  sessionsFile: string;
  /** Private state: per-session scratch directories, the journal. Created 0700 if missing. */
  dataDir: string;
  /** The user sessions run for, and the OS groups they are in (for options.group). */
  user: string;
  userGroups: readonly string[];
  /** Environment handed to session processes (the engine never reads process.env itself). */
  env: NodeJS.ProcessEnv;
  /** Origins whose pages may open a viewer connection (the renderer's origin). */
  allowedOrigins: readonly string[];
  /** Accept viewer connections without an Origin header (non-browser clients, tests). */
  allowMissingOrigin?: boolean;
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
  /** Diagnostics (never secrets). */
  log?: (line: string) => void;
}

export const DEFAULT_STOP_GRACE_MS = 5_000;

export class SessionDeckEngine implements SessionDeckApi {
  private readonly registry: SessionRegistry;
  private readonly bridge: Bridge;
  private readonly settings: SettingsService;
  private readonly journal: Journal;
  private readonly watcher: ConfigWatcher;
  private readonly liveRegistry: LiveRegistryFile;
  private readonly secrets: SecretStore;
  private readonly log: (line: string) => void;
  private config: ConfigStatus;
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: EngineOptions) {
    this.log = options.log ?? (() => undefined);
    this.config = { file: options.sessionsFile, loadedAt: 0 };
    this.settings = new SettingsService(options.settingsStore ?? memorySettingsStore(), this.log);
    this.secrets = options.secretStore ?? memorySecretStore();
    this.journal = createJournal({
      dir: join(options.dataDir, 'journal'),
      retentionDays: this.settings.get().retentionDays,
      hooks: options.hooks ?? [],
      log: this.log,
    });
    const timing = () => timingFrom(this.settings.get(), options.timing);
    this.liveRegistry = new LiveRegistryFile(join(options.dataDir, 'live-sessions.json'));
    this.registry = new SessionRegistry({
      persistence: this.liveRegistry,
      readSecret: (name) => this.secrets.get(name),
      sessionsFile: options.sessionsFile,
      sessionsDir: join(options.dataDir, 'sessions'),
      user: options.user,
      userGroups: options.userGroups,
      env: options.env,
      stopGraceMs: options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
      journal: this.journal,
      timing,
      userLimit: () => this.settings.get().userLimit,
      log: this.log,
    });
    this.bridge = createBridge({
      port: options.bridgePort ?? 0,
      allowedOrigins: options.allowedOrigins,
      allowMissingOrigin: options.allowMissingOrigin ?? false,
    });
    this.registry.viewerRevoker = (sessionId) => this.bridge.revokeSession(sessionId);
    this.bridge.onActivity((activity) => this.onBridgeActivity(activity));
    this.watcher = new ConfigWatcher({
      file: options.sessionsFile,
      onValid: (types) => void this.applyConfig(types, 'reloaded'),
      onInvalid: (message) => void this.configInvalid(message),
    });
    this.settings.onChange((settings, changes) => {
      this.journal.setRetentionDays(settings.retentionDays);
      this.registry.emit({ kind: 'settings', settings });
      this.registry.emitTypes();
      for (const change of changes) {
        void this.audit({ kind: 'settings_changed', details: { key: change.key, from: change.from, to: change.to } });
      }
    });
  }

  /** Loads settings, the journal and the sessions file, opens the bridge. A bad file rejects. */
  async start(): Promise<void> {
    await mkdir(join(this.options.dataDir, 'sessions'), { recursive: true, mode: 0o700 });
    await this.settings.start();
    this.journal.setRetentionDays(this.settings.get().retentionDays);
    await this.journal.start();
    await this.applyConfig(await loadSessionTypes(this.options.sessionsFile), 'loaded');
    await recoverSessions({
      file: this.liveRegistry,
      mode: this.settings.get().recoveryMode,
      registry: this.registry,
      sessionsDir: join(this.options.dataDir, 'sessions'),
      stopGraceMs: this.options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
      log: this.log,
    });
    await this.bridge.start();
    this.watcher.start();
    this.registry.startSweeping();
    this.started = true;
  }

  /** Stops every session, then closes the services in the reverse order of start(). Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.watcher.close();
      await this.registry.close();
      if (this.started) await this.bridge.close();
      await this.journal.close();
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

  // --- the contract -------------------------------------------------------------------------

  onEvent(listener: (event: DeckEvent) => void): () => void {
    return this.registry.onEvent(listener);
  }

  async listTypes(): Promise<SessionTypeInfo[]> {
    return this.registry.listTypes();
  }

  async listSessions(): Promise<SessionInfo[]> {
    return this.registry.listSessions();
  }

  async getSession(id: string): Promise<SessionInfo> {
    return this.registry.getSession(id);
  }

  startSession(request: StartRequest): Promise<SessionInfo> {
    return this.registry.startSession(request);
  }

  stopSession(id: string): Promise<SessionInfo> {
    return this.registry.stopSession(id);
  }

  async openViewer(id: string, options: ViewerOptions = {}): Promise<ViewerAccess> {
    const { target, password } = this.registry.viewerTarget(id);
    const viewOnly = options.viewOnly ?? false;
    const { url } = this.bridge.issueTicket(id, target, { viewOnly, shared: true });
    return { url, password, viewOnly };
  }

  async extendSession(id: string): Promise<SessionInfo> {
    return this.registry.extendSession(id);
  }

  async getSettings(): Promise<Settings> {
    return this.settings.get();
  }

  updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.settings.update(patch);
  }

  async getConfigStatus(): Promise<ConfigStatus> {
    return { ...this.config };
  }

  listSecrets(): Promise<SecretInfo[]> {
    return this.secrets.list();
  }

  async setSecret(name: string, value: string): Promise<SecretInfo[]> {
    await this.secrets.set(name, value);
    await this.audit({ kind: 'settings_changed', details: { key: 'secret', name, action: 'saved' } });
    return this.secrets.list();
  }

  async deleteSecret(name: string): Promise<SecretInfo[]> {
    await this.secrets.delete(name);
    await this.audit({ kind: 'settings_changed', details: { key: 'secret', name, action: 'deleted' } });
    return this.secrets.list();
  }

  listHistory(query: HistoryQuery): Promise<Page<HistoryEntry>> {
    return this.journal.listHistory(query);
  }

  listAudit(query: AuditQuery): Promise<Page<AuditRecord>> {
    return this.journal.listAudit(query);
  }

  getMetrics(query: MetricsQuery): Promise<MetricsRow[]> {
    return this.journal.getMetrics(query);
  }

  // --- wiring -------------------------------------------------------------------------------

  private async applyConfig(types: SessionTypeConfig[], how: 'loaded' | 'reloaded'): Promise<void> {
    const change = this.registry.applyConfig(types);
    this.config = { file: this.options.sessionsFile, loadedAt: Date.now() };
    this.registry.emit({ kind: 'config', config: { ...this.config } });
    if (how === 'reloaded') await this.audit({ kind: 'config_reloaded', details: { ...change } });
  }

  private async configInvalid(message: string): Promise<void> {
    this.log(`sessions file: ${message}; the last good configuration stays in use`);
    this.config = { ...this.config, error: message };
    this.registry.emit({ kind: 'config', config: { ...this.config } });
    await this.audit({ kind: 'config_invalid', details: { error: message } });
  }

  private onBridgeActivity(activity: BridgeActivity): void {
    switch (activity.kind) {
      case 'viewer_connected':
      case 'viewer_disconnected': {
        const connected = activity.kind === 'viewer_connected';
        this.registry.noteViewers(activity.sessionId, activity.viewers, connected);
        void this.audit({
          kind: activity.kind,
          sessionId: activity.sessionId,
          details: connected ? { viewOnly: activity.viewOnly, viewers: activity.viewers } : { code: activity.code, reason: activity.reason, viewers: activity.viewers },
        });
        return;
      }
      case 'input':
        this.registry.noteInput(activity.sessionId, activity.at);
        return;
      case 'traffic':
        this.registry.noteTraffic(activity.sessionId, activity.toViewer, activity.toTarget);
        return;
      case 'ticket_rejected':
        void this.audit({ kind: 'ticket_rejected', ...(activity.sessionId ? { sessionId: activity.sessionId } : {}), details: { reason: activity.reason } });
        return;
      default: {
        const unhandled: never = activity;
        this.log(`bridge: unknown activity ${JSON.stringify(unhandled)}`);
      }
    }
  }

  private async audit(input: Omit<Parameters<Journal['record']>[0], 'user'>): Promise<void> {
    try {
      // Records about a session name its type and slot too, whoever reports them.
      const session = input.sessionId !== undefined && input.type === undefined ? this.registry.findSession(input.sessionId) : undefined;
      const where = session ? { type: session.type, index: session.index } : {};
      await this.journal.record({ user: this.options.user, ...where, ...input });
    } catch (error) {
      this.log(`journal: cannot record ${input.kind}: ${(error as Error).message}`);
    }
  }
}
