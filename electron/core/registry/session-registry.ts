// The registry: session types and their slots, and the lifecycle of every session in them.
// A slot is reserved synchronously before anything is awaited, so concurrent starts never share
// an index; every end of a session goes through one idempotent path that frees the slot.
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { SessionService } from '../../../scripts/api';
import { ApiError } from '../../shared/errors';
import type { DeckEvent, SessionInfo, SessionState, SessionTypeInfo, SlotInfo, StartRequest, TerminationCause } from '../../shared/session';
import { isFinalState } from '../../shared/session';
import type { SessionTypeConfig } from '../config/session-types';
import { loadRealizeService } from '../script-host/load-script';
import { createSessionResources } from '../script-host/session-resources';
import { canTransition, type SessionRecord, type VncTarget } from './session-record';

export interface RegistryOptions {
  sessionsFile: string;
  /** Where each session's scratch directory is made. */
  sessionsDir: string;
  user: string;
  env: NodeJS.ProcessEnv;
  startTimeoutMs: number;
  stopGraceMs: number;
  /** How many ended sessions stay readable. */
  keepEnded?: number;
}

interface Slot {
  service?: SessionService;
  /** Where the script said its server listens (setHostPort), for the session now in the slot. */
  target?: VncTarget;
  sessionId?: string;
}

interface TypeEntry {
  config: SessionTypeConfig;
  slots: Slot[];
}

/** Why a start did not reach ready. */
class StartAbort extends Error {
  constructor(
    readonly endCause: TerminationCause,
    message: string,
  ) {
    super(message);
  }
}

const newSessionId = (): string => randomBytes(9).toString('base64url');

export class SessionRegistry {
  private readonly types = new Map<string, TypeEntry>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly listeners = new Set<(event: DeckEvent) => void>();
  private closing = false;

  constructor(private readonly options: RegistryOptions) {}

  setTypes(configs: readonly SessionTypeConfig[]): void {
    for (const config of configs) {
      const existing = this.types.get(config.name);
      const slots = Array.from({ length: config.count }, (_, i) => existing?.slots[i] ?? {});
      this.types.set(config.name, { config, slots });
    }
    this.emitTypes();
  }

