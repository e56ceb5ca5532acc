// The engine: the services of Session Deck wired together, with an explicit lifecycle. Electron's
// main process and the headless host are two thin composition roots around this one class.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionDeckMethods } from '../shared/api';
import type { DeckEvent, SessionInfo, SessionTypeInfo, StartRequest, ViewerAccess } from '../shared/session';
import { createBridge, type Bridge } from './bridge';
import { loadSessionTypes } from './config/session-types';
import { SessionRegistry } from './registry/session-registry';

export interface EngineOptions {
  /** The session-type file (the seed's JSON shape). */
  sessionsFile: string;
  /** Private state: per-session scratch directories and logs. Created 0700 if missing. */
  dataDir: string;
  /** The user sessions run for. */
  user: string;
  /** Environment handed to session processes (the engine never reads process.env itself). */
  env: NodeJS.ProcessEnv;
  /** Origins whose pages may open a viewer connection (the renderer's origin). */
  allowedOrigins: readonly string[];
  /** Accept viewer connections without an Origin header (non-browser clients, tests). */
  allowMissingOrigin?: boolean;
  /** Port of the viewer bridge on 127.0.0.1; 0 (default) picks a free one. */
  bridgePort?: number;
  startTimeoutMs?: number;
  stopGraceMs?: number;
}

export const DEFAULT_START_TIMEOUT_MS = 30_000;
export const DEFAULT_STOP_GRACE_MS = 5_000;

export class SessionDeckEngine implements SessionDeckMethods {
  private readonly registry: SessionRegistry;
  private readonly bridge: Bridge;
  private started = false;

  constructor(private readonly options: EngineOptions) {
    this.registry = new SessionRegistry({
      sessionsFile: options.sessionsFile,
      sessionsDir: join(options.dataDir, 'sessions'),
      user: options.user,
      env: options.env,
      startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      stopGraceMs: options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
    });
    this.bridge = createBridge({
      port: options.bridgePort ?? 0,
      allowedOrigins: options.allowedOrigins,
      allowMissingOrigin: options.allowMissingOrigin ?? false,
    });
    this.registry.viewerRevoker = (sessionId) => this.bridge.revokeSession(sessionId);
    this.bridge.onActivity((activity) => {
      if (activity.kind === 'viewer_connected' || activity.kind === 'viewer_disconnected') {
        this.registry.setViewerCount(activity.sessionId, activity.viewers);
      }
    });
  }

  /** Loads the sessions file and opens the bridge. Rejects (nothing left open) on a bad config. */
  async start(): Promise<void> {
    await mkdir(join(this.options.dataDir, 'sessions'), { recursive: true, mode: 0o700 });
    this.registry.setTypes(await loadSessionTypes(this.options.sessionsFile));
    await this.bridge.start();
    this.started = true;
  }

  /** Stops every session, then closes the bridge: the reverse of start(). */
  async close(): Promise<void> {
    await this.registry.close();
    if (this.started) await this.bridge.close();
    this.started = false;
  }

  get bridgePort(): number {
    return this.bridge.port;
  }

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

  async openViewer(id: string): Promise<ViewerAccess> {
    const target = this.registry.targetOf(id);
    const password = this.registry.passwordOf(id);
    const { url } = this.bridge.issueTicket(id, target);
    return { url, password };
  }
}