  onEvent(listener: (event: DeckEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listTypes(): SessionTypeInfo[] {
    return [...this.types.values()].map(({ config, slots }) => ({
      name: config.name,
      script: config.script,
      count: config.count,
      sizes: [...config.sizes],
      slots: slots.map((slot, index): SlotInfo => {
        const session = slot.sessionId ? this.sessions.get(slot.sessionId) : undefined;
        return session ? { index, state: session.info.state, sessionId: session.info.id } : { index, state: 'free' };
      }),
    }));
  }

  listSessions(): SessionInfo[] {
    return [...this.sessions.values()].map((record) => ({ ...record.info })).sort((a, b) => b.createdAt - a.createdAt);
  }

  getSession(id: string): SessionInfo {
    return { ...this.record(id).info };
  }

  /** Where a running session's VNC server listens. */
  targetOf(id: string): VncTarget {
    const record = this.record(id);
    if (!record.target || !['ready', 'connected', 'idle'].includes(record.info.state)) {
      throw new ApiError('bad_request', `session ${id} is ${record.info.state}, not running`);
    }
    return record.target;
  }

  /** The VNC password of a running session, for its viewers. */
  passwordOf(id: string): string {
    const password = this.record(id).resources?.resources.password;
    if (!password) throw new ApiError('bad_request', `session ${id} has no password`);
    return password;
  }

  /** Starts a session in the lowest free slot; resolves once it is ready, rejects once it has failed. */
  async startSession(request: StartRequest): Promise<SessionInfo> {
    if (this.closing) throw new ApiError('at_capacity', 'Session Deck is shutting down');
    const type = this.types.get(request.type);
    if (!type) throw new ApiError('unknown_type', `unknown session type "${request.type}"`);
    if (!type.config.sizes.includes(request.size)) {
      throw new ApiError('bad_request', `size ${request.size} is not offered by "${type.config.name}" (${type.config.sizes.join(', ')})`);
    }
    const index = type.slots.findIndex((slot) => slot.sessionId === undefined);
    if (index < 0) {
      throw new ApiError('at_capacity', `At capacity: all ${type.config.count} slot(s) of "${type.config.name}" are in use`);
    }
    const slot = type.slots[index]!;
    const now = Date.now();
    const record: SessionRecord = {
      info: { id: newSessionId(), type: type.config.name, index, size: request.size, user: this.options.user, state: 'starting', createdAt: now, updatedAt: now, viewers: 0 },
      startCalled: false,
    };
    slot.sessionId = record.info.id; // reserved before the first await
    slot.target = undefined;
    this.sessions.set(record.info.id, record);
    this.emitSession(record);

    try {
      await this.runStart(type, slot, record);
    } catch (error) {
      const abort = error instanceof StartAbort ? error : new StartAbort('start_failed', (error as Error).message);
      const cause = record.stopRequested ?? abort.endCause;
      const ended = await this.end(record, cause, abort.message);
      if (record.stopRequested) return ended;
      throw new ApiError('start_failed', `${type.config.name}: ${abort.message}`);
    }
    record.target = slot.target;
    this.transition(record, 'ready');
    void record.resources!.serverExited.then((description) => this.end(record, 'server_exited', description));
    return { ...record.info };
  }

  private async runStart(type: TypeEntry, slot: Slot, record: SessionRecord): Promise<void> {
    const { config } = type;
    const { index } = record.info;
    if (!slot.service) {
      const realize = await loadRealizeService(config.script, dirname(this.options.sessionsFile));
      slot.service = realize({
        name: config.name,
        count: config.count,
        index,
        commonOptions: config.options,
        setHostPort: (host, port) => (slot.target = { host, port }),
      });
    }
    record.service = slot.service;
    const resources = await createSessionResources({
      id: record.info.id,
      sessionsDir: this.options.sessionsDir,
      env: this.options.env,
      stopGraceMs: this.options.stopGraceMs,
      waitTimeoutMs: this.options.startTimeoutMs,
    });
    record.resources = resources;
    resources.log.line(`session ${record.info.id}: ${config.name} slot ${index}, ${record.info.size}, user ${record.info.user}`);
    if (record.stopRequested) throw new StartAbort(record.stopRequested, 'stopped while starting');

    const [width, height] = record.info.size.split('x').map(Number) as [number, number];
    record.startCalled = true;
    let timer: NodeJS.Timeout | undefined;
    const outcomes: Promise<boolean>[] = [
      record.service.start(record.info.id, record.info.createdAt, { size: record.info.size, width, height, user: record.info.user, session: resources.resources }),
      resources.serverExited.then((description) => {
        throw new StartAbort('start_failed', `the server exited during start: ${description}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StartAbort('start_timeout', `no ready server within ${this.options.startTimeoutMs} ms`)), this.options.startTimeoutMs);
      }),
      new Promise<never>((_, reject) => {
        resources.resources.signal.addEventListener('abort', () => reject(new StartAbort(record.stopRequested ?? 'start_failed', 'start cancelled')));
      }),
    ];
    try {
      const ok = await Promise.race(outcomes);
      if (ok !== true) throw new StartAbort('start_failed', 'the script reported failure');
      if (!slot.target) throw new StartAbort('start_failed', 'the script never called setHostPort(host, port)');
    } finally {
      clearTimeout(timer);
      resources.abort('start finished');
    }
  }

  /** Stops a session (any non-final state); resolves once it has ended. */
  async stopSession(id: string, cause: TerminationCause = 'user_stopped'): Promise<SessionInfo> {
    const record = this.record(id);
    if (isFinalState(record.info.state)) return { ...record.info };
    if (record.info.state === 'starting' && !record.ending) {
      record.stopRequested = cause;
      record.resources?.abort('stop requested');
      // The start path sees the request and ends the session itself.
      return new Promise((resolve) => {
        const unsubscribe = this.onEvent((event) => {
          if (event.kind === 'session' && event.session.id === id && isFinalState(event.session.state)) {
            unsubscribe();
            resolve(event.session);
          }
        });
      });
    }
    return this.end(record, cause);
  }

  /** Viewer count changes from the bridge move a running session between connected and idle. */
  setViewerCount(id: string, viewers: number): void {
    const record = this.sessions.get(id);
    if (!record || isFinalState(record.info.state) || record.info.state === 'close_requested' || record.info.state === 'starting') return;
    record.info.viewers = viewers;
    this.transition(record, viewers > 0 ? 'connected' : 'idle');
  }

  /** Stops every session and refuses new ones. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.sessions.values()].map((record) => this.stopSession(record.info.id, 'manager_shutdown')));
  }

  /** The one way a session ends: stop() once, release what it owns, free the slot. */
  private end(record: SessionRecord, cause: TerminationCause, message?: string): Promise<SessionInfo> {
    record.ending ??= (async () => {
      // A start that did not succeed fails; anything else, a cancelled start included, closes.
      const failed = record.info.state === 'starting' && !record.stopRequested;
      if (!failed) this.transition(record, 'close_requested');
      this.viewerRevoker?.(record.info.id);
      if (record.startCalled && record.service) {
        try {
          await record.service.stop();
        } catch (error) {
          record.resources?.log.line(`stop() failed: ${(error as Error).message}`);
        }
      }
      const logTail = (await record.resources?.release()) ?? '';
      const slot = this.types.get(record.info.type)?.slots[record.info.index];
      if (slot?.sessionId === record.info.id) {
        slot.sessionId = undefined;
        slot.target = undefined;
      }
      record.info.cause = cause;
      record.info.endedAt = Date.now();
      record.info.viewers = 0;
      if (message) record.info.message = message;
      if (failed) record.info.logTail = logTail;
      this.transition(record, failed ? 'failed' : 'terminated');
      this.forgetOldEnded();
      return { ...record.info };
    })();
    return record.ending;
  }

  /** Set by the engine: closes a session's viewer connections when it ends. */
  viewerRevoker?: (sessionId: string) => void;

  private transition(record: SessionRecord, state: SessionState): void {
    if (!canTransition(record.info.state, state)) {
      throw new Error(`session ${record.info.id}: no transition ${record.info.state} -> ${state}`);
    }
    if (record.info.state === state) return;
    record.info.state = state;
    record.info.updatedAt = Date.now();
    this.emitSession(record);
  }

  private forgetOldEnded(): void {
    const ended = [...this.sessions.values()].filter((r) => isFinalState(r.info.state));
    const excess = ended.length - (this.options.keepEnded ?? 200);
    for (const record of ended.sort((a, b) => a.info.updatedAt - b.info.updatedAt).slice(0, Math.max(0, excess))) {
      this.sessions.delete(record.info.id);
    }
  }

  private record(id: string): SessionRecord {
    const record = this.sessions.get(id);
    if (!record) throw new ApiError('not_found', `no session ${id}`);
    return record;
  }

  private emitSession(record: SessionRecord): void {
    this.emit({ kind: 'session', session: { ...record.info } });
    this.emitTypes();
  }

  private emitTypes(): void {
    if (this.listeners.size > 0) this.emit({ kind: 'types', types: this.listTypes() });
  }

  private emit(event: DeckEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not break the session lifecycle.
      }
    }
  }
}
